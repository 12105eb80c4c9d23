// Lambdas capturing structured bindings (C++20) that live across co_await.
// C++17 cannot capture a binding, so a capture becomes an init-capture of
// what the name means in the frame: [k] -> [k = (sm_binding0.k)], [&k] ->
// [&k = (sm_binding0.k)], and a copy through [=] adds one; inside the lambda
// the name is the capture's. Copies happen where the lambda is made, as
// natively, also for lambdas kept across co_await (closure factories),
// nested lambdas, tuple-like types, a get that returns a value, and
// bindings of a dependent type in a template.
// RUN: %run3 %s | %FileCheck %s
// ASYNCC-SKIP-GCC-NATIVE: g++ 12 frees a std::string member of a structured binding from co_await that it never allocated (AddressSanitizer bad-free in Members)
#include <async/async.h>

#include <cstddef>
#include <cstdio>
#include <string>
#include <tuple>
#include <utility>

struct Noisy {
  int v;
  explicit Noisy(int v) : v(v) { std::printf("make %d\n", v); }
  Noisy(const Noisy &o) : v(o.v) { std::printf("copy %d\n", v); }
  Noisy(Noisy &&o) noexcept : v(o.v) { std::printf("move %d\n", v); }
  ~Noisy() { std::printf("drop %d\n", v); }
};

struct Point {
  int x;
  std::string label;
};

struct Cells {
  Noisy first;
  Noisy second;
};

// A tuple-like type whose get returns a value.
struct Computed {
  int base;
  template <std::size_t I>
  int get() const { return base * 10 + static_cast<int>(I); }
};
template <>
struct std::tuple_size<Computed> : std::integral_constant<std::size_t, 2> {};
template <std::size_t I>
struct std::tuple_element<I, Computed> { using type = int; };

template <class T>
ASYNC async::Task<T> Later(T v) {
  co_await async::Yield();
  co_return v;
}

ASYNC async::Task<Cells> MakeCells() {
  co_await async::Yield();
  co_return Cells{Noisy(1), Noisy(2)};
}

ASYNC async::Task<int> Members() {
  auto [x, label] = co_await Later(Point{1, "one"});
  auto byCopy = [x, label] { return label + ":" + std::to_string(x); };
  auto byRef = [&x] { return ++x; };
  auto all = [=] { return x * 2 + static_cast<int>(label.size()); };
  auto allRef = [&] { x += 100; return x; };
  auto mut = [x]() mutable { x += 7; return x; };
  co_await async::Yield();
  x = 5;
  label = "changed";
  std::printf("copy %s\n", byCopy().c_str());
  std::printf("ref %d\n", byRef());
  std::printf("all %d\n", all());
  std::printf("all ref %d\n", allRef());
  int once = mut();
  std::printf("mutable %d %d\n", once, mut());
  std::printf("x %d label %s\n", x, label.c_str());
  int now = [x] { return x; }();
  auto nested = [x] { return [x] { return x + 1; }(); };
  auto nestedRef = [=] { return [&] { return x + 3; }(); };
  auto inner = [&] { return [x] { return x + 4; }; };
  co_await async::Yield();
  x = 1000;
  std::printf("now %d nested %d %d inner %d\n", now, nested(), nestedRef(), inner()());
  co_return x;
}

ASYNC async::Task<void> Objects() {
  auto [first, second] = co_await MakeCells();
  std::printf("capturing\n");
  auto keep = [first, &second] { return first.v * 10 + second.v; };
  co_await async::Yield();
  second.v = 3;
  std::printf("keep %d\n", keep());
}

ASYNC async::Task<int> TupleLike() {
  auto [n, s] = co_await Later(std::make_pair(2, std::string("two")));
  const auto [c, d] = co_await Later(std::make_tuple(3, 4L));
  auto [lo, hi] = Computed{5};
  auto f = [n, &s, c, d, lo, &hi] { return s + std::to_string(n + c + d + lo + hi); };
  co_await async::Yield();
  s += "!";
  hi = 1;
  std::printf("tuple %s\n", f().c_str());
  co_return n;
}

template <class T>
ASYNC async::Task<int> InTemplate(T pair) {
  auto [p, q] = pair;
  auto f = [p, &q] { return p * 100 + q; };
  auto g = [=] { return p + q; };
  co_await async::Yield();
  q += 1;
  std::printf("template %d %d\n", static_cast<int>(f()), static_cast<int>(g()));
  co_return static_cast<int>(p);
}

ASYNC async::Task<int> Main() {
  int total = co_await Members();
  co_await Objects();
  total += co_await TupleLike();
  total += co_await InTemplate(std::make_pair(6, 7));
  co_return total;
}

int main() {
  int total = async::AsyncContext::Run([] { return Main(); });
  std::printf("total %d\n", total);
}

// CHECK: copy one:1
// CHECK-NEXT: ref 6
// CHECK-NEXT: all 5
// CHECK-NEXT: all ref 106
// CHECK-NEXT: mutable 8 15
// CHECK-NEXT: x 106 label changed
// CHECK-NEXT: now 106 nested 107 109 inner 1004
// CHECK-NEXT: make 1
// CHECK-NEXT: make 2
// CHECK-NEXT: move 1
// CHECK-NEXT: move 2
// CHECK-NEXT: drop 2
// CHECK-NEXT: drop 1
// CHECK-NEXT: move 1
// CHECK-NEXT: move 2
// CHECK-NEXT: capturing
// CHECK-NEXT: copy 1
// CHECK-NEXT: drop 2
// CHECK-NEXT: drop 1
// CHECK-NEXT: keep 13
// CHECK-NEXT: drop 1
// CHECK-NEXT: drop 3
// CHECK-NEXT: drop 1
// CHECK-NEXT: tuple two!60
// CHECK-NEXT: template 608 13
// CHECK-NEXT: total 1008
