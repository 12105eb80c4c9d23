// A local of a class or enumeration declared in the ASYNC function itself,
// kept across co_await: the definition moves into the state machine (which
// MoveNext, a member, sees under the same name), in templates too. Refused
// before ("type 'Pair' is declared inside a function").
// RUN: %run3 %s | %FileCheck %s
// CHECK: plain 7 green
// CHECK-NEXT: template 9 total 3
#include <async/async.h>

#include <cstdio>

ASYNC async::Task<int> Plain(int base) {
  struct Pair {
    int a, b;
    int Sum() const { return a + b; }
  };
  enum class Color { Red, Green };
  Pair p{base, base + 1};
  Color c = Color::Green;
  co_await async::Yield();
  p.b += 0;
  std::printf("plain %d %s\n", p.Sum(), c == Color::Green ? "green" : "red");
  co_return p.Sum();
}

template <class T>
ASYNC async::Task<T> Templated(T base) {
  struct Counter {
    T total;
    int calls = 0;
    void Add(T v) {
      total += v;
      ++calls;
    }
  };
  Counter counter{base};
  for (int i = 1; i <= 3; ++i) {
    co_await async::Yield();
    counter.Add(static_cast<T>(i));
  }
  std::printf("template %d total %d\n", static_cast<int>(counter.total), counter.calls);
  co_return counter.total;
}

int main() {
  async::AsyncContext::Run([] { return Plain(3); });
  return async::AsyncContext::Run([] { return Templated<long>(3); }) == 9 ? 0 : 1;
}
