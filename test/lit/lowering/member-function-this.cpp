// An instance member function: the machine keeps the object as sm_this;
// members used implicitly and explicit 'this' both become sm_this->.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

class Counter {
 public:
  ASYNC async::Task<int> AddAsync(int n) {
    co_await async::Yield();
    value_ += n;
    Touch();
    co_return this->value_;
  }

 private:
  void Touch() {}
  int value_ = 0;
};

// CHECK-LABEL: struct AddAsync_StateMachine final : async::IAsyncStateMachine {
// CHECK:     int sm_live = 0;   // innermost live frame slot, 0 for none
// CHECK:     ::Counter * sm_this; // the object the member function runs on
// CHECK-NEXT:     int n;
// CHECK:     AddAsync_StateMachine(async::AsyncTaskMethodBuilder<int> sm_builder, ::Counter * sm_this, int &&n)
// CHECK-NEXT:       : sm_builder(sm_builder), sm_this(sm_this), n(std::move(n)) {}
// CHECK:        sm_awaiter0.GetResult(); sm_unwind_to(0);
// CHECK-NEXT:     sm_this->value_ += n;
// CHECK-NEXT:     sm_this->Touch();
// CHECK-NEXT:     { sm_builder.SetReturnValue(sm_this->value_); goto sm_exit; }
// CHECK:   auto &sm_machine = async::AsyncTaskMethodBuilder<int>::Create<AddAsync_StateMachine>(this, std::move(n));
