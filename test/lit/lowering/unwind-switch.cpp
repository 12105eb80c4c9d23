// sm_unwind_to(level) destroys the live frame slots innermost first; each
// case names the slot's parent, so the chain follows the scopes.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

#include <string>

ASYNC async::Task<> UnwindAsync() {
  std::string outer = "o";
  {
    std::string inner = "i";
    co_await async::Yield();
  }
  std::string after = outer;
  co_await async::Yield();
}

// CHECK-LABEL: struct UnwindAsync_StateMachine
// CHECK:     union { ::std::string outer; }; // local, slot 1, line 11
// CHECK-NEXT:     union { ::std::string inner; }; // local, slot 2, line 13
// CHECK-NEXT:     union { ::std::string after; }; // local, slot 4, line 16
// CHECK:     // Destroys the live frame slots, innermost first, until `level` is innermost.
// CHECK-NEXT:     void sm_unwind_to(int level) {
// CHECK-NEXT:       while (sm_live != level) {
// CHECK-NEXT:         switch (sm_live) {
// CHECK-NEXT:         case 5: sm_live = 4;
// CHECK-NEXT:           while (sm_temporary_count) {
// CHECK-NEXT:             switch (sm_temporary_order[--sm_temporary_count]) {
// CHECK-NEXT:             case 0: async::detail::Destroy(sm_awaitable1); break;
// CHECK-NEXT:             case 1: async::detail::Destroy(sm_awaiter1); break;
// CHECK-NEXT:             }
// CHECK-NEXT:           }
// CHECK-NEXT:           break;
// CHECK-NEXT:         case 4: sm_live = 1; async::detail::Destroy(after); break;
// CHECK-NEXT:         case 3: sm_live = 2;
// CHECK-NEXT:           while (sm_temporary_count) {
// CHECK-NEXT:             switch (sm_temporary_order[--sm_temporary_count]) {
// CHECK-NEXT:             case 0: async::detail::Destroy(sm_awaitable0); break;
// CHECK-NEXT:             case 1: async::detail::Destroy(sm_awaiter0); break;
// CHECK-NEXT:             }
// CHECK-NEXT:           }
// CHECK-NEXT:           break;
// CHECK-NEXT:         case 2: sm_live = 1; async::detail::Destroy(inner); break;
// CHECK-NEXT:         case 1: sm_live = 0; async::detail::Destroy(outer); break;
// CHECK-NEXT:         }
// CHECK-NEXT:       }
// CHECK-NEXT:     }
