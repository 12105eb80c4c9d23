// ASYNC lambdas that are not lowered yet: one nested in an ASYNC member
// function that captures `*this` (a copy of the object in the closure; in a
// plain member function it is lowered, test/run/async-lambda-star-this.cpp),
// and one that captures a structured binding.
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>

#include <utility>

class Widget {
public:
  ASYNC async::Task<int> Run() {
    // CHECK: {{.*}}async-lambda-unsupported.cpp:[[@LINE+1]]:15: error: an ASYNC lambda capturing '*this' inside an ASYNC function is not supported yet; capture this, or copy the object into a local
    auto f = [*this]() ASYNC -> async::Task<int> {
      co_await async::Yield();
      co_return value_;
    };
    co_return co_await f();
  }

private:
  int value_ = 1;
};

ASYNC async::Task<int> Bindings() {
  auto [a, b] = std::pair<int, int>(1, 2);
  co_await async::Yield();
  // CHECK: {{.*}}async-lambda-unsupported.cpp:[[@LINE+1]]:13: error: an ASYNC lambda capturing a structured binding is not supported yet
  auto g = [a]() ASYNC -> async::Task<int> {
    co_await async::Yield();
    co_return a;
  };
  co_return co_await g();
}
