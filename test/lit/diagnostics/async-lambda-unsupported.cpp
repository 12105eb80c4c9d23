// ASYNC lambdas that are not lowered yet: generic ones, and one inside an
// ASYNC function.
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>

async::Task<int> Generic() {
  // CHECK: {{.*}}async-lambda-unsupported.cpp:[[@LINE+1]]:12: error: generic ASYNC lambdas are not supported yet
  auto f = [](auto x) ASYNC -> async::Task<int> {
    co_await async::Yield();
    co_return x;
  };
  return f(1);
}

ASYNC async::Task<int> Outer() {
  // CHECK: {{.*}}async-lambda-unsupported.cpp:[[@LINE+1]]:12: error: an ASYNC lambda inside an ASYNC function is not supported yet
  auto f = [](int x) ASYNC -> async::Task<int> {
    co_await async::Yield();
    co_return x;
  };
  co_return co_await f(1);
}
