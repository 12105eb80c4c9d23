// An async iterator (async::AsyncEnumerable<T>) is driven by
// async::AsyncIteratorMethodBuilder<T>. `co_yield e` is lowered as an await
// of sm_builder.YieldValue(e): the builder stores e for Current(), completes
// the pending MoveNextAsync with true, and its awaiter never resumes the
// machine by itself; the next MoveNextAsync does. So a yield gets a state,
// a resume label and try dispatch like any await.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

ASYNC async::AsyncEnumerable<int> Countdown(int from) {
  for (int i = from; i > 0; --i) {
    co_await async::Yield();
    co_yield i;
  }
}

// CHECK:      struct Countdown_StateMachine final : async::IAsyncStateMachine {
// CHECK-NEXT:   async::AsyncIteratorMethodBuilder<int> sm_builder;
// CHECK:          decltype(sm_builder.YieldValue(std::declval<int&>())) sm_awaitable1; // awaited by await 1, line 15
// CHECK:          async::AwaiterOf<decltype(sm_builder.YieldValue(std::declval<int&>()))> sm_awaiter1; // awaiter of await 1, line 15
// CHECK:        case 1: goto sm_resume1;
// CHECK:        // co_yield i
// CHECK-NEXT:   ::new (async::detail::Storage(sm_awaitable1)) (decltype(sm_builder.YieldValue(std::declval<int&>())))(sm_builder.YieldValue(i)); sm_temporary_order[sm_temporary_count++] = 0;
// CHECK-NEXT:   ::new (async::detail::Storage(sm_awaiter1)) (async::AwaiterOf<decltype(sm_builder.YieldValue(std::declval<int&>()))>)(async::GetAwaiter(std::move(sm_awaitable1))); sm_temporary_order[sm_temporary_count++] = 1;
// CHECK-NEXT:   if (!sm_awaiter1.IsCompleted()) {
// CHECK-NEXT:     sm_state = 1;
// CHECK-NEXT:     sm_builder.AwaitUnsafeOnCompleted(sm_awaiter1, *this);
// CHECK-NEXT:     return;
// CHECK-NEXT:   sm_resume1:
// The function only creates the iterator: Start runs nothing.
// CHECK:      auto &sm_machine = async::AsyncIteratorMethodBuilder<int>::Create<Countdown_StateMachine>(std::move(from));
// CHECK-NEXT: ::async::AsyncEnumerable<int> sm_task = sm_machine.sm_builder.Task();
// CHECK-NEXT: sm_machine.sm_builder.Start(sm_machine);
