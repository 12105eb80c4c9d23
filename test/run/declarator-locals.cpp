// Locals whose declarator goes on after the name, kept across co_await: a
// pointer to function (`int (*f)(int) = g;`, the initializer follows the
// parameter list), a pointer to an array, a pointer to member function, a
// reference to a function, with `=`, parentheses and braces, in a plain
// function and in a template; scalars initialized with parentheses
// (`int k(5);`, whose expression ends before the `)`); calls through a
// pointer to member function whose arguments await (`(c.*add)(co_await ...)`:
// the object and the pointer are kept, not the bound function).
// (Found by the libFuzzer harness and its relatives: the output did not
// compile.)
// RUN: %run3 %s | %FileCheck %s
#include <async/async.h>

#include <cstdio>

template <class T>
ASYNC async::Task<T> Later(T v) {
  co_await async::Yield();
  co_return v;
}

int Twice(int x) { return 2 * x; }
int Negate(int x) { return -x; }

struct Counter {
  int n = 0;
  int Add(int k) { return n += k; }
};

ASYNC async::Task<int> Plain(int v) {
  int (*f)(int) = Twice;
  int (*g)(int)(Negate);
  int (*h)(int){[](int x) { return x + 100; }};
  int table[3] = {1, 2, 3};
  int (*rows)[3] = &table;
  int (Counter::*add)(int) = &Counter::Add;
  int (&twice)(int) = Twice;
  Counter c;
  Counter *pc = &c;
  int k(7);
  long m((v + 1));
  int a = co_await Later(f(v));
  int b = co_await Later(g(a));
  int d = co_await Later(h(b));
  (c.*add)(co_await Later((*rows)[2]));
  (pc->*add)(co_await Later(k));
  std::printf("plain: a=%d b=%d d=%d c=%d twice=%d m=%ld\n", a, b, d, c.n, twice(d), m);
  co_return a + b + d;
}

template <class T>
ASYNC async::Task<T> Generic(T v) {
  T (*f)(T) = [](T x) { return x * 3; };
  T (*g)(T)(f);
  T pair[2] = {v, v + 1};
  T (*both)[2] = &pair;
  T got = co_await Later(f(v));
  T more = co_await Later(g((*both)[1]));
  std::printf("generic: got=%d more=%d\n", static_cast<int>(got), static_cast<int>(more));
  co_return got + more;
}

int main() {
  int p = async::AsyncContext::Run([] { return Plain(5); });
  int q = async::AsyncContext::Run([] { return Generic(4); });
  long r = async::AsyncContext::Run([] { return Generic(2L); });
  std::printf("results %d %d %ld\n", p, q, r);
  return 0;
}
// CHECK: plain: a=10 b=-10 d=90 c=10 twice=180 m=6
// CHECK-NEXT: generic: got=12 more=15
// CHECK-NEXT: generic: got=6 more=9
// CHECK-NEXT: results 90 27 15
