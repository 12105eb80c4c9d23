// In a template, a lambda passed to an awaited call whose parameter may be a
// reference (`const F&`, read after the callee suspends) is kept in the frame
// to the end of the full-expression, created by a closure factory (its type
// has no name); by-value parameters and async::Run get it too. The callee
// overwrites its stack after suspending, so a dangling closure would print
// garbage (or trip ASan).
// RUN: %run3 %s | %FileCheck %s
#include <async/async.h>
#include <cstdio>
#include <string>
struct Noisy {
  int v;
  explicit Noisy(int v) : v(v) {}
  Noisy(const Noisy &o) : v(o.v) { std::printf("copy %d\n", v); }
  ~Noisy() { std::printf("drop %d\n", v); }
};
template <class F>
ASYNC async::Task<int> CallLater(const F &f) {
  co_await async::Yield();
  volatile int scrub[64];
  for (auto &s : scrub) s = 7;
  co_return f();
}
template <class F>
ASYNC async::Task<int> CallByValue(F f) {
  co_await async::Yield();
  co_return f();
}
template <class T>
ASYNC async::Task<T> Caller(T seed) {
  Noisy n(static_cast<int>(seed));
  T a = co_await CallLater([seed, &n] { return static_cast<int>(seed) + n.v; });
  T b = co_await CallByValue([=] { return static_cast<int>(seed) * 2; });
  T c = co_await async::Run([seed]() { return static_cast<int>(seed) + 1; });
  std::printf("%d %d %d\n", static_cast<int>(a), static_cast<int>(b), static_cast<int>(c));
  co_return a + b + c;
}
ASYNC async::Task<int> MainAsync() {
  std::printf("%d\n", co_await Caller(5));
  std::printf("%.1f\n", co_await Caller(2.0));
  co_return 0;
}
int main() { return async::AsyncContext::Run(MainAsync); }
// CHECK: 10 10 6
// CHECK-NEXT: drop 5
// CHECK-NEXT: 26
// CHECK-NEXT: 4 4 3
// CHECK-NEXT: drop 2
// CHECK-NEXT: 11.0
