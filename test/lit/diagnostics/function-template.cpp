// ASYNC function templates are not lowered yet.
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>


template <typename T>
// CHECK: {{.*}}function-template.cpp:[[@LINE+1]]:24: error: ASYNC function template 'F' is not supported yet
ASYNC async::Task<int> F(T v) {
  co_await async::Yield();
  co_return int(v);
}
async::Task<int> Use() { return F(1); }
