// Lambdas capturing `*this` inside an ASYNC member function: the closure
// holds a copy of the object (sm_this_copy = *sm_this), and inside it the
// members and `this` are the copy's. A [this] lambda nested in such a lambda
// points at the copy, a nested [*this] copies the copy. Kept across co_await
// (closure locals), invoked at once, with [=, *this] and [&, *this].
// RUN: %run3 %s | %FileCheck %s
#include <async/async.h>

#include <cstdio>
#include <string>
#include <utility>

template <class T>
ASYNC async::Task<T> Later(T v) {
  co_await async::Yield();
  co_return v;
}

class Counter {
public:
  explicit Counter(std::string name) : name_(std::move(name)) {}
  Counter(const Counter &o) : name_(o.name_ + "'"), count_(o.count_) {
    std::printf("copy %s\n", name_.c_str());
  }
  ~Counter() { std::printf("drop %s %d\n", name_.c_str(), count_); }
  int Bump() { return ++count_; }
  int count() const { return count_; }

  ASYNC async::Task<int> Run() {
    count_ = co_await Later(10);
    auto snapshot = [*this] { return name_ + ":" + std::to_string(count_); };
    auto bumpCopy = [*this]() mutable { return Bump() * 100 + this->count_ + count(); };
    count_ += co_await Later(5);
    std::printf("snapshot %s now %d\n", snapshot().c_str(), count_);
    int first = bumpCopy();
    int second = bumpCopy();
    std::printf("bumped copy %d %d now %d\n", first, second, count_);
    int seen = [*this] { return count_ * 2; }();
    auto nested = [*this]() mutable {
      auto inner = [this] { return ++count_; };
      inner();
      auto again = [*this] { return name_ + "/" + std::to_string(count_); };
      return again() + " " + std::to_string(count_);
    };
    co_await async::Yield();
    std::string text = nested();
    std::printf("seen %d nested %s now %d\n", seen, text.c_str(), count_);
    auto withDefault = [=, *this] { return count_ + seen; };
    auto byReference = [&, *this] { return count_ + first; };
    co_await async::Yield();
    co_return withDefault() + byReference() + count_;
  }

private:
  std::string name_;
  int count_ = 0;
};

ASYNC async::Task<int> MainAsync() {
  Counter c("c");
  int result = co_await c.Run();
  std::printf("result %d count %d\n", result, c.count());
  co_return 0;
}

int main() { return async::AsyncContext::Run(MainAsync); }
// CHECK: copy c'
// CHECK-NEXT: copy c'
// CHECK-NEXT: snapshot c':10 now 15
// CHECK-NEXT: bumped copy 1122 1224 now 15
// CHECK-NEXT: copy c'
// CHECK-NEXT: drop c' 15
// CHECK-NEXT: copy c'
// CHECK-NEXT: copy c''
// CHECK-NEXT: drop c'' 16
// CHECK-NEXT: seen 30 nested c''/16 16 now 15
// CHECK-NEXT: copy c'
// CHECK-NEXT: copy c'
// CHECK-NEXT: drop c' 15
// CHECK-NEXT: drop c' 15
// CHECK-NEXT: drop c' 16
// CHECK-NEXT: drop c' 12
// CHECK-NEXT: drop c' 10
// CHECK-NEXT: result 1197 count 15
// CHECK-NEXT: drop c 15
