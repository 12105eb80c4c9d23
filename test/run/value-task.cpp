// ASYNC functions returning async::ValueTask<T> and async::ValueTask<>:
// a synchronous completion, a suspended one, and awaiting the same
// ValueTask twice (refused with InvalidOperationException, as in .NET).
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>
#include <cstdio>
#include <string>
ASYNC async::ValueTask<int> Cached(int x) {
  if (x < 0) co_return 0;
  co_await async::Yield();
  co_return x * 3;
}
ASYNC async::ValueTask<> Log(std::string s) {
  co_await async::Yield();
  std::printf("log %s\n", s.c_str());
}
ASYNC async::Task<int> MainAsync() {
  int a = co_await Cached(-1);
  int b = co_await Cached(4);
  co_await Log("x");
  auto vt = Cached(2);
  int c = co_await vt;
  try {
    co_await vt;
  } catch (const async::InvalidOperationException&) {
    std::printf("second await refused\n");
  }
  std::printf("%d %d %d\n", a, b, c);
  co_return 0;
}
int main() { return async::AsyncContext::Run(MainAsync); }

// CHECK:      log x
// CHECK-NEXT: second await refused
// CHECK-NEXT: 0 12 6
