// In a template, co_await inside a functional cast or construction of a
// dependent type, T(co_await F(x)), T{...}, T(a, co_await F(b)): the
// arguments are evaluated left to right, as in any call. Refused before
// ("co_await inside a 'CXXUnresolvedConstructExpr' expression").
// RUN: %run3 %s | %FileCheck %s
// ASYNCC-SKIP-GCC-NATIVE: g++ evaluates constructor arguments right to left (clang, the reference, and the lowering: left to right)
// CHECK: get 1
// CHECK-NEXT: get 2
// CHECK-NEXT: say 7
// CHECK-NEXT: get 3
// CHECK-NEXT: get 4
// CHECK-NEXT: get 5
// CHECK-NEXT: cast 5 pair 7+4 braced 5 member 7
#include <async/async.h>

#include <cstdio>

ASYNC async::Task<int> Get(int v) {
  std::printf("get %d\n", v);
  co_await async::Yield();
  co_return v + 1;
}

int Say(int v) {
  std::printf("say %d\n", v);
  return v;
}

struct Pair {
  long a, b;
  Pair(long a, long b) : a(a), b(b) {}
  long First() const { return a; }
};

struct Wrapped {
  long v;
  long Next() const { return v + 1; }
};

template <class T, class P, class W>
ASYNC async::Task<T> Cast(int x) {
  T t = T(co_await Get(x));
  t += T(co_await Get(x + 1));
  P p = P(Say(7), co_await Get(x + 2));
  T braced = T{co_await Get(x + 3)};
  T member = W{co_await Get(x + 4) - 0}.Next();
  std::printf("cast %ld pair %ld+%ld braced %ld member %ld\n", static_cast<long>(t), p.a, p.b,
              static_cast<long>(braced), static_cast<long>(member));
  co_return t;
}

int main() {
  async::AsyncContext::Run([] { return Cast<long, Pair, Wrapped>(1); });
  return 0;
}
