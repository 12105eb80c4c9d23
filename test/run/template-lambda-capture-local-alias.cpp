// An ASYNC lambda with a capture default inside a generic lambda, capturing
// variables whose types name a local alias of the enclosing body (`using T =
// decltype(pt);`) or are deduced from a dependent expression (`auto v =
// co_await ...`). The nested lambda is kept across co_await, so it is built
// by a closure factory where the local alias is not visible: such captures
// are named through the variable itself (decltype), as `auto` parameters are.
// `local` (of the local alias's type) and `deduced` make its factory
// generic, where clang++ 15-19 would leave a destructor of the lambda's
// machine undefined; the machine has none (docs/lowering/07-lambdas.md section 20),
// and run3's clang check holds it to that.
// RUN: %run3 %s | %FileCheck %s
#include <async/async.h>

#include <cstdio>
#include <string>

template <class T>
ASYNC async::Task<T> Echo(T v) {
  co_await async::Yield();
  co_return v;
}

auto Outer = [](auto pt, std::string name) ASYNC -> async::Task<int> {
  using T = decltype(pt);
  T local = pt + T(7);
  auto deduced = co_await Echo(pt);
  int total = 0;
  auto inner = [=, &total](int k) ASYNC -> async::Task<int> {
    co_await async::Yield();
    total += k;
    co_return static_cast<int>(local) + static_cast<int>(deduced) + static_cast<int>(name.size()) + k;
  };
  int a = co_await inner(1);
  int b = co_await inner(2);
  std::printf("%s a=%d b=%d total=%d\n", name.c_str(), a, b, total);
  co_return a + b;
};

ASYNC async::Task<int> MainAsync() {
  int x = co_await Outer(5, std::string("int"));
  int y = co_await Outer(2.5, std::string("double"));
  std::printf("x=%d y=%d\n", x, y);
  co_return 0;
}
// CHECK: int a=21 b=22 total=3
// CHECK-NEXT: double a=18 b=19 total=3
// CHECK-NEXT: x=43 y=37

int main() { return async::AsyncContext::Run(MainAsync); }
