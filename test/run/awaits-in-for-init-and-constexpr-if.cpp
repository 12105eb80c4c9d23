// co_await in the expression init-statement of a for loop (evaluated once,
// before the loop, as an if's is), and in the branches of `if constexpr`
// outside a template (resuming jumps into the branch, which C++17 allows
// only into a plain if; outside a template both branches compile anyway).
// RUN: %run3 %s | %FileCheck %s
// CHECK: get 2
// CHECK-NEXT: get 0
// CHECK-NEXT: sum 21
// CHECK-NEXT: get 5
// CHECK-NEXT: wide 6
#include <async/async.h>

#include <cstdio>

ASYNC async::Task<int> Get(int v) {
  std::printf("get %d\n", v);
  co_await async::Yield();
  co_return v;
}

constexpr bool kWide = sizeof(long) >= sizeof(int);

ASYNC async::Task<int> ForInit() {
  int x, sum = 0;
  for (x = co_await Get(2); x < 5; ++x)
    sum += x;
  for (co_await Get(0); sum < 20;)
    sum += 6;
  std::printf("sum %d\n", sum);
  if constexpr (kWide) {
    int w = co_await Get(5);
    std::printf("wide %d\n", w + 1);
  } else {
    co_await Get(-1);
  }
  co_return sum;
}

int main() { return async::AsyncContext::Run([] { return ForInit(); }) == 21 ? 0 : 1; }
