// Awaits inside try blocks, nested try blocks, exceptions from an awaited
// task caught by the right handler after the try block's locals are
// destroyed, and a rethrow from a handler.
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <cstdio>
#include <stdexcept>
#include <string>

struct Noisy {
  const char* n;
  explicit Noisy(const char* n) : n(n) { std::printf("+%s\n", n); }
  ~Noisy() { std::printf("-%s\n", n); }
};

ASYNC async::Task<int> Fail(int x) {
  co_await async::Yield();
  if (x > 1) throw std::runtime_error("boom " + std::to_string(x));
  co_return x;
}

ASYNC async::Task<int> Run() {
  Noisy outer("outer");
  int sum = 0;
  for (int i = 0; i < 4; ++i) {
    try {
      Noisy in("in");
      int v = co_await Fail(i);
      sum += v;
      try {
        Noisy deep("deep");
        co_await async::Yield();
        if (i == 1) throw std::logic_error("inner");
      } catch (const std::logic_error& e) {
        std::printf("inner caught %s\n", e.what());
        sum += 100;
      }
    } catch (const std::runtime_error& e) {
      std::printf("caught %s\n", e.what());
      if (i == 3) {
        try {
          throw;
        } catch (const std::exception& again) {
          std::printf("rethrown %s\n", again.what());
        }
      }
    }
  }
  co_return sum;
}

int main() {
  int r = async::AsyncContext::Run(Run);
  std::printf("r=%d\n", r);
}

// CHECK:      +outer
// CHECK-NEXT: +in
// CHECK-NEXT: +deep
// CHECK-NEXT: -deep
// CHECK-NEXT: -in
// CHECK-NEXT: +in
// CHECK-NEXT: +deep
// CHECK-NEXT: -deep
// CHECK-NEXT: inner caught inner
// CHECK-NEXT: -in
// CHECK-NEXT: +in
// CHECK-NEXT: -in
// CHECK-NEXT: caught boom 2
// CHECK-NEXT: +in
// CHECK-NEXT: -in
// CHECK-NEXT: caught boom 3
// CHECK-NEXT: rethrown boom 3
// CHECK-NEXT: -outer
// CHECK-NEXT: r=101
