// In a template, an operand evaluated before a co_await in the same
// expression whose type depends on a template parameter is kept in the frame
// as async::detail::Kept<decltype((e))> (a prvalue in place, a glvalue by
// reference) and used after the await. `<<` sequences its left operand
// before its right one (C++17), so the order is the language's. A class
// glvalue keeps its identity: the overloaded operator takes it by reference
// and sees what the awaited call changed; a built-in operator reads an
// int's value before the await, as natively.
// ASYNCC-SKIP-GCC-NATIVE: g++ 12 frees a class operand of an overloaded operator with co_await on its right at a wrong address (ASan bad-free)
// RUN: %run3 %s | %FileCheck %s
#include <async/async.h>

#include <cstdio>
#include <string>

struct Text {
  std::string s;
};
Text operator<<(const Text &a, const Text &b) { return {a.s + "<" + b.s}; }
const char *show(const Text &t) { return t.s.c_str(); }
int show(int v) { return v; }

template <class T>
ASYNC async::Task<T> Later(T v, const char *what) {
  std::printf("await %s\n", what);
  co_await async::Yield();
  co_return v;
}

template <class T>
ASYNC async::Task<T> Replace(T &target, T with) {
  co_await async::Yield();
  T old = target;
  target = with;
  co_return old;
}

template <class T>
T Loud(T v, const char *what) {
  std::printf("evaluate %s\n", what);
  return v;
}

template <class T>
T &Pick(T &a, const char *what) {
  std::printf("pick %s\n", what);
  return a;
}

template <class T>
ASYNC async::Task<T> Mix(T a, T b, T c) {
  T first = Loud(a, "a") << co_await Later(b, "b");   // a prvalue before the await
  T held = a;
  T second = Pick(held, "held") << co_await Replace(held, c);  // a glvalue
  co_return Loud(first, "first") << (second << co_await Later(c, "c"));
}

ASYNC async::Task<int> MainAsync() {
  std::printf("int %d\n", show(co_await Mix(1, 2, 3)));
  std::printf("text %s\n", show(co_await Mix(Text{"x"}, Text{"y"}, Text{"z"})));
  co_return 0;
}

int main() { return async::AsyncContext::Run(MainAsync); }
// CHECK: evaluate a
// CHECK-NEXT: await b
// CHECK-NEXT: pick held
// CHECK-NEXT: evaluate first
// CHECK-NEXT: await c
// CHECK-NEXT: int 262144
// CHECK-NEXT: evaluate a
// CHECK-NEXT: await b
// CHECK-NEXT: pick held
// CHECK-NEXT: evaluate first
// CHECK-NEXT: await c
// CHECK-NEXT: text x<y<z<x<z
