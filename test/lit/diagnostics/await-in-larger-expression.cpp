// co_await inside a larger expression is an error (only the four statement forms are lowered).
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>


ASYNC async::Task<int> F() {
  // CHECK: {{.*}}await-in-larger-expression.cpp:[[@LINE+1]]:15: error: co_await inside a larger expression is not supported yet
  int x = 1 + co_await async::FromResult(2);
  co_return x;
}
