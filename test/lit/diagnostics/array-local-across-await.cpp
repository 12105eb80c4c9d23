// An array local whose scope contains an await.
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>


ASYNC async::Task<int> F() {
  // CHECK: {{.*}}array-local-across-await.cpp:[[@LINE+1]]:7: error: array local 'a' whose scope contains co_await is not supported yet
  int a[2] = {1, 2};
  co_await async::Yield();
  co_return a[0];
}
