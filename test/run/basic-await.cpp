// Awaits of completed and pending tasks, values through co_return, and
// locals that live across suspension points.
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <chrono>
#include <cstdio>
#include <string>

using namespace std::chrono_literals;

ASYNC async::Task<int> TwiceAsync(int x) {
  co_await async::Delay(1ms);
  co_return 2 * x;
}

ASYNC async::Task<std::string> GreetAsync(std::string name) {
  std::string greeting = "hello, ";
  co_await async::Yield();
  greeting += name;
  co_return greeting;
}

ASYNC async::Task<> PrintAsync(int value) {
  int ready = co_await async::FromResult(value);
  std::printf("print %d\n", ready);
}

ASYNC async::Task<int> MainAsync() {
  std::printf("start\n");
  // CHECK: start
  int a = co_await TwiceAsync(21);
  std::printf("a = %d\n", a);
  // CHECK-NEXT: a = 42
  std::string g = co_await GreetAsync("world");
  std::printf("%s\n", g.c_str());
  // CHECK-NEXT: hello, world
  co_await PrintAsync(7);
  // CHECK-NEXT: print 7
  int b = 0;
  b = co_await async::FromResult(a + 1);
  std::printf("b = %d\n", b);
  // CHECK-NEXT: b = 43
  co_return 0;
}

int main() { return async::AsyncContext::Run(MainAsync); }
