// An ASYNC overloaded operator's machine is named after the operator's
// tokens (`operator()_StateMachine` is no identifier); a type declared in
// the body whose value lives across co_await moves into the machine, which
// is declared before the body (docs/lowering/06-members-operators-local-types.md
// section 18).
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s
#include <async/async.h>

struct Counter {
  int base = 0;
  ASYNC async::Task<int> operator()(int x) {
    co_await async::Yield();
    co_return base + x;
  }
  ASYNC async::Task<int> operator+=(int x) {
    co_await async::Yield();
    base += x;
    co_return base;
  }
};

// CHECK:      ASYNC async::Task<int> operator()(int x) {
// CHECK-NEXT:   struct operator_call_StateMachine final : async::IAsyncStateMachine {
// CHECK:        auto &sm_machine = async::AsyncTaskMethodBuilder<int>::Create<operator_call_StateMachine>(this, std::move(x));
// CHECK:      ASYNC async::Task<int> operator+=(int x) {
// CHECK-NEXT:   struct operator_plus_equal_StateMachine final : async::IAsyncStateMachine {

ASYNC async::Task<int> PairSumAsync() {
  struct Pair {
    int first, second;
  };
  Pair p{1, 2};
  co_await async::Yield();
  co_return p.first + p.second;
}

// The definition moves to the top of the machine, and leaves the body:
// CHECK:      struct PairSumAsync_StateMachine final : async::IAsyncStateMachine {
// CHECK-NOT:  MoveNext
// CHECK:        struct Pair {
// CHECK-NEXT:     int first, second;
// CHECK-NEXT:   }; // declared in the function
// CHECK-NEXT:   union { Pair p; }; // local, slot 1, line {{[0-9]+}}
// CHECK:      void MoveNext() override {
// CHECK-NOT:  struct Pair
// CHECK:        ::new (async::detail::Storage(p)) Pair{1, 2}; sm_live = 1;
