// co_await in the condition of a for loop.
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>


ASYNC async::Task<> F() {
  // CHECK: {{.*}}await-in-for-condition.cpp:[[@LINE+1]]:19: error: co_await in the condition of a for loop is not supported yet
  for (int i = 0; co_await async::FromResult(i < 1); ++i) {
  }
}
