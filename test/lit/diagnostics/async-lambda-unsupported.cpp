// An ASYNC lambda that is not lowered yet: one inside an ASYNC function
// (its closure, a local across co_await, would need a type the machine can
// name).
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>

ASYNC async::Task<int> Outer() {
  // CHECK: {{.*}}async-lambda-unsupported.cpp:[[@LINE+1]]:12: error: an ASYNC lambda inside an ASYNC function is not supported yet
  auto f = [](int x) ASYNC -> async::Task<int> {
    co_await async::Yield();
    co_return x;
  };
  co_return co_await f(1);
}
