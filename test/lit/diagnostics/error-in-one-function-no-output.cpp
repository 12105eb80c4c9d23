// One unsupported function among good ones: every error is reported and no
// output at all is written (all or nothing).
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>

ASYNC async::Task<> Good() { co_await async::Yield(); }

ASYNC async::Task<int> Bad1() {
  // CHECK: {{.*}}error-in-one-function-no-output.cpp:[[@LINE+1]]:12: error: co_await inside a new-expression
  int *x = new int(co_await async::FromResult(2));
  co_return *x;
}

ASYNC async::Task<int> Bad2(int v) {
  // CHECK: {{.*}}error-in-one-function-no-output.cpp:[[@LINE+1]]:3: error: a variable declared in a for condition, in a loop holding co_await
  for (; int w = co_await async::FromResult(v);) co_return w;
  co_return 0;
}
// CHECK: 2 errors generated.
