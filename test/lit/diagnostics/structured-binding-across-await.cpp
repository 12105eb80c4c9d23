// A structured binding whose scope contains an await.
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>
#include <utility>

ASYNC async::Task<int> F() {
  // CHECK: {{.*}}structured-binding-across-await.cpp:[[@LINE+1]]:8: error: structured binding whose scope contains co_await is not supported yet
  auto [a, b] = std::pair<int, int>(1, 2);
  co_await async::Yield();
  co_return a + b;
}
