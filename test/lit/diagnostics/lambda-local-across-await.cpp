// A local of lambda type that lives across an await cannot be named in the frame.
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>


ASYNC async::Task<int> F() {
  // CHECK: {{.*}}lambda-local-across-await.cpp:[[@LINE+1]]:8: error: local 'f' lives across co_await but its type cannot be named in the state machine: it is the type of a lambda expression
  auto f = [] { return 1; };
  co_await async::Yield();
  co_return f();
}
