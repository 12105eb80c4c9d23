// co_await in the range expression of a range-based for loop (an await in
// its body is lowered; see lowering/range-for.cpp).
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>
#include <vector>

ASYNC async::Task<std::vector<int>> Items();

ASYNC async::Task<> F() {
  // CHECK: {{.*}}await-in-range-for.cpp:[[@LINE+1]]:16: error: co_await in the range of a range-based for loop is not supported yet
  for (int x : co_await Items()) {
    co_await async::FromResult(x);
  }
}
