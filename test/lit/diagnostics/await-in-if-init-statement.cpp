// co_await in an init-statement that is not a declaration is not lowered yet
// (in a declaration there it is, see run/awaits-in-conditions.cpp).
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out
#include <async/async.h>
ASYNC async::Task<> F() {
  // CHECK: {{.*}}await-in-if-init-statement.cpp:[[@LINE+1]]:7: error: co_await in an init-statement of an if that is not a declaration is not supported yet; move it before
  if (co_await async::FromResult(1); true) {
  }
}
