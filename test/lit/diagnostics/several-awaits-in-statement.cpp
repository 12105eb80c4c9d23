// More than one co_await in one statement; the second one is named.
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>


ASYNC async::Task<int> F() {
  // CHECK: {{.*}}several-awaits-in-statement.cpp:[[@LINE+1]]:45: error: more than one co_await in one statement is not supported yet
  co_return co_await async::FromResult(1) + co_await async::FromResult(2);
}
