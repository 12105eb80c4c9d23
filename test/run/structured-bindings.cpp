// Structured bindings whose scope holds co_await: the hidden object lives
// in the frame and each name is its member, element or get<I>; from an
// await's result, from a reference, from a temporary, in loops.
// RUN: %run3 %s | %FileCheck %s
#include <async/async.h>

#include <array>
#include <cstdio>
#include <map>
#include <string>
#include <tuple>
#include <utility>

struct Point {
  int x, y;
};

struct Noisy {
  int v;
  explicit Noisy(int v) : v(v) { std::printf("make %d\n", v); }
  Noisy(const Noisy &o) : v(o.v) { std::printf("copy %d\n", v); }
  ~Noisy() { std::printf("drop %d\n", v); }
};

template <class T>
ASYNC async::Task<T> Later(T v) {
  co_await async::Yield();
  co_return v;
}

ASYNC async::Task<std::pair<std::string, int>> Lookup(int k) {
  co_await async::Yield();
  co_return std::pair<std::string, int>("key" + std::to_string(k), k * 10);
}

ASYNC async::Task<int> FromAwait() {
  auto [key, value] = co_await Lookup(4);
  co_await async::Yield();
  value += 1;
  std::printf("%s=%d\n", key.c_str(), value);
  co_return value;
}

ASYNC async::Task<int> Members() {
  Point p{1, 2};
  auto &[x, y] = p;              // names p's members
  x += co_await Later(10);
  auto [cx, cy] = p;             // a copy
  co_await async::Yield();
  y = cx * 100 + cy;
  std::printf("p=%d,%d copy=%d,%d\n", p.x, p.y, cx, cy);
  co_return p.y;
}

ASYNC async::Task<int> Tuples() {
  std::tuple<int, Noisy, std::string> t{1, Noisy(2), "three"};
  auto &&[a, n, s] = t;
  co_await async::Yield();
  a += n.v;
  s += "!";
  const auto [b, m, u] = std::make_tuple(5, Noisy(6), std::string("seven"));
  co_await async::Yield();
  std::printf("%d %d %s | %d %d %s\n", a, n.v, s.c_str(), b, m.v, u.c_str());
  co_return std::get<0>(t);
}

ASYNC async::Task<int> Arrays() {
  std::array<int, 3> arr = {1, 2, 3};
  auto &[i, j, k] = arr;
  i = co_await Later(j + k);
  std::printf("arr=%d,%d,%d\n", arr[0], arr[1], arr[2]);
  co_return arr[0];
}

ASYNC async::Task<int> InLoop() {
  std::map<std::string, int> m{{"a", 1}, {"b", 2}};
  int total = 0;
  for (const auto &[name, count] : m) {
    total += co_await Later(count);
    std::printf("%s:%d\n", name.c_str(), count);
  }
  auto [it, inserted] = m.insert({"c", 3});
  co_await async::Yield();
  std::printf("inserted=%d %s=%d\n", inserted, it->first.c_str(), it->second);
  co_return total;
}

ASYNC async::Task<int> MainAsync() {
  std::printf("from await %d\n", co_await FromAwait());
  std::printf("members %d\n", co_await Members());
  std::printf("tuples %d\n", co_await Tuples());
  std::printf("arrays %d\n", co_await Arrays());
  std::printf("in loop %d\n", co_await InLoop());
  co_return 0;
}

int main() { return async::AsyncContext::Run(MainAsync); }
// CHECK: key4=41
// CHECK-NEXT: from await 41
// CHECK-NEXT: p=11,1102 copy=11,2
// CHECK-NEXT: members 1102
// CHECK-NEXT: make 2
// CHECK-NEXT: copy 2
// CHECK-NEXT: drop 2
// CHECK-NEXT: make 6
// CHECK-NEXT: copy 6
// CHECK-NEXT: drop 6
// CHECK-NEXT: 3 2 three! | 5 6 seven
// CHECK-NEXT: drop 6
// CHECK-NEXT: drop 2
// CHECK-NEXT: tuples 3
// CHECK-NEXT: arr=5,2,3
// CHECK-NEXT: arrays 5
// CHECK-NEXT: a:1
// CHECK-NEXT: b:2
// CHECK-NEXT: inserted=1 c=3
// CHECK-NEXT: in loop 3
