// A declaration of several variables with an await in it.
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>


ASYNC async::Task<int> F() {
  // CHECK: {{.*}}several-variables-with-await.cpp:[[@LINE+1]]:18: error: co_await in a declaration of several variables is not supported yet; declare one variable per statement
  int a = 1, b = co_await async::FromResult(2);
  co_return a + b;
}
