// ASYNC lambdas: a stateless one at namespace scope, a mutable one with a
// by-copy capture (the closure's copy changes, the caller's does not) and a
// by-reference capture (the caller sees the change), and one capturing
// `this` and a value inside a member function.
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>
#include <cstdio>
#include <string>
#include <functional>
struct Noisy { const char* n; explicit Noisy(const char* s):n(s){ std::printf("+%s\n", n);} ~Noisy(){ std::printf("-%s\n", n);} };
auto Doubler = [](int x) ASYNC -> async::Task<int> {
  co_await async::Yield();
  co_return 2 * x;
};
class Counter {
 public:
  async::Task<int> AddLater(int by) {
    // The closure must outlive the coroutine, which reads its captures.
    add_ = [this, by]() ASYNC -> async::Task<int> {
      Noisy n("in-lambda");
      co_await async::Yield();
      total_ += by;
      co_return total_;
    };
    return add_();
  }
  int total_ = 10;
  std::function<async::Task<int>()> add_;
};
int main() {
  int base = 5;
  std::string label = "lbl";
  auto f = [base, &label](int k) ASYNC mutable -> async::Task<std::string> {
    base += k;
    co_await async::Yield();
    label += "!";
    int d = co_await Doubler(base);
    co_return label + std::to_string(d);
  };
  std::string s = async::AsyncContext::Run([&] { return f(2); });
  std::printf("%s base=%d label=%s\n", s.c_str(), base, label.c_str());
  Counter c;
  int t = async::AsyncContext::Run([&] { return c.AddLater(4); });
  std::printf("t=%d\n", t);
}

// CHECK:      lbl!14 base=5 label=lbl!
// CHECK-NEXT: +in-lambda
// CHECK-NEXT: -in-lambda
// CHECK-NEXT: t=14
