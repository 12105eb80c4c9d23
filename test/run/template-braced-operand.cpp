// In a template, a dependent class built with braces as (or in) an awaited
// operand, co_await Box<T>{10}: the braced list is no value to keep, its
// elements are (an awaited operand's field was decltype(({...})), a GNU
// statement expression, and the output did not compile).
// RUN: %run3 %s | %FileCheck %s
// CHECK: sum 60 pair 7
#include <async/async.h>

#include <cstdio>

template <class T>
struct Box {
  T v;
  auto GetAwaiter() const { return async::FromResult(v).GetAwaiter(); }
};

template <class T>
struct Two {
  T a, b;
};

template <class T>
ASYNC async::Task<T> Open(Box<T> b) {
  co_await async::Yield();
  co_return b.v;
}

template <class T>
ASYNC async::Task<T> Add(Two<T> t) {
  co_await async::Yield();
  co_return t.a + t.b;
}

template <class T>
ASYNC async::Task<T> Use() {
  T a = co_await Box<T>{10};
  T b = co_await Open(Box<T>{20});
  T c = 0 + co_await Box<T>{30};
  T d = co_await ::Add<T>({3, 4}); // surely by value: nothing to keep
  std::printf("sum %d pair %d\n", static_cast<int>(a + b + c), static_cast<int>(d));
  co_return a + b + c;
}

int main() { return async::AsyncContext::Run([] { return Use<int>(); }) == 60 ? 0 : 1; }
