// continue in a do-while whose condition holds co_await goes to the
// condition (through a label at the end of the body), which awaits.
// ASYNCC-SKIP-GCC-NATIVE: g++ 12 skips a do-while condition holding co_await on continue
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <cstdio>

ASYNC async::Task<int> Later(int v) {
  co_await async::Yield();
  std::printf("  condition %d\n", v);
  co_return v;
}

ASYNC async::Task<int> MainAsync() {
  // CHECK: do 1
  // CHECK-NEXT:   condition 1
  // CHECK-NEXT:   condition 2
  // CHECK-NEXT: do 3
  // CHECK-NEXT:   condition 3
  // CHECK-NEXT:   condition 4
  int d = 0;
  do {
    ++d;
    if (d % 2 == 0)
      continue;
    std::printf("do %d\n", d);
  } while (co_await Later(d) < 4);
  co_return d;
}

int main() {
  int rc = async::AsyncContext::Run(MainAsync);
  // CHECK-NEXT: rc 4
  std::printf("rc %d\n", rc);
  return 0;
}
