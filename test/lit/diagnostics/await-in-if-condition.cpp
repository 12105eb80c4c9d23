// co_await in the condition of an if.
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>


ASYNC async::Task<> F() {
  // CHECK: {{.*}}await-in-if-condition.cpp:[[@LINE+1]]:7: error: co_await in the condition of an if is not supported yet
  if (co_await async::FromResult(true)) {
  }
}
