// Awaits inside if/else, while and for bodies, with break and continue.
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <cstdio>

ASYNC async::Task<int> NextAsync(int x) {
  co_await async::Yield();
  co_return x + 1;
}

ASYNC async::Task<int> ClassifyAsync(int x) {
  int result = 0;
  if (x % 2 == 0) {
    result = co_await NextAsync(x * 10);
    std::printf("even %d -> %d\n", x, result);
  } else {
    result = co_await async::FromResult(-x);
    std::printf("odd %d -> %d\n", x, result);
  }
  co_return result;
}

ASYNC async::Task<int> MainAsync() {
  int sum = 0;
  for (int i = 0; i < 4; ++i) {
    int r = co_await ClassifyAsync(i);
    sum += r;
  }
  // CHECK: even 0 -> 1
  // CHECK-NEXT: odd 1 -> -1
  // CHECK-NEXT: even 2 -> 21
  // CHECK-NEXT: odd 3 -> -3
  std::printf("sum %d\n", sum);
  // CHECK-NEXT: sum 18

  int n = 0;
  while (true) {
    n = co_await NextAsync(n);
    if (n == 2) {
      continue;
    }
    if (n > 4) {
      break;
    }
    std::printf("n = %d\n", n);
  }
  // CHECK-NEXT: n = 1
  // CHECK-NEXT: n = 3
  // CHECK-NEXT: n = 4
  std::printf("done at %d\n", n);
  // CHECK-NEXT: done at 5
  co_return 0;
}

int main() { return async::AsyncContext::Run(MainAsync); }
