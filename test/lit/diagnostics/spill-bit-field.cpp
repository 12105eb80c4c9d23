// The result of a conditional with co_await in a branch is kept by address;
// a bit-field has none.
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out
#include <async/async.h>
struct Flags { unsigned ready : 1; unsigned done : 1; };
ASYNC async::Task<unsigned> F(Flags f, bool c) {
  // CHECK: {{.*}}spill-bit-field.cpp:[[@LINE+1]]:16: error: a conditional whose result is a bit-field, with co_await in a branch, is not supported; assign in each branch instead
  unsigned v = c ? f.ready : (f.done = co_await async::FromResult(1u));
  co_return v;
}
