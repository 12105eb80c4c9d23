// co_await in the condition of a do-while loop.
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>


ASYNC async::Task<> F() {
  do {
  // CHECK: {{.*}}await-in-do-condition.cpp:[[@LINE+1]]:12: error: co_await in the condition of a do-while loop is not supported yet
  } while (co_await async::FromResult(false));
}
