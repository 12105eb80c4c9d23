// co_await in the condition of a while loop.
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>


ASYNC async::Task<> F() {
  // CHECK: {{.*}}await-in-while-condition.cpp:[[@LINE+1]]:10: error: co_await in the condition of a while loop is not supported yet
  while (co_await async::FromResult(false)) {
  }
}
