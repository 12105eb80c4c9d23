// The user's statements and comments stay where they were in MoveNext(),
// and the function's other text (the rest of the file) is unchanged.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

#include <cstdio>

static int helper(int v) { return v * 3; }  // untouched

ASYNC async::Task<int> CommentedAsync(int v) {
  // Step one: compute.
  int w = helper(v); /* trailing block comment */
  std::printf("w=%d\n", w);
  // Step two: wait.
  co_await async::Yield();  // the only await
  /* Step three */
  co_return w;
}

// CHECK: static int helper(int v) { return v * 3; }  // untouched
// CHECK-LABEL: void MoveNext() override {
// CHECK:         default: break;
// CHECK-NEXT:         }
// CHECK-NEXT:         {
// CHECK-NEXT:   // Step one: compute.
// CHECK-NEXT:   ::new (async::detail::Storage(w)) int(helper(v)); sm_live = 1; /* trailing block comment */
// CHECK-NEXT:   std::printf("w=%d\n", w);
// CHECK-NEXT:   // Step two: wait.
// CHECK-NEXT:   sm_live = {{[0-9]+}}; // what this full-expression keeps in the frame dies at its end
// CHECK-NEXT:   // co_await async::Yield()
// CHECK:        sm_awaiter0.GetResult(); sm_unwind_to(1);  // the only await
// CHECK-NEXT:   /* Step three */
// CHECK-NEXT:   { sm_builder.SetReturnValue(std::move(w)); goto sm_exit; }
