// A for loop whose body awaits: its loop variable is hoisted, constructed
// in a block around the loop (the init-statement becomes empty), and
// destroyed after the loop.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

ASYNC async::Task<int> LoopAsync(int n) {
  int sum = 0;
  for (int i = 0; i < n; ++i) {
    sum += co_await async::FromResult(i);
  }
  co_return sum;
}

ASYNC async::Task<int> LoopAssignAsync(int n) {
  int sum = 0;
  for (int i = 0; i < n; ++i) {
    int v = co_await async::FromResult(i);
    sum += v;
  }
  co_return sum;
}

// CHECK-LABEL: struct LoopAssignAsync_StateMachine
// CHECK:     union { int sum; }; // local, slot 1, line 18
// CHECK-NEXT:     union { int i; }; // local, slot 2, line 19
// CHECK:        ::new (async::detail::Storage(sum)) int(0); sm_live = 1;
// CHECK-NEXT:   { ::new (async::detail::Storage(i)) int(0); sm_live = 2;
// CHECK-NEXT:   for (; i < n; ++i) {
// CHECK-NEXT:     sm_live = 3; // what this full-expression keeps in the frame dies at its end
// CHECK-NEXT:     // co_await async::FromResult(i)
// CHECK:          int v = sm_awaiter0.GetResult(); sm_unwind_to(2);
// CHECK-NEXT:     sum += v;
// CHECK-NEXT:   } sm_unwind_to(1); }
// CHECK-NEXT:   { sm_builder.SetReturnValue(std::move(sum)); goto sm_exit; }
