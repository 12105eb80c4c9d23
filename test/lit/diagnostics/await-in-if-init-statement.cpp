// co_await in the init-statement of an if is not lowered yet (in its
// condition it is, see run/awaits-in-expressions.cpp).
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out
#include <async/async.h>
ASYNC async::Task<> F() {
  // CHECK: {{.*}}await-in-if-init-statement.cpp:[[@LINE+1]]:7: error: co_await in the init-statement of an if is not supported yet; move it before
  if (int x = co_await async::FromResult(1); x > 0) {
  }
}
