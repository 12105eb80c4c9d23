// A member function defined out of class: the declaration in the class is
// left alone, the definition is lowered with sm_this of the class type.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

namespace ns {
class Widget {
 public:
  ASYNC async::Task<> ResetAsync(int to);

 private:
  int value_ = 1;
};
}  // namespace ns

ASYNC async::Task<> ns::Widget::ResetAsync(int to) {
  co_await async::Yield();
  value_ = to;
}

// CHECK:       ASYNC async::Task<> ResetAsync(int to);
// CHECK-EMPTY:
// CHECK-NEXT:  private:
// CHECK-LABEL: ASYNC async::Task<> ns::Widget::ResetAsync(int to) {
// CHECK-NEXT:   struct ResetAsync_StateMachine final : async::IAsyncStateMachine {
// CHECK:     ::ns::Widget * sm_this; // the object the member function runs on
// CHECK:     sm_this->value_ = to;
// CHECK:   auto &sm_machine = async::AsyncTaskMethodBuilder<void>::Create<ResetAsync_StateMachine>(this, std::move(to));
