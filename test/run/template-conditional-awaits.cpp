// In a template, a conditional of a dependent type with co_await in one or
// both branches: only the chosen branch is evaluated and awaited, and its
// result is kept as decltype of the conditional (a prvalue in place, an
// lvalue by reference). Refused before ("a value that must be kept across
// co_await has a type that cannot be named in the state machine").
// RUN: %run3 %s | %FileCheck %s
// ASYNCC-SKIP-GCC-NATIVE: g++ 12 frees a ?: result of class type twice when a branch holds co_await
// CHECK: F 1
// CHECK-NEXT: picked 20 one 1 ref 5 void
// CHECK-NEXT: F 5
// CHECK-NEXT: F 5
// CHECK-NEXT: F 5
// CHECK-NEXT: picked 60 one 6 ref 9 void
// CHECK-NEXT: text <a> <b>
#include <async/async.h>

#include <cstdio>
#include <string>

template <class T>
ASYNC async::Task<T> F(T v) {
  std::printf("F %d\n", static_cast<int>(v));
  co_await async::Yield();
  co_return v + 1;
}

ASYNC async::Task<std::string> Angle(std::string s) {
  co_await async::Yield();
  co_return "<" + s + ">";
}

template <class T>
ASYNC async::Task<void> Announce() {
  co_await async::Yield();
  std::printf(" void\n");
}

template <class T>
ASYNC async::Task<T> Pick(bool flag, T a, T b) {
  T picked = (flag ? co_await F(a) : co_await F(b)) * 10;
  T one = flag ? a : co_await F(b);
  T &chosen = flag ? a : b;
  T &ref = flag ? chosen : (co_await F(b), b); // an lvalue, kept by reference
  ref += 4;
  std::printf("picked %d one %d ref %d", static_cast<int>(picked), static_cast<int>(one),
              static_cast<int>(flag ? a : b));
  flag ? co_await Announce<T>() : co_await Announce<T>(); // unused, void
  co_return picked + one;
}

template <class S>
ASYNC async::Task<S> Texts(bool flag, S a) {
  S x = flag ? co_await Angle(a) : S("none");
  S y = !flag ? S("none") : co_await Angle(a == "a" ? S("b") : a);
  co_return x + " " + y;
}

int main() {
  async::AsyncContext::Run([] { return Pick<int>(true, 1, 2); });
  async::AsyncContext::Run([] { return Pick<long>(false, 1, 5); });
  std::string t = async::AsyncContext::Run([] { return Texts<std::string>(true, "a"); });
  std::printf("text %s\n", t.c_str());
  return 0;
}
