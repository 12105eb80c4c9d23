// Awaits in if/else, while, for and do bodies and nested blocks, in all four
// statement forms: 'co_await e;', 'x = co_await e;', 'T x = co_await e;' and
// 'co_return co_await e;'.
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <cstdio>
#include <string>

ASYNC async::Task<int> SlowAsync(int v) {
  co_await async::Yield();
  co_return v;
}

ASYNC async::Task<std::string> NameAsync(int v) {
  co_await async::Yield();
  co_return "n" + std::to_string(v);
}

ASYNC async::Task<int> ForwardAsync(int v) { co_return co_await SlowAsync(v * 2); }

ASYNC async::Task<int> MainAsync() {
  int x = 0;
  for (int i = 0; i < 3; ++i) {
    if (i % 2 == 0) {
      x = co_await SlowAsync(x + 10);
      std::printf("for-if %d x=%d\n", i, x);
    } else {
      std::string s = co_await NameAsync(i);
      std::printf("for-else %d s=%s\n", i, s.c_str());
    }
  }
  int w = 3;
  while (w > 0) {
    {
      {
        int got = co_await SlowAsync(w);
        std::printf("while nested %d\n", got);
      }
    }
    --w;
  }
  int d = 0;
  do {
    co_await async::Yield();
    d += co_await SlowAsync(5);
    std::printf("do d=%d\n", d);
  } while (d < 10);
  int f = co_await ForwardAsync(21);
  std::printf("forward %d\n", f);
  co_return co_await SlowAsync(0);
}

int main() {
  int rc = async::AsyncContext::Run(MainAsync);
  std::printf("rc %d\n", rc);
  return rc;
}

// CHECK:      for-if 0 x=10
// CHECK-NEXT: for-else 1 s=n1
// CHECK-NEXT: for-if 2 x=20
// CHECK-NEXT: while nested 3
// CHECK-NEXT: while nested 2
// CHECK-NEXT: while nested 1
// CHECK-NEXT: do d=5
// CHECK-NEXT: do d=10
// CHECK-NEXT: forward 42
// CHECK-NEXT: rc 0
