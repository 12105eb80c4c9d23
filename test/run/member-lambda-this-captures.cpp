// Lambdas (not ASYNC) in an ASYNC member function that capture `this`
// explicitly, alone or after a capture default, kept across co_await or not.
// RUN: %run3 %s | %FileCheck %s
#include <async/async.h>
#include <cstdio>
class C {
 public:
  ASYNC async::Task<int> Run(int steps) {
    auto f = [=, this](int by) { return total_ + by + steps; };
    auto g = [this](int by) { return total_ + by; };
    co_await async::Yield();
    int a = [=, this] { return total_ + steps; }();
    co_return f(1) + g(2) + a;
  }
  int total_ = 5;
};
ASYNC async::Task<int> MainAsync() { C c; std::printf("%d\n", co_await c.Run(3)); co_return 0; }
int main() { return async::AsyncContext::Run(MainAsync); }
// CHECK: 24
