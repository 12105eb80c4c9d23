// A coroutine copies its by-value parameters into its frame in order, one
// move each, and destroys the copies in reverse order when it ends. A
// function parameter pack's copies do the same in the state machine
// (async::detail::ParameterPack; std::tuple would build and destroy them
// the other way round).
// ASYNCC-SKIP-GCC-NATIVE: g++ 12 destroys a coroutine's parameter copies in the order it made them
// RUN: %run3 %s | %FileCheck %s
#include <async/async.h>

#include <cstdio>

struct Noisy {
  int v;
  explicit Noisy(int v) : v(v) {}
  Noisy(Noisy &&o) noexcept : v(o.v) {
    o.v = 0;
    std::printf("move %d\n", v);
  }
  ~Noisy() {
    if (v) // a moved-from parameter object dies when the implementation says
      std::printf("drop %d\n", v);
  }
};

template <class... Ts>
ASYNC async::Task<int> Consume(Ts... xs) {
  co_await async::Yield();
  std::printf("running\n");
  co_return (xs.v + ... + 0);
}

template <class... Ts>
ASYNC async::Task<int> Mixed(int first, Ts... xs) {
  Noisy local(9);
  co_await async::Yield();
  co_return first + (xs.v + ... + local.v);
}

ASYNC async::Task<int> MainAsync() {
  std::printf("in order %d\n", co_await Consume(Noisy(1), Noisy(2), Noisy(3)));
  std::printf("mixed %d\n", co_await Mixed(100, Noisy(4), Noisy(5)));
  co_return 0;
}

int main() { return async::AsyncContext::Run(MainAsync); }
// CHECK: move 1
// CHECK-NEXT: move 2
// CHECK-NEXT: move 3
// CHECK-NEXT: running
// CHECK-NEXT: drop 3
// CHECK-NEXT: drop 2
// CHECK-NEXT: drop 1
// CHECK-NEXT: in order 6
// CHECK-NEXT: move 4
// CHECK-NEXT: move 5
// CHECK-NEXT: drop 9
// CHECK-NEXT: drop 5
// CHECK-NEXT: drop 4
// CHECK-NEXT: mixed 118
