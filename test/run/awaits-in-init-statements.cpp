// co_await in the expression init-statement of an if or switch, and an
// expression init-statement before a condition holding co_await or
// declaring a variable; a switch case block ending in break after an await
// (no unreachable unwind after it: g++ would warn that it falls through).
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <cstdio>

ASYNC async::Task<int> Get(int v) {
  co_await async::Yield();
  co_return v;
}

struct Noisy {
  int v;
  explicit Noisy(int x) : v(x) { std::printf("+%d\n", v); }
  ~Noisy() { std::printf("-%d\n", v); }
};

ASYNC async::Task<int> MainAsync() {
  int x = 0, y = 0;
  // CHECK: x 3
  if (x = co_await Get(3); x > 2)
    std::printf("x %d\n", x);
  // CHECK-NEXT: y 4
  if (y = x + 1; co_await Get(y) > 3) {
    std::printf("y %d\n", y);
  } else {
    std::printf("no\n");
  }
  // CHECK-NEXT: +5
  // CHECK-NEXT: -5
  // CHECK-NEXT: +5
  // CHECK-NEXT: five
  // CHECK-NEXT: -5
  switch (x = co_await Get(Noisy(5).v); x) {
  case 5: {
    Noisy n(x);
    co_await async::Yield();
    std::printf("five\n");
    break;
  }
  default:
    std::printf("other\n");
  }
  // CHECK-NEXT: z 60
  if (++x; int z = co_await Get(x * 10))
    std::printf("z %d\n", z);
  // CHECK-NEXT: w 7
  switch (++x; co_await Get(x)) {
  case 7:
    std::printf("w %d\n", x);
    break;
  }
  co_return 0;
}

int main() { return async::AsyncContext::Run(MainAsync); }
