// A variable declared in an if condition whose scope contains an await.
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>


ASYNC async::Task<> F(int v) {
  // CHECK: {{.*}}if-condition-variable-scope-await.cpp:[[@LINE+1]]:3: error: a variable declared in an if condition whose scope contains co_await is not supported yet
  if (int x = v; x > 0) {
    co_await async::Yield();
  }
}
