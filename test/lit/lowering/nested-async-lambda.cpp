// An ASYNC lambda inside an ASYNC function, kept across the outer awaits: it
// is lowered first (its machine inside its body, its captures references),
// then the outer function moves the lowered lambda into the factory that
// creates the local (docs/lowering/07-lambdas.md section 19.1).
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

ASYNC async::Task<int> Outer(int base) {
  int total = 0;
  auto add = [&total, base](int id) ASYNC -> async::Task<int> {
    co_await async::Yield();
    total += id;
    co_return total + base;
  };
  int a = co_await add(1);
  co_return a + co_await add(2);
}

// CHECK:      static constexpr auto sm_make_add = [](int &total, decltype((base)) base) { return [&total = total, base = base](int id) ASYNC -> async::Task<int> {
// CHECK-NEXT:   struct Lambda12_StateMachine final : async::IAsyncStateMachine {
// CHECK:          int &total; // capture
// CHECK-NEXT:     const int &base; // capture
// CHECK:        auto &sm_machine = async::AsyncTaskMethodBuilder<int>::Create<Lambda12_StateMachine>(total, base, std::move(id));
// CHECK:      struct Outer_StateMachine final : async::IAsyncStateMachine {
// CHECK:        union { int total; }; // local, slot 1, line 11
// CHECK-NEXT:   union { decltype(sm_make_add(std::declval<decltype(total) &>(), std::declval<decltype(base) &>())) add; }; // local, slot 2, line 12
// CHECK:      ::new (async::detail::Storage(add)) (decltype(add))(sm_make_add(total, base)); sm_live = 2;
