// A reference local that lives across an await and extends the lifetime of
// a temporary of another type (a derived class) is refused.
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>

struct Base { virtual ~Base() = default; };
struct Derived : Base {};

ASYNC async::Task<int> F() {
  // CHECK: {{.*}}reference-extends-other-type.cpp:[[@LINE+1]]:15: error: reference local 'b' extends the lifetime of a temporary of another type; this is not supported yet
  const Base& b = Derived();
  co_await async::Yield();
  co_return sizeof(b);
}
