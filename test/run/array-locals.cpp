// Local arrays whose scope holds co_await: an async::detail::ArrayOf in the
// frame, built from the declaration's initializer (or default-initialized),
// elements destroyed in reverse order when the scope ends; indexed, iterated,
// passed as a pointer, taken by sizeof, bound to a structured binding,
// captured by reference and by copy (the lambda's copy is made element by
// element, and it is destroyed with the lambda).
// RUN: %run3 %s | %FileCheck %s
#include <async/async.h>

#include <cstdio>
#include <cstring>
#include <string>

struct Noisy {
  int v;
  Noisy(int v) : v(v) { std::printf("make %d\n", v); }
  ~Noisy() { std::printf("drop %d\n", v); }
};

template <class T>
ASYNC async::Task<T> Later(T v) {
  co_await async::Yield();
  co_return v;
}

int Sum(const int *p, int n) {
  int s = 0;
  for (int i = 0; i < n; ++i) s += p[i];
  return s;
}

ASYNC async::Task<int> Numbers() {
  int values[4] = {1, 2};
  int buffer[3];
  for (int i = 0; i < 3; ++i) buffer[i] = co_await Later(i * 10);
  values[3] = co_await Later(values[0] + buffer[2]);
  int total = 0;
  for (int v : values) total += co_await Later(v);
  std::printf("values %d %d %d %d sum %d size %d\n", values[0], values[1], values[2],
              values[3], Sum(values, 4), static_cast<int>(sizeof(values) / sizeof(values[0])));
  co_return total + buffer[1];
}

ASYNC async::Task<std::string> Text() {
  char name[] = "async";
  int pair2[2] = {3, 4};
  co_await async::Yield();
  name[0] = 'A';
  auto [first, second, third, fourth, fifth, nul] = name;
  co_await async::Yield();
  const auto [x, y] = pair2;
  co_await async::Yield();
  std::printf("%c%c %zu %d\n", first, fifth, std::strlen(name), x + y);
  (void)second, (void)third, (void)fourth, (void)nul;
  co_return std::string(name);
}

ASYNC async::Task<int> Objects() {
  {
    Noisy pair[2] = {Noisy(1), Noisy(2)};
    auto bump = [&pair] { pair[1].v += 10; };
    co_await async::Yield();
    bump();
    std::printf("pair %d %d\n", pair[0].v, pair[1].v);
  }
  std::printf("after the scope\n");
  int grid[2][2] = {{1, 2}, {3, 4}};
  co_await async::Yield();
  co_return grid[1][0] + grid[0][1];
}

struct Counted {
  int v;
  Counted(int v) : v(v) { std::printf("counted %d\n", v); }
  Counted(const Counted &o) : v(o.v + 100) { std::printf("copy %d\n", v); }
  ~Counted() { std::printf("gone %d\n", v); }
};

ASYNC async::Task<int> Captures() {
  int a[3] = {1, 2, 3};
  co_await async::Yield();
  auto first = [a] { return a[0] + a[2]; };
  auto all = [=]() mutable {
    a[1] += 40;
    return a[0] + a[1] + a[2] + static_cast<int>(sizeof(a));
  };
  auto ref = [&a] { a[2] += 7; };
  co_await async::Yield();
  a[0] = 50;
  ref();
  int r1 = first();
  int r2 = all();
  int r3 = all();
  std::printf("captures %d %d %d a %d %d %d\n", r1, r2, r3, a[0], a[1], a[2]);
  {
    Counted cs[2] = {Counted(1), Counted(2)};
    co_await async::Yield();
    auto show = [cs] { std::printf("show %d %d\n", cs[0].v, cs[1].v); };
    co_await async::Yield();
    show();
    [cs, &r1] { std::printf("inner %d %d\n", cs[1].v + r1, cs[0].v); }();
  }
  int b[2] = {7, 8};
  co_await async::Yield();
  int product = [b] { return b[0] * b[1]; }();
  int nested = [b] { return [b] { return b[1] - b[0]; }(); }();
  co_return r1 + r2 + r3 + product + nested;
}

ASYNC async::Task<int> MainAsync() {
  std::printf("numbers %d\n", co_await Numbers());
  std::printf("text %s\n", (co_await Text()).c_str());
  std::printf("objects %d\n", co_await Objects());
  std::printf("captures %d\n", co_await Captures());
  co_return 0;
}

int main() { return async::AsyncContext::Run(MainAsync); }
// CHECK: values 1 2 0 21 sum 24 size 4
// CHECK-NEXT: numbers 34
// CHECK-NEXT: Ac 5 7
// CHECK-NEXT: text Async
// CHECK-NEXT: make 1
// CHECK-NEXT: make 2
// CHECK-NEXT: pair 1 12
// CHECK-NEXT: drop 12
// CHECK-NEXT: drop 1
// CHECK-NEXT: after the scope
// CHECK-NEXT: objects 5
// CHECK-NEXT: captures 4 58 98 a 50 2 10
// CHECK-NEXT: counted 1
// CHECK-NEXT: counted 2
// CHECK-NEXT: copy 101
// CHECK-NEXT: copy 102
// CHECK-NEXT: show 101 102
// CHECK-NEXT: copy 101
// CHECK-NEXT: copy 102
// CHECK-NEXT: inner 106 101
// CHECK-NEXT: gone 102
// CHECK-NEXT: gone 101
// CHECK-NEXT: gone 102
// CHECK-NEXT: gone 101
// CHECK-NEXT: gone 2
// CHECK-NEXT: gone 1
// CHECK-NEXT: captures 217
