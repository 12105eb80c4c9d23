// ASYNC lambdas are not lowered yet.
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>


async::Task<int> Use() {
  // CHECK: {{.*}}async-lambda.cpp:[[@LINE+1]]:{{[0-9]+}}: error: ASYNC lambdas are not supported yet
  auto f = [](int x) ASYNC -> async::Task<int> {
    co_await async::Yield();
    co_return x;
  };
  return f(1);
}
