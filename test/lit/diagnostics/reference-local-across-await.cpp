// A reference local whose scope contains an await.
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>


ASYNC async::Task<int> F(int v) {
  // CHECK: {{.*}}reference-local-across-await.cpp:[[@LINE+1]]:8: error: reference local 'r' whose scope contains co_await is not supported yet
  int& r = v;
  co_await async::Yield();
  co_return r;
}
