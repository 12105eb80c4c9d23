// ASYNC lambdas capturing *this in a plain member function: inside the
// lambda `this` is the closure's copy of the object, and the machine points
// at that copy (const unless the lambda is mutable), as the native coroutine
// reaches it through the closure, which must outlive the task in both
// builds. A mutable one changes its own copy, call after call.
// RUN: %run3 %s | %FileCheck %s
#include <async/async.h>
#include <cstdio>
#include <string>

template <class T>
ASYNC async::Task<T> Later(T v) {
  co_await async::Yield();
  co_return v;
}

class Widget {
public:
  explicit Widget(std::string name) : name_(std::move(name)) {}
  Widget(const Widget &o) : name_(o.name_ + "'"), hits_(o.hits_) { std::printf("copy %s\n", name_.c_str()); }
  ~Widget() { std::printf("drop %s %d\n", name_.c_str(), hits_); }
  int Hit() { return ++hits_; }
  int hits() const { return hits_; }

  int Start() {
    auto snapshot = [*this]() ASYNC -> async::Task<std::string> {
      co_await async::Yield();
      std::string s = name_ + ":" + std::to_string(co_await Later(hits_)) + ":" + std::to_string(hits());
      co_return s;
    };
    auto bump = [*this]() ASYNC mutable -> async::Task<int> {
      int a = Hit();
      co_await async::Yield();
      int b = this->Hit();
      b += co_await Later(hits_);
      co_return a * 100 + b;
    };
    hits_ = 7;
    std::string s = async::AsyncContext::Run([&] { return snapshot(); });
    int b1 = async::AsyncContext::Run([&] { return bump(); });
    int b2 = async::AsyncContext::Run([&] { return bump(); });
    std::printf("snapshot %s bumps %d %d hits %d\n", s.c_str(), b1, b2, hits_);
    return hits_;
  }

private:
  std::string name_;
  int hits_ = 0;
};

int main() {
  Widget w("w");
  return w.Start() == 7 ? 0 : 1;
}
// CHECK: copy w'
// CHECK-NEXT: copy w'
// CHECK-NEXT: snapshot w':0:0 bumps 104 308 hits 7
// CHECK-NEXT: drop w' 4
// CHECK-NEXT: drop w' 0
// CHECK-NEXT: drop w 7
