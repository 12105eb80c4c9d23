// An ASYNC lambda inside an ASYNC function that is not lowered yet: one that
// captures `this` (both the lambda and the enclosing member function would
// rewrite it).
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
