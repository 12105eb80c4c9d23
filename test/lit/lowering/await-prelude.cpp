// One await: the statement's link of the chain is made innermost, the
// awaitable and the awaiter are placement-new'ed into their slots and
// recorded, IsCompleted() is tested, the machine records its state and
// registers itself, returns, and resumes at the label; GetResult() takes the
// place of the co_await.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

ASYNC async::Task<int> ValueAsync();

ASYNC async::Task<> AwaitAsync() {
  co_await ValueAsync();
}

// CHECK-LABEL: ASYNC async::Task<> AwaitAsync() {
// CHECK:         default: break;
// CHECK-NEXT:         }
// CHECK-NEXT:         {
// CHECK-NEXT:   sm_live = 1; // what this full-expression keeps in the frame dies at its end
// CHECK-NEXT:   // co_await ValueAsync()
// CHECK-NEXT:   ::new (async::detail::Storage(sm_awaitable0)) ::async::Task<int>(ValueAsync()); sm_temporary_order[sm_temporary_count++] = 0;
// CHECK-NEXT:   ::new (async::detail::Storage(sm_awaiter0)) async::AwaiterOf<::async::Task<int>>(async::GetAwaiter(std::move(sm_awaitable0))); sm_temporary_order[sm_temporary_count++] = 1;
// CHECK-NEXT:   if (!sm_awaiter0.IsCompleted()) {
// CHECK-NEXT:     sm_state = 0;
// CHECK-NEXT:     sm_builder.AwaitUnsafeOnCompleted(sm_awaiter0, *this);
// CHECK-NEXT:     return;
// CHECK-NEXT:   sm_resume0:
// CHECK-NEXT:     sm_state = -1;
// CHECK-NEXT:   }
// CHECK-NEXT:   sm_awaiter0.GetResult(); sm_unwind_to(0);
// CHECK-NEXT: }
// CHECK-NEXT:       } catch (...) {
// CHECK-NEXT:         sm_unwind_to(0);
// CHECK-NEXT:         sm_state = -2;
// CHECK-NEXT:         sm_builder.SetException(std::current_exception());
// CHECK-NEXT:         return;
// CHECK-NEXT:       }
// CHECK-NEXT:       sm_state = -2;
// CHECK-NEXT:       sm_builder.SetResult();
// CHECK-NEXT:     }
