// break, continue and co_return leaving scopes with hoisted locals destroy
// them where they land, after the jump has destroyed its plain locals:
// break after the loop, continue at a label closing the body, co_return at
// the exit.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

#include <string>

ASYNC async::Task<int> JumpsAsync(int n) {
  std::string outer = "o";
  while (n > 0) {
    std::string step = "s";
    co_await async::Yield();
    --n;
    if (n == 5)
      continue;
    if (n == 3)
      break;
    if (n == 1)
      co_return 1;
  }
  co_await async::Yield();
  co_return 0;
}

// CHECK-LABEL: void MoveNext() override {
// CHECK:        ::new (async::detail::Storage(outer)) ::std::string("o"); sm_live = 1;
// CHECK-NEXT:   { while (n > 0) { { {
// CHECK-NEXT:     ::new (async::detail::Storage(step)) ::std::string("s"); sm_live = 2;
// CHECK:          sm_awaiter0.GetResult(); sm_unwind_to(2);
// CHECK-NEXT:     --n;
// CHECK-NEXT:     if (n == 5)
// CHECK-NEXT:       { goto sm_continue0; }
// CHECK-NEXT:     if (n == 3)
// CHECK-NEXT:       { break; }
// CHECK-NEXT:     if (n == 1)
// CHECK-NEXT:       { { sm_builder.SetReturnValue(1); goto sm_exit; } }
// CHECK-NEXT:   } sm_continue0:; } sm_unwind_to(1); } sm_unwind_to(1); }
// A block that ends in a jump gets no unwind after it (unreachable: the
// jump unwinds where it lands).
// CHECK:        { sm_builder.SetReturnValue(0); goto sm_exit; }
// CHECK-NEXT: } }
// CHECK-NEXT: sm_exit:
// CHECK-NEXT:   sm_unwind_to(0);
// CHECK-NEXT: } catch (...) {
// CHECK:        sm_builder.SetException(std::current_exception());
// CHECK:        sm_state = -2;
// CHECK-NEXT:   sm_builder.SetResult();
