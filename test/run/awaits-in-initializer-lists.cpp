// Awaits inside braced initializers, evaluated left to right, and a braced
// argument built from awaits.
// ASYNCC-SKIP-GCC-NATIVE: g++ 12 rejects an initializer list holding co_await ("array used as initializer")
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <cstdio>
#include <vector>

ASYNC async::Task<int> Later(int v) {
  co_await async::Yield();
  co_return v;
}

ASYNC async::Task<int> Sum(std::vector<int> v) {
  int total = 0;
  for (int x : v)
    total += x;
  co_await async::Yield();
  co_return total;
}

struct Pair {
  int first, second;
};

ASYNC async::Task<int> MainAsync() {
  std::vector<int> list{co_await Later(1), 2, co_await Later(3)};
  // CHECK: list 3 1 3
  std::printf("list %zu %d %d\n", list.size(), list[0], list[2]);
  // CHECK-NEXT: sum 6
  std::printf("sum %d\n", co_await Sum({co_await Later(1), co_await Later(2), 3}));
  Pair p{co_await Later(4), co_await Later(5)};
  // CHECK-NEXT: pair 4 5
  std::printf("pair %d %d\n", p.first, p.second);
  co_await async::Yield();
  co_return p.first + list[2];
}

int main() {
  int rc = async::AsyncContext::Run(MainAsync);
  // CHECK-NEXT: rc 7
  std::printf("rc %d\n", rc);
  return 0;
}
