// An array local whose scope contains an await is kept in the frame
// (test/run/array-locals.cpp); a lambda that copies it is not lowered yet
// (an init-capture would copy a pointer). An error at the capture, and no
// output is written.
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>

ASYNC async::Task<int> F() {
  int a[2] = {1, 2};
  co_await async::Yield();
  // CHECK: {{.*}}array-local-across-await.cpp:[[@LINE+1]]:13: error: a lambda copying array 'a', which lives across co_await, is not supported yet; capture it by reference
  auto f = [a] { return a[0]; };
  // CHECK: {{.*}}array-local-across-await.cpp:[[@LINE+1]]:25: error: a lambda copying array 'a', which lives across co_await, is not supported yet; capture it by reference
  auto g = [=] { return a[1]; };
  co_return f() + g();
}
