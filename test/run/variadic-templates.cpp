// Variadic function templates: a function parameter pack lives in the frame
// (async::detail::ParameterPack) and is a pack again in the body, across
// co_await: by value, by const reference, forwarding, in folds and
// sizeof..., after other parameters, empty, move-only, in member function
// templates, generic lambdas, async iterators and lambdas kept across an
// await. (The order of the parameters' copies: variadic-parameter-copies.cpp.)
// RUN: %run3 %s | %FileCheck %s
#include <async/async.h>

#include <cstdio>
#include <memory>
#include <string>
#include <utility>
#include <vector>

// Logs its copies, moves and the end of every object not moved from: a
// coroutine copies its parameters in order with one move each, and
// destroys the copies in reverse order. (When a moved-from parameter object
// dies is implementation-defined, so it says nothing.)
struct Noisy {
  int v;
  explicit Noisy(int v) : v(v) {}
  Noisy(const Noisy &o) : v(o.v) { std::printf("copy %d\n", v); }
  Noisy(Noisy &&o) noexcept : v(o.v) {
    o.v = 0;
    std::printf("move %d\n", v);
  }
  ~Noisy() {
    if (v)
      std::printf("drop %d\n", v);
  }
};
int valueOf(const Noisy &n) { return n.v; }
int valueOf(int n) { return n; }
int valueOf(const std::string &s) { return static_cast<int>(s.size()); }

template <class T>
ASYNC async::Task<T> Later(T v) {
  co_await async::Yield();
  co_return v;
}

// By value: the elements are the frame's copies, changed across awaits.
template <class... Ts>
ASYNC async::Task<int> SumTwice(Ts... xs) {
  int first = (0 + ... + valueOf(xs));
  co_await async::Yield();
  ((xs += 1), ...);
  auto second = co_await Later((0 + ... + valueOf(xs)));
  co_return first * 100 + second + static_cast<int>(sizeof...(xs));
}

// By const reference, with a class element that must not be copied.
template <class... Ts>
ASYNC async::Task<int> Total(const Ts &...xs) {
  co_await async::Yield();
  co_return (valueOf(xs) + ... + 0);
}

// Forwarding: rvalues move into the awaited call, lvalues are copied.
template <class... Ts>
ASYNC async::Task<int> Consume(Ts... xs) {
  co_await async::Yield();
  co_return (valueOf(xs) + ... + 0);
}
template <class... Ts>
ASYNC async::Task<int> Forward(Ts &&...xs) {
  co_await async::Yield();
  int n = co_await Consume(std::forward<Ts>(xs)...);
  co_return n;
}

// decltype of a by-value pack names the declared type, as natively.
template <class... Ts>
ASYNC async::Task<int> MoveOn(Ts... xs) {
  co_await async::Yield();
  co_return co_await Consume(std::forward<decltype(xs)>(xs)...);
}

// The pack after other parameters, with an empty pack, and a hoisted local
// typed from the pack.
template <class... Ts>
ASYNC async::Task<std::string> Describe(std::string name, Ts... xs) {
  auto count = sizeof...(xs);
  std::string text = name + ":";
  co_await async::Yield();
  ((text += " " + std::to_string(valueOf(xs))), ...);
  co_return text + " (" + std::to_string(count) + ")";
}

// Move-only elements stay in the frame until the function ends.
template <class... Ts>
ASYNC async::Task<int> Owned(Ts... ps) {
  co_await async::Yield();
  co_return (*ps + ...);
}

struct Calculator {
  int base = 1000;
  template <class... Ts>
  ASYNC async::Task<int> Add(Ts... xs) const {
    co_await async::Yield();
    co_return base + (xs + ...);
  }
};

template <class... Ts>
ASYNC async::AsyncEnumerable<int> Each(Ts... xs) {
  std::vector<int> values{xs...};
  for (int v : values) {
    co_await async::Yield();
    co_yield v;
  }
}

template <class... Ts>
ASYNC async::Task<int> WithClosure(Ts... xs) {
  auto sum = [&] { return (xs + ...); };
  auto cnt = [xs...] { return (0 + ... + xs); };  // copies, taken before the doubling
  co_await async::Yield();
  ((xs *= 2), ...);
  co_return sum() * 10 + static_cast<int>(cnt());
}

template <class... Ts>
ASYNC async::Task<int> InLoops(Ts... xs) {
  int total = 0;
  std::vector<int> all{xs...};
  for (int v : all) {
    try {
      if (v < 0) throw v;
      total += co_await Later(v);
    } catch (int e) {
      total += -e * 100;
    }
  }
  co_return total + static_cast<int>(sizeof...(Ts));
}

template <class... Ts>
ASYNC async::Task<std::string> Strings(const Ts &...xs) {
  std::string out;
  ((out += std::string(xs) + ","), ...);
  auto first = co_await Later(out);
  co_return first + std::to_string(sizeof...(xs));
}

ASYNC async::Task<int> MainAsync() {
  std::printf("sum %d\n", co_await SumTwice(1, 2, 3));
  {
    Noisy a(5);
    std::string s = "four";
    std::printf("total %d\n", co_await Total(a, s, 7));
  }
  {
    Noisy a(3);
    std::printf("forward %d\n", co_await Forward(a));
    std::printf("forward %d\n", co_await Forward(Noisy(4)));
  }
  std::printf("move-on %d\n", co_await MoveOn(Noisy(6)));
  std::printf("%s\n", (co_await Describe("none")).c_str());
  std::printf("%s\n", (co_await Describe("three", 1, 2, 3)).c_str());
  std::printf("owned %d\n", co_await Owned(std::make_unique<int>(40), std::make_unique<int>(2)));
  Calculator c;
  std::printf("member %d\n", co_await c.Add(1, 2));
  auto generic = [](auto... xs) ASYNC -> async::Task<int> {
    co_await async::Yield();
    co_return (xs * ...);
  };
  std::printf("generic %d\n", co_await generic(2, 3, 7));
  auto e = Each(1, 2, 3);
  auto it = e.GetAsyncEnumerator();
  while (co_await it.MoveNextAsync()) std::printf("each %d\n", it.Current());
  co_await it.DisposeAsync();
  std::printf("closure %d\n", co_await WithClosure(1, 2, 3));
  std::printf("loops %d\n", co_await InLoops(1, -2, 3));
  std::printf("strings %s\n", (co_await Strings("a", std::string("bc"))).c_str());
  co_return 0;
}

int main() { return async::AsyncContext::Run(MainAsync); }
// CHECK: sum 612
// CHECK-NEXT: total 16
// CHECK-NEXT: drop 5
// CHECK-NEXT: copy 3
// CHECK-NEXT: move 3
// CHECK-NEXT: drop 3
// CHECK-NEXT: forward 3
// CHECK-NEXT: move 4
// CHECK-NEXT: move 4
// CHECK-NEXT: drop 4
// CHECK-NEXT: forward 4
// CHECK-NEXT: drop 3
// CHECK-NEXT: move 6
// CHECK-NEXT: move 6
// CHECK-NEXT: move 6
// CHECK-NEXT: drop 6
// CHECK-NEXT: move-on 6
// CHECK-NEXT: none: (0)
// CHECK-NEXT: three: 1 2 3 (3)
// CHECK-NEXT: owned 42
// CHECK-NEXT: member 1003
// CHECK-NEXT: generic 42
// CHECK-NEXT: each 1
// CHECK-NEXT: each 2
// CHECK-NEXT: each 3
// CHECK-NEXT: closure 126
// CHECK-NEXT: loops 207
// CHECK-NEXT: strings a,bc,2
