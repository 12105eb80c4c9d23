// A lambda that captures by copy, evaluated before a later co_await in the
// same expression: its closure type cannot be named in the frame.
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out
#include <async/async.h>
template <class F> void Call(F f, int) { f(); }
ASYNC async::Task<> F(int v) {
  // CHECK: {{.*}}spill-lambda-by-copy.cpp:[[@LINE+1]]:8: error: a lambda that captures by copy, evaluated before a co_await in the same expression, is not supported; declare it in a local first
  Call([v] { return v; }, co_await async::FromResult(1));
}
