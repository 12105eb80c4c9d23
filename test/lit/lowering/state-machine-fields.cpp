// The state machine struct: builder, state, live-slot counter, parameters
// under the user's names, one union slot per hoisted local (with a comment
// naming its slot and line), and one union each for the awaited temporaries
// and the awaiters (one await is in progress at a time).
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

#include <string>

ASYNC async::Task<int> IntAsync();

ASYNC async::Task<int> FieldsAsync(int count, std::string label) {
  std::string copy = label;
  co_await async::Yield();
  co_await IntAsync();
  co_return count + int(copy.size());
}

// CHECK-LABEL: ASYNC async::Task<int> FieldsAsync(int count, std::string label) {
// CHECK-NEXT:   struct FieldsAsync_StateMachine final : async::IAsyncStateMachine {
// CHECK-NEXT:     async::AsyncTaskMethodBuilder<int> sm_builder;
// CHECK-NEXT:     int sm_state = -1; // -1 running, -2 done, N >= 0 suspended at await N
// CHECK-NEXT:     int sm_live = 0;   // innermost live frame slot, 0 for none
// CHECK-NEXT:     unsigned char sm_temporary_order[2]; // what the current full-expression keeps, in creation order
// CHECK-NEXT:     unsigned char sm_temporary_count = 0;
// CHECK-NEXT:     int count;
// CHECK-NEXT:     ::std::string label;
// CHECK-NEXT:     union { ::std::string copy; }; // local, slot 1, line 15
// CHECK-NEXT:     union { // value 0 kept by a full-expression
// CHECK-NEXT:       ::async::YieldAwaitable sm_awaitable0; // awaited by await 0, line 16
// CHECK-NEXT:       ::async::Task<int> sm_awaitable1; // awaited by await 1, line 17
// CHECK-NEXT:     };
// CHECK-NEXT:     union { // value 1 kept by a full-expression
// CHECK-NEXT:       async::AwaiterOf<::async::YieldAwaitable> sm_awaiter0; // awaiter of await 0, line 16
// CHECK-NEXT:       async::AwaiterOf<::async::Task<int>> sm_awaiter1; // awaiter of await 1, line 17
// CHECK-NEXT:     };
// CHECK-EMPTY:
// CHECK-NEXT:     FieldsAsync_StateMachine(async::AsyncTaskMethodBuilder<int> sm_builder, int &&count, ::std::string &&label)
// CHECK-NEXT:       : sm_builder(sm_builder), count(std::move(count)), label(std::move(label)) {}
// CHECK-NEXT:     FieldsAsync_StateMachine(const FieldsAsync_StateMachine &) = delete;
// CHECK-NEXT:     FieldsAsync_StateMachine &operator=(const FieldsAsync_StateMachine &) = delete;
// CHECK-NEXT:     ~FieldsAsync_StateMachine() override { sm_unwind_to(0); }
