// ASYNC lambdas nested in an ASYNC member function that capture `this`
// (explicitly, through a capture default, and two levels deep): the
// enclosing function's lowering rewrites `this` in their bodies too, and each
// machine keeps the object under the enclosing machine's name.
// RUN: %run3 %s | %FileCheck %s
#include <async/async.h>

#include <cstdio>
#include <string>

class Counter {
 public:
  explicit Counter(std::string name) : name_(std::move(name)) {}

  ASYNC async::Task<int> Run(int steps) {
    auto add = [this](int by) ASYNC -> async::Task<int> {
      co_await async::Yield();
      total_ += by;
      co_return total_;
    };
    auto report = [&](const char *what) ASYNC -> async::Task<void> {
      co_await async::Yield();
      std::printf("%s %s total=%d steps=%d\n", name_.c_str(), what, total_, steps);
    };
    auto twice = [=, this](int by) ASYNC -> async::Task<int> {
      auto inner = [this, by]() ASYNC -> async::Task<int> {
        co_await async::Yield();
        co_return Bump(by);
      };
      int first = co_await inner();
      co_await async::Yield();
      co_return first + co_await inner() + steps;
    };
    for (int i = 1; i <= steps; ++i)
      std::printf("add -> %d\n", co_await add(i));
    co_await report("after adds");
    std::printf("twice -> %d\n", co_await twice(10));
    co_await report("at the end");
    co_return total_;
  }

 private:
  int Bump(int by) { return total_ += by; }

  std::string name_;
  int total_ = 0;
};

ASYNC async::Task<int> MainAsync() {
  Counter c("c");
  std::printf("result %d\n", co_await c.Run(3));
  co_return 0;
}

int main() { return async::AsyncContext::Run(MainAsync); }
// CHECK: add -> 1
// CHECK-NEXT: add -> 3
// CHECK-NEXT: add -> 6
// CHECK-NEXT: c after adds total=6 steps=3
// CHECK-NEXT: twice -> 45
// CHECK-NEXT: c at the end total=26 steps=3
// CHECK-NEXT: result 26
