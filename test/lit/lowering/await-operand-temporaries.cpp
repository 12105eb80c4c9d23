// Temporaries in an await's operand live to the end of the full-expression,
// across the suspension: each gets a frame slot (sm_tmpN), is created in place
// and recorded in creation order through async::detail::Created; with the
// awaited task and the awaiter they are one link of the chain and die in
// reverse creation order.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

#include <string>

ASYNC async::Task<int> TakeAsync(const std::string& a, const std::string& b);

ASYNC async::Task<int> TempsAsync() {
  int r = co_await TakeAsync(std::string("ab"), "cd");
  co_return r;
}

// CHECK-LABEL: struct TempsAsync_StateMachine final
// CHECK:     unsigned char sm_temporary_order[4]; // what the current full-expression keeps, in creation order
// CHECK-NEXT:     unsigned char sm_temporary_count = 0;
// CHECK:     ::std::string sm_tmp0; // temporary, line 16
// CHECK:     ::std::string sm_tmp1; // temporary, line 16
// CHECK:     ::async::Task<int> sm_awaitable0; // awaited by await 0, line 16
// CHECK:     async::AwaiterOf<::async::Task<int>> sm_awaiter0; // awaiter of await 0, line 16
// CHECK:     case 1: sm_live = 0;
// CHECK-NEXT:  while (sm_temporary_count) {
// CHECK-NEXT:    switch (sm_temporary_order[--sm_temporary_count]) {
// CHECK-NEXT:    case 0: async::detail::Destroy(sm_tmp0); break;
// CHECK-NEXT:    case 1: async::detail::Destroy(sm_tmp1); break;
// CHECK-NEXT:    case 2: async::detail::Destroy(sm_awaitable0); break;
// CHECK-NEXT:    case 3: async::detail::Destroy(sm_awaiter0); break;
// CHECK:   sm_live = 1; // what this full-expression keeps in the frame dies at its end
// CHECK-NEXT:   // co_await TakeAsync(std::string("ab"), "cd")
// CHECK-NEXT:   ::new (async::detail::Storage(sm_awaitable0)) ::async::Task<int>(TakeAsync(static_cast<const ::std::string&>(async::detail::Created(sm_temporary_order, sm_temporary_count, 0, *::new (async::detail::Storage(sm_tmp0)) ::std::string(std::string("ab")))), static_cast<const ::std::string&>(async::detail::Created(sm_temporary_order, sm_temporary_count, 1, *::new (async::detail::Storage(sm_tmp1)) ::std::string("cd"))))); sm_temporary_order[sm_temporary_count++] = 2;
// CHECK-NEXT:   ::new (async::detail::Storage(sm_awaiter0)) async::AwaiterOf<::async::Task<int>>(async::GetAwaiter(std::move(sm_awaitable0))); sm_temporary_order[sm_temporary_count++] = 3;
// CHECK:        int r = sm_awaiter0.GetResult(); sm_unwind_to(0);
