// On error an existing output file is left unchanged.
// RUN: echo "previous contents" > %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: %FileCheck %s --check-prefix=OLD --input-file %t.out
// CHECK: error: co_await inside a new-expression
// OLD: {{^}}previous contents{{$}}

#include <async/async.h>

ASYNC async::Task<int> F() {
  int *x = new int(co_await async::FromResult(2));
  co_return *x;
}
