// co_await as a call argument is a larger expression.
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>
void Use(int);

ASYNC async::Task<> F() {
  // CHECK: {{.*}}await-in-call-argument.cpp:[[@LINE+1]]:7: error: co_await inside a larger expression is not supported yet
  Use(co_await async::FromResult(2));
}
