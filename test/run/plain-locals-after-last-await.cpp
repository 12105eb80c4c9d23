// Found by the fuzzer: in a block, a plain local declared after the last
// await (its scope holds no await) is destroyed before the frame locals
// declared earlier, in reverse order of declaration, as in C++.
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <cstdio>

struct Log {
  const char* n;
  explicit Log(const char* name) : n(name) { std::printf("+%s\n", n); }
  ~Log() { std::printf("-%s\n", n); }
};

ASYNC async::Task<> F() {
  {
    Log a("a");
    co_await async::Yield();
    Log b("b");
  }
  for (int i = 0; i < 2; ++i) {
    Log c("c");
    co_await async::Yield();
    Log d("d");
    if (i == 0)
      continue;
    Log e("e");
  }
  std::printf("after\n");
}

int main() { async::AsyncContext::Run(F); }

// CHECK:      +a
// CHECK-NEXT: +b
// CHECK-NEXT: -b
// CHECK-NEXT: -a
// CHECK-NEXT: +c
// CHECK-NEXT: +d
// CHECK-NEXT: -d
// CHECK-NEXT: -c
// CHECK-NEXT: +c
// CHECK-NEXT: +d
// CHECK-NEXT: +e
// CHECK-NEXT: -e
// CHECK-NEXT: -d
// CHECK-NEXT: -c
// CHECK-NEXT: after
