// Temporaries in an await's operand live to the end of the statement, across
// the suspension: each gets a frame slot (sm_tmpN), is created in place and
// recorded in creation order through async::detail::Created; the statement's
// temporaries are one link of the chain and die in reverse creation order.
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
// CHECK:     unsigned char sm_temporary_order[2]; // the current statement's temporaries, in creation order
// CHECK-NEXT:     unsigned char sm_temporary_count = 0;
// CHECK:     ::std::string sm_tmp0;
// CHECK:     ::std::string sm_tmp1;
// CHECK:     case 2: sm_live = 0;
// CHECK-NEXT:  while (sm_temporary_count) {
// CHECK-NEXT:    switch (sm_temporary_order[--sm_temporary_count]) {
// CHECK-NEXT:    case 0: async::detail::Destroy(sm_tmp0); break;
// CHECK-NEXT:    case 1: async::detail::Destroy(sm_tmp1); break;
// CHECK:   // co_await TakeAsync(std::string("ab"), "cd")
// CHECK-NEXT:   sm_live = 2; // the temporaries below live to the end of the statement
// CHECK-NEXT:   ::new (async::detail::Storage(sm_awaitable0)) ::async::Task<int>(TakeAsync(static_cast<const ::std::string&>(async::detail::Created(sm_temporary_order, sm_temporary_count, 0, *::new (async::detail::Storage(sm_tmp0)) const ::std::string(std::string("ab")))), static_cast<const ::std::string&>(async::detail::Created(sm_temporary_order, sm_temporary_count, 1, *::new (async::detail::Storage(sm_tmp1)) const ::std::string("cd"))))); sm_live = 3;
// CHECK:        int r = sm_awaiter0.GetResult(); sm_unwind_to(0);
