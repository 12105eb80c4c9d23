// co_await in the body of a range-based for loop.
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>
#include <vector>

ASYNC async::Task<> F(std::vector<int> v) {
  // CHECK: {{.*}}await-in-range-for.cpp:[[@LINE+1]]:3: error: co_await inside a range-based for loop is not supported yet
  for (int x : v) {
    co_await async::FromResult(x);
  }
}
