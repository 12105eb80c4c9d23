// A static member function has no sm_this; it may use private static
// members of its class.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

class Factory {
 public:
  ASYNC static async::Task<int> MakeAsync(int n) {
    co_await async::Yield();
    co_return n * factor_;
  }

 private:
  static constexpr int factor_ = 2;
};

// CHECK-LABEL: struct MakeAsync_StateMachine final : async::IAsyncStateMachine {
// CHECK-NOT:  sm_this
// CHECK:     MakeAsync_StateMachine(async::AsyncTaskMethodBuilder<int> sm_builder, int &&n)
// CHECK-NEXT:       : sm_builder(sm_builder), n(std::move(n)) {}
// CHECK-NOT:  sm_this
// CHECK:     { sm_builder.SetReturnValue(n * factor_); goto sm_exit; }
// CHECK:   auto &sm_machine = async::AsyncTaskMethodBuilder<int>::Create<MakeAsync_StateMachine>(std::move(n));
