// A co_await in a switch condition inside a template: Clang gives the
// await a dependent type, so the condition's value is kept as
// async::detail::SwitchValue<decltype((value))> (it was refused as a type
// with no name before instantiation). Found by the fuzzer (--features all).
// ASYNCC-SKIP-GCC-NATIVE: g++ 12 crashes (SEGV in the coroutine actor) on a co_await in a switch condition of a function template
// RUN: %run3 %s | %FileCheck %s
// CHECK: one
// CHECK-NEXT: big
#include <async/async.h>

#include <cstdio>

template <class T>
ASYNC async::Task<int> F(T v) {
  switch ((co_await async::FromResult(13)) % 4) {
    case 1:
      std::printf("one\n");
      break;
    default:
      break;
  }
  if ((co_await async::FromResult(2)) > 1) std::printf("big\n");
  co_return static_cast<int>(v);
}

int main() { return async::AsyncContext::Run([] { return F(1); }) - 1; }
