// A const member function: sm_this points to const.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

class Box {
 public:
  ASYNC async::Task<int> GetAsync() const {
    co_await async::Yield();
    co_return value_;
  }

 private:
  int value_ = 0;
};

// CHECK-LABEL: struct GetAsync_StateMachine final : async::IAsyncStateMachine {
// CHECK:     const ::Box * sm_this; // the object the member function runs on
// CHECK:     GetAsync_StateMachine(async::AsyncTaskMethodBuilder<int> sm_builder, const ::Box * sm_this)
// CHECK-NEXT:       : sm_builder(sm_builder), sm_this(sm_this) {}
// CHECK:     { sm_builder.SetReturnValue(sm_this->value_); goto sm_exit; }
// CHECK:   auto &sm_machine = async::AsyncTaskMethodBuilder<int>::Create<GetAsync_StateMachine>(this);
