// Structured bindings whose scope contains an await that are not lowered
// (test/run/structured-bindings*.cpp have those that are): more than 12
// names of a dependent type in a template, and a lambda copying a name whose
// copy would differ from the native capture (an array, a const one in a
// mutable lambda, decltype of a const one). Each is an error at its
// location, and no output is written.
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>

#include <cstddef>
#include <tuple>
#include <utility>
#include <vector>

template <class T>
ASYNC async::Task<int> Dependent(T many) {
  // CHECK: {{.*}}structured-binding-across-await.cpp:[[@LINE+1]]:8: error: structured binding of a dependent type with more than 12 names lives across co_await: this is not supported; declare the object, then its parts
  auto [a, b, c, d, e, f, g, h, i, j, k, l, m] = many;
  co_await async::Yield();
  co_return a + m;
}

struct WithArray {
  int items[2];
  int n;
};

ASYNC async::Task<int> Captured() {
  auto [items, n] = WithArray{{1, 2}, 3};
  const auto [a, b] = std::pair<int, int>(1, 2);
  co_await async::Yield();
  // An init-capture would copy a pointer.
  // CHECK: {{.*}}structured-binding-across-await.cpp:[[@LINE+1]]:13: error: a lambda copying structured binding 'items', which lives across co_await, is not supported when the binding is an array or, in a mutable lambda, const; copy it into a local first
  auto f = [items] { return items[0]; };
  // An init-capture would not be const.
  // CHECK: {{.*}}structured-binding-across-await.cpp:[[@LINE+1]]:13: error: a lambda copying structured binding 'a', which lives across co_await, is not supported when the binding is an array or, in a mutable lambda, const; copy it into a local first
  auto g = [a]() mutable { return a; };
  // decltype(a) would name the capture's type, int, not const int.
  // CHECK: {{.*}}structured-binding-across-await.cpp:[[@LINE+1]]:34: error: decltype of structured binding 'a', which a lambda copies and which lives across co_await, is not supported: its type is const or a reference; write the type
  auto h = [a] { return decltype(a){a}; };
  co_return f() + g() + h() + b + n;
}

struct Thirteen {
  int a, b, c, d, e, f, g, h, i, j, k, l, m;
};
template async::Task<int> Dependent(Thirteen);
