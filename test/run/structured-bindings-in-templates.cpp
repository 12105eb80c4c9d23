// Structured bindings of a dependent type whose scope holds co_await, in
// function templates, members of class templates and generic lambdas: the
// hidden object is a frame slot typed from its initializer, and each name
// becomes async::detail::BoundPart<I, N>(object), a structured binding over
// that object on instantiation, so a name is a data member, an array
// element or a tuple-like get result as the language decides.
// RUN: %run3 %s | %FileCheck %s
// ASYNCC-SKIP-GCC-NATIVE: g++ 12 frees a std::string member of a structured binding from co_await that it never allocated (AddressSanitizer bad-free in Decompose<Point>)
#include <async/async.h>

#include <array>
#include <cstdio>
#include <map>
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

// A tuple-like type whose member get returns references.
struct Pair2 {
  int first;
  std::string second;
  template <std::size_t I>
  auto &get() {
    if constexpr (I == 0) return first; else return second;
  }
  template <std::size_t I>
  const auto &get() const {
    if constexpr (I == 0) return first; else return second;
  }
};
namespace std {
template <> struct tuple_size<Pair2> : integral_constant<size_t, 2> {};
template <> struct tuple_element<0, Pair2> { using type = int; };
template <> struct tuple_element<1, Pair2> { using type = std::string; };
}  // namespace std

ASYNC async::Task<std::pair<Noisy, Noisy>> NoisyPairLater(int seed) {
  co_await async::Yield();
  Noisy first(seed);
  Noisy second(seed + 1);
  co_return std::pair<Noisy, Noisy>{std::move(first), std::move(second)};
}

template <class T>
ASYNC async::Task<T> Later(T v) {
  co_await async::Yield();
  co_return v;
}

template <class T>
ASYNC async::Task<int> Decompose(T value) {
  auto [a, b] = co_await Later(value);
  co_await async::Yield();
  std::printf("decompose %d %s\n", static_cast<int>(a), std::string(b).c_str());
  co_return static_cast<int>(a);
}

template <class T>
ASYNC async::Task<int> ByReference(T &object) {
  auto &[a, b] = object;
  co_await async::Yield();
  a += 10;
  const auto &[c, d] = object;
  co_await async::Yield();
  std::printf("by reference %d %d\n", static_cast<int>(a), static_cast<int>(c));
  co_return static_cast<int>(c) + static_cast<int>(sizeof(d) > 0);
}

template <class T>
ASYNC async::Task<void> Objects(T seed) {
  std::printf("objects\n");
  {
    auto [n, m] = co_await NoisyPairLater(seed);
    co_await async::Yield();
    std::printf("pair %d %d\n", n.v, m.v);
  }
  std::printf("after pair\n");
  auto &&[t0, t1, t2] = std::make_tuple(seed, std::string("t"), seed + 2);
  co_await async::Yield();
  t0 += 1;
  std::printf("tuple %d %s %d\n", static_cast<int>(t0), t1.c_str(), static_cast<int>(t2));
}

template <class Map>
ASYNC async::Task<int> Walk(const Map &m) {
  int total = 0;
  for (const auto &[key, count] : m) {
    total += co_await Later(count);
    std::printf("walk %s %d\n", std::string(key).c_str(), static_cast<int>(count));
  }
  co_return total;
}

template <class T>
struct Box {
  T held;
  ASYNC async::Task<int> Split() {
    auto [first, second] = held;
    co_await async::Yield();
    first += 1;
    std::printf("box %d %d\n", static_cast<int>(first), static_cast<int>(held.first));
    co_return static_cast<int>(first) + static_cast<int>(second.size());
  }
};

ASYNC async::Task<int> Main() {
  int total = co_await Decompose(Point{3, "p"});
  total += co_await Decompose(std::make_pair(4, std::string("q")));
  total += co_await Decompose(std::make_tuple(5L, "r"));
  total += co_await Decompose(Pair2{6, "s"});
  std::array<int, 2> arr{7, 8};
  total += co_await ByReference(arr);
  std::printf("array now %d\n", arr[0]);
  Point pt{9, "u"};
  total += co_await ByReference(pt);
  int raw[2] = {11, 12};
  total += co_await ByReference(raw);
  std::printf("raw now %d\n", raw[0]);
  co_await Objects(20);
  std::map<std::string, int> counts{{"x", 1}, {"y", 2}};
  total += co_await Walk(counts);
  Box<Pair2> box{{13, "vv"}};
  total += co_await box.Split();
  auto lambda = [](auto pair) ASYNC -> async::Task<int> {
    auto [l, r] = pair;
    co_await async::Yield();
    co_return l * r;
  };
  total += co_await lambda(std::make_pair(2, 3));
  co_return total;
}

int main() {
  int total = async::AsyncContext::Run([] { return Main(); });
  std::printf("total %d\n", total);
}

// CHECK: decompose 3 p
// CHECK-NEXT: decompose 4 q
// CHECK-NEXT: decompose 5 r
// CHECK-NEXT: decompose 6 s
// CHECK-NEXT: by reference 17 17
// CHECK-NEXT: array now 17
// CHECK-NEXT: by reference 19 19
// CHECK-NEXT: by reference 21 21
// CHECK-NEXT: raw now 21
// CHECK-NEXT: objects
// CHECK-NEXT: make 20
// CHECK-NEXT: make 21
// CHECK-NEXT: move 20
// CHECK-NEXT: move 21
// CHECK-NEXT: move 20
// CHECK-NEXT: move 21
// CHECK-NEXT: drop 21
// CHECK-NEXT: drop 20
// CHECK-NEXT: drop 21
// CHECK-NEXT: drop 20
// CHECK-NEXT: move 20
// CHECK-NEXT: move 21
// CHECK-NEXT: drop 21
// CHECK-NEXT: drop 20
// CHECK-NEXT: pair 20 21
// CHECK-NEXT: drop 21
// CHECK-NEXT: drop 20
// CHECK-NEXT: after pair
// CHECK-NEXT: tuple 21 t 22
// CHECK-NEXT: walk x 1
// CHECK-NEXT: walk y 2
// CHECK-NEXT: box 14 13
// CHECK-NEXT: total 103
