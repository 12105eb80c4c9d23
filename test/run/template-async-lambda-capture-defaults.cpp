// An ASYNC lambda with a capture default ([=], [&]) inside a template: Clang
// lists the default's captures only on instantiation, so the template's
// lambda had none and its machine no field for what the body names (the
// output did not compile). They are found from the body now: a by-copy
// capture is the closure's copy, a by-reference one the variable itself.
// RUN: %run3 %s | %FileCheck %s
// CHECK: copy 22 ref 16 local 16
// CHECK-NEXT: mutable 11 12 base 10
// CHECK-NEXT: nested 42
// CHECK-NEXT: member 107
// CHECK-NEXT: plain 7
#include <async/async.h>

#include <cstdio>

template <class T>
ASYNC async::Task<T> Twice(T v) {
  co_await async::Yield();
  co_return v * 2;
}

template <class T>
ASYNC async::Task<T> Outer(T base) {
  T local = base + 1;
  auto byCopy = [=](T k) ASYNC -> async::Task<T> {
    co_await async::Yield();
    co_return local + base + k; // the copies, made when the lambda was
  };
  auto byRef = [&](T k) ASYNC -> async::Task<T> {
    T t = co_await Twice(k);
    local += t;
    co_return local;
  };
  local = 12;
  T a = co_await byCopy(1);
  T b = co_await byRef(2);
  std::printf("copy %d ref %d local %d\n", static_cast<int>(a), static_cast<int>(b),
              static_cast<int>(local));
  // A mutable copy changes the closure's member, not base.
  auto counter = [=]() ASYNC mutable -> async::Task<T> {
    co_await async::Yield();
    base += 1;
    co_return base;
  };
  T c1 = co_await counter();
  T c2 = co_await counter();
  std::printf("mutable %d %d base %d\n", static_cast<int>(c1), static_cast<int>(c2),
              static_cast<int>(base));
  // Named only inside a nested lambda: still captured by the outer one.
  auto nested = [&]() ASYNC -> async::Task<T> {
    co_await async::Yield();
    auto add = [&](T k) { return local + base + k; };
    co_return add(16);
  };
  std::printf("nested %d\n", static_cast<int>(co_await nested()));
  co_return a + b;
}

template <class T>
struct Account {
  T balance;
  template <class U>
  ASYNC async::Task<T> Deposit(U amount) {
    auto add = [&]() ASYNC -> async::Task<T> {
      co_await async::Yield();
      balance += static_cast<T>(amount); // `this`, captured by the default
      co_return balance;
    };
    co_return co_await add();
  }
};

template <class T>
T Plain(T base) {
  int n = 3;
  auto l = [&]() ASYNC -> async::Task<int> {
    co_await async::Yield();
    co_return n + static_cast<int>(base);
  };
  return static_cast<T>(async::AsyncContext::Run([&] { return l(); }));
}

int main() {
  async::AsyncContext::Run([] { return Outer<int>(10); });
  Account<long> account{100};
  long m = async::AsyncContext::Run([&] { return account.Deposit(7); });
  std::printf("member %ld\n", m);
  std::printf("plain %d\n", Plain<int>(4));
  return 0;
}
