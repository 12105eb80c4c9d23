// ASYNC lambdas inside ASYNC functions that are not lowered yet: one that
// captures `this` (both the lambda and the enclosing member function would
// rewrite it), and a lambda awaited as a temporary (its closure would have to
// be kept in the frame for the await, and a closure type has no name there).
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>

class Widget {
public:
  ASYNC async::Task<int> Run() {
    // CHECK: {{.*}}async-lambda-unsupported.cpp:[[@LINE+1]]:15: error: an ASYNC lambda inside an ASYNC function that captures 'this' is not supported yet; capture a pointer (self = this) instead
    auto f = [this]() ASYNC -> async::Task<int> {
      co_await async::Yield();
      co_return value_;
    };
    co_return co_await f();
  }

private:
  int value_ = 1;
};

ASYNC async::Task<int> Temporary(int x) {
  // CHECK: {{.*}}async-lambda-unsupported.cpp:[[@LINE+1]]:20: error: a value that must be kept across co_await has a type that cannot be named in the state machine: it is the type of a lambda expression
  int r = co_await [x]() ASYNC -> async::Task<int> {
    co_await async::Yield();
    co_return x;
  }();
  co_return r;
}
