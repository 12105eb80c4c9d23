// An ASYNC lambda: its body becomes a state machine like a function's. What
// the body names through captures is kept as references (to the closure's
// members for by-copy captures, const unless the lambda is mutable; to the
// captured object for by-reference ones), as a native coroutine sees them
// through the closure's `this`; a captured `this` becomes sm_this.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

#include <string>

struct Counter {
  int total = 0;
  async::Task<int> Add(int by) {
    auto add = [this, by]() ASYNC -> async::Task<int> {
      co_await async::Yield();
      total += by;
      co_return total;
    };
    return add();
  }
};

int main() {
  int base = 5;
  std::string label = "x";
  auto f = [base, &label](int k) ASYNC mutable -> async::Task<std::string> {
    base += k;
    co_await async::Yield();
    co_return label + std::to_string(base);
  };
  return f(1).Result().size() > 0 ? 0 : 1;
}

// CHECK:      auto add = [this, by]() ASYNC -> async::Task<int> {
// CHECK-NEXT:   struct Lambda16_StateMachine final : async::IAsyncStateMachine {
// CHECK:          ::Counter * sm_this; // the object the member function runs on
// CHECK-NEXT:     const int &by; // capture
// CHECK:          sm_this->total += by;
// CHECK:        auto &sm_machine = async::AsyncTaskMethodBuilder<int>::Create<Lambda16_StateMachine>(this, by);
// CHECK:      auto f = [base, &label](int k) ASYNC mutable -> async::Task<std::string> {
// CHECK-NEXT:   struct Lambda28_StateMachine final : async::IAsyncStateMachine {
// CHECK-NEXT:     async::AsyncTaskMethodBuilder<::std::string> sm_builder;
// CHECK:          int &base; // capture
// CHECK-NEXT:     ::std::string &label; // capture
// CHECK-NEXT:     int k;
// CHECK:        auto &sm_machine = async::AsyncTaskMethodBuilder<::std::string>::Create<Lambda28_StateMachine>(base, label, std::move(k));
