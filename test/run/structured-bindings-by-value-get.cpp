// Tuple-like structured bindings whose get returns a value, across
// co_await: each such name is a variable of its own (a reference bound to
// get's result), kept in a frame slot built from the get call right after
// the hidden object, in order, and destroyed before it. Writes go to that
// value, not to the object; a const reference sees it const. From a local,
// from an await's result, and with an await in the operand of that await;
// as a range-for's loop variable (built each iteration, with break and
// continue), and in the init-statement of if and for.
// RUN: %run3 %s | %FileCheck %s
#include <async/async.h>
#include <cstdio>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

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

ASYNC async::Task<int> Loops(std::vector<Pair> pairs) {
  int sum = 0;
  for (auto [k, v] : pairs) {
    if (k == 20)
      continue;
    co_await async::Yield();
    std::printf("loop %d %s\n", k, v.s.c_str());
    sum += k;
    if (k == 40)
      break;
  }
  if (auto [a, b] = co_await MakePair(5); a > 0) {
    co_await async::Yield();
    std::printf("if %d %s\n", a, b.s.c_str());
    sum += a;
  }
  for (auto [i, name] = Pair{6, "six"}; i < 63; i += 1) {
    co_await async::Yield();
    name.s += "+";
    std::printf("for %d %s\n", i, name.s.c_str());
  }
  co_return sum;
}

ASYNC async::Task<int> MainAsync() {
  std::printf("run %d\n", co_await Run());
  std::vector<Pair> pairs;
  for (int i = 1; i <= 5; ++i)
    pairs.push_back(Pair{i, std::string(1, static_cast<char>('a' + i - 1))});
  std::printf("loops %d\n", co_await Loops(pairs));
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
// CHECK-NEXT: get<0>
// CHECK-NEXT: get<1>
// CHECK-NEXT: make a
// CHECK-NEXT: loop 10 a
// CHECK-NEXT: drop a
// CHECK-NEXT: get<0>
// CHECK-NEXT: get<1>
// CHECK-NEXT: make b
// CHECK-NEXT: drop b
// CHECK-NEXT: get<0>
// CHECK-NEXT: get<1>
// CHECK-NEXT: make c
// CHECK-NEXT: loop 30 c
// CHECK-NEXT: drop c
// CHECK-NEXT: get<0>
// CHECK-NEXT: get<1>
// CHECK-NEXT: make d
// CHECK-NEXT: loop 40 d
// CHECK-NEXT: drop d
// CHECK-NEXT: get<0>
// CHECK-NEXT: get<1>
// CHECK-NEXT: make p5
// CHECK-NEXT: if 50 p5
// CHECK-NEXT: drop p5
// CHECK-NEXT: get<0>
// CHECK-NEXT: get<1>
// CHECK-NEXT: make six
// CHECK-NEXT: for 60 six+
// CHECK-NEXT: for 61 six++
// CHECK-NEXT: for 62 six+++
// CHECK-NEXT: drop six+++
// CHECK-NEXT: loops 130
