// co_await in the init-statement of a for loop.
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>


ASYNC async::Task<> F() {
  // CHECK: {{.*}}await-in-for-init.cpp:[[@LINE+1]]:8: error: co_await in the init-statement of a for loop is not supported yet
  for (int i = co_await async::FromResult(0); i < 1; ++i) {
  }
}
