// Every generated name has one prefix per function: `sm_`, unless the
// function declares or names an identifier that starts with it, then `sm1_`
// (docs/lowering/10-line-directives-and-names.md section 25). The runtime
// reads `sm_state` for the await-site table, so a machine with another
// prefix has none.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s
#include <async/async.h>

ASYNC async::Task<int> NamesAsync(int sm_state) {
  co_await async::Yield();
  co_return sm_state;
}

// CHECK:      struct NamesAsync_StateMachine final : async::IAsyncStateMachine {
// CHECK-NEXT:   async::AsyncTaskMethodBuilder<int> sm1_builder;
// CHECK-NEXT:   int sm1_state = -1;
// CHECK-NEXT:   int sm1_live = 0;
// CHECK:        int sm_state;
// CHECK-NOT:    await_sites
// CHECK:        switch (sm1_state) {
// CHECK-NEXT:   case 0: goto sm1_resume0;
// CHECK:        { sm1_builder.SetReturnValue(std::move(sm_state)); goto sm1_exit; }
// CHECK:      auto &sm1_machine = async::AsyncTaskMethodBuilder<int>::Create<NamesAsync_StateMachine>(std::move(sm_state));
