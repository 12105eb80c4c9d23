// A range-based for over a braced list, with co_await in its body: the
// list's array lives in the frame until the loop ends (its elements are
// copied in once, in order, and destroyed in reverse after the loop), in
// plain functions and in templates, over a parameter pack too.
// RUN: %run3 %s | %FileCheck %s
#include <async/async.h>

#include <cstdio>
#include <string>

struct Noisy {
  int v;
  explicit Noisy(int v) : v(v) {}
  Noisy(const Noisy &o) : v(o.v) { std::printf("copy %d\n", v); }
  ~Noisy() { std::printf("drop %d\n", v); }
};

template <class T>
ASYNC async::Task<T> Later(T v) {
  co_await async::Yield();
  co_return v;
}

ASYNC async::Task<int> Plain(int a, int b) {
  int total = 0;
  for (int v : {a, b, a + b}) {
    co_await async::Yield();
    total = total * 10 + v;
  }
  co_return total;
}

ASYNC async::Task<int> Objects() {
  Noisy one(1), two(2);
  int total = 0;
  for (const Noisy &n : {one, two}) {
    total += co_await Later(n.v);
    std::printf("saw %d\n", n.v);
  }
  std::printf("after the loop\n");
  co_return total;
}

ASYNC async::Task<std::string> Words() {
  std::string out;
  for (auto w : {"alpha", "beta"}) {
    out += co_await Later(std::string(w));
    out += ' ';
  }
  co_return out;
}

template <class T>
ASYNC async::Task<T> Sum(T a, T b) {
  T total{};
  for (const auto &v : {a, b}) total += co_await Later(v);
  co_return total;
}

template <class... Ts>
ASYNC async::Task<int> Each(Ts... xs) {
  int total = 0;
  for (int v : {xs...}) {
    co_await async::Yield();
    total = total * 10 + v;
  }
  co_return total;
}

ASYNC async::Task<int> MainAsync() {
  std::printf("plain %d\n", co_await Plain(1, 2));
  std::printf("objects %d\n", co_await Objects());
  std::printf("words %s\n", (co_await Words()).c_str());
  std::printf("sum %d %s\n", co_await Sum(3, 4),
              (co_await Sum(std::string("x"), std::string("y"))).c_str());
  std::printf("each %d\n", co_await Each(4, 5, 6));
  co_return 0;
}

int main() { return async::AsyncContext::Run(MainAsync); }
// CHECK: plain 123
// CHECK-NEXT: copy 1
// CHECK-NEXT: copy 2
// CHECK-NEXT: saw 1
// CHECK-NEXT: saw 2
// CHECK-NEXT: drop 2
// CHECK-NEXT: drop 1
// CHECK-NEXT: after the loop
// CHECK-NEXT: drop 2
// CHECK-NEXT: drop 1
// CHECK-NEXT: objects 3
// CHECK-NEXT: words alpha beta
// CHECK-NEXT: sum 7 xy
// CHECK-NEXT: each 456
