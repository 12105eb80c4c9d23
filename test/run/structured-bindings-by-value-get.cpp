// Tuple-like structured bindings whose get returns a value, across
// co_await: each such name is a variable of its own (a reference bound to
// get's result), kept in a frame slot built from the get call right after
// the hidden object, in order, and destroyed before it. Writes go to that
// value, not to the object; a const reference sees it const. From a local,
// from an await's result, and with an await in the operand of that await.
// RUN: %run3 %s | %FileCheck %s
#include <async/async.h>
#include <cstdio>
#include <string>
#include <tuple>
#include <utility>

struct Loud {
  std::string s;
  explicit Loud(std::string v) : s(std::move(v)) { std::printf("make %s\n", s.c_str()); }
  Loud(const Loud &o) : s(o.s + "'") { std::printf("copy %s\n", s.c_str()); }
  ~Loud() { std::printf("drop %s\n", s.c_str()); }
};

// Tuple-like by value: get returns a fresh value each call.
struct Pair {
  int a;
  std::string b;
  template <std::size_t I> auto get() const {
    std::printf("get<%d>\n", static_cast<int>(I));
    if constexpr (I == 0) return a * 10;
    else return Loud(b);
  }
};
namespace std {
template <> struct tuple_size<Pair> : std::integral_constant<std::size_t, 2> {};
template <> struct tuple_element<0, Pair> { using type = int; };
template <> struct tuple_element<1, Pair> { using type = Loud; };
}

template <class T>
ASYNC async::Task<T> Later(T v) {
  co_await async::Yield();
  co_return v;
}

ASYNC async::Task<Pair> MakePair(int a) {
  co_await async::Yield();
  co_return Pair{a, "p" + std::to_string(a)};
}

ASYNC async::Task<int> Run() {
  Pair p{1, "one"};
  auto [x, y] = p;
  co_await async::Yield();
  x += 5;
  std::printf("x %d y %s\n", x, y.s.c_str());
  {
    const auto &[u, v] = co_await MakePair(2);
    co_await async::Yield();
    std::printf("u %d v %s\n", u, v.s.c_str());
  }
  auto &&[m, n] = co_await MakePair(co_await Later(3));
  n.s += "!";
  co_await async::Yield();
  std::printf("m %d n %s\n", m, n.s.c_str());
  co_return x + m;
}

ASYNC async::Task<int> MainAsync() {
  std::printf("run %d\n", co_await Run());
  co_return 0;
}
int main() { return async::AsyncContext::Run(MainAsync); }
// CHECK: get<0>
// CHECK-NEXT: get<1>
// CHECK-NEXT: make one
// CHECK-NEXT: x 15 y one
// CHECK-NEXT: get<0>
// CHECK-NEXT: get<1>
// CHECK-NEXT: make p2
// CHECK-NEXT: u 20 v p2
// CHECK-NEXT: drop p2
// CHECK-NEXT: get<0>
// CHECK-NEXT: get<1>
// CHECK-NEXT: make p3
// CHECK-NEXT: m 30 n p3!
// CHECK-NEXT: drop p3!
// CHECK-NEXT: drop one
// CHECK-NEXT: run 45
