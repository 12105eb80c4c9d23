// A function returning async::ValueTask<T> is driven by
// async::AsyncValueTaskMethodBuilder<T>, as C# does.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

ASYNC async::ValueTask<int> ValueAsync(int x) {
  co_await async::Yield();
  co_return x;
}

// CHECK:      struct ValueAsync_StateMachine final : async::IAsyncStateMachine {
// CHECK-NEXT:   async::AsyncValueTaskMethodBuilder<int> sm_builder;
// CHECK:      auto &sm_machine = async::AsyncValueTaskMethodBuilder<int>::Create<ValueAsync_StateMachine>(std::move(x));
// CHECK-NEXT: ::async::ValueTask<int> sm_task = sm_machine.sm_builder.Task();
