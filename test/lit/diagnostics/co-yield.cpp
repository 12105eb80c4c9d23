// co_yield in a function returning Task: Task's promise has no yield_value, so
// Clang rejects it before the tool's own check (exit 1, no file).
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>


ASYNC async::Task<int> F() {
  // CHECK: {{.*}}co-yield.cpp:[[@LINE+1]]:3: error: no member named 'yield_value'
  co_yield 1;
  co_return 0;
}
