// Lambdas in an ASYNC body that capture hoisted locals by copy (a snapshot)
// and by reference (seeing later changes made across awaits).
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <cstdio>
#include <functional>

ASYNC async::Task<int> MainAsync() {
  int counter = 1;
  std::function<int()> byRef = [&counter] { return counter; };
  std::function<int()> byCopy = [counter] { return counter; };
  co_await async::Yield();
  counter = 5;
  std::printf("ref %d copy %d\n", byRef(), byCopy());
  co_await async::Yield();
  auto add = [&counter](int d) { counter += d; };
  add(10);
  std::printf("counter %d ref %d\n", counter, byRef());
  co_return 0;
}

int main() { return async::AsyncContext::Run(MainAsync); }

// CHECK:      ref 5 copy 1
// CHECK-NEXT: counter 15 ref 15
