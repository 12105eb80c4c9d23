// With -o, generated lines (the struct, the part of an await's prelude that
// suspends, the kickoff) carry #line directives naming the output file, so a
// message about them points at the generated code; the user's statements
// keep #line directives naming the source.
// RUN: %asyncc %s -o %t.cpp
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s -DOUT=%t.cpp

#include <async/async.h>

ASYNC async::Task<int> LinesAsync() {
  int before = 1;
  co_await async::Yield();
  co_return before;
}

// CHECK:      ASYNC async::Task<int> LinesAsync() {
// CHECK-NEXT: #line [[#]] "[[OUT]]"
// CHECK-NEXT:   struct LinesAsync_StateMachine final
// CHECK:      // co_await async::Yield()
// CHECK-NEXT: #line 12 "{{.*}}line-directives-generated.cpp"
// CHECK-NEXT:   ::new (async::detail::Storage(sm_awaitable0))
// CHECK-NEXT:   ::new (async::detail::Storage(sm_awaiter0))
// CHECK-NEXT: #line [[#]] "[[OUT]]"
// CHECK-NEXT:   if (!sm_awaiter0.IsCompleted()) {
// CHECK:      #line 12 "{{.*}}line-directives-generated.cpp"
// CHECK-NEXT:   sm_awaiter0.GetResult(); sm_unwind_to(1);
