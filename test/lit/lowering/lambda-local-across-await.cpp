// A local of lambda type kept across co_await: the lambda moves into a
// factory declared before the machine, which takes the frame fields it names
// by reference; the field's type is the factory's result, and MoveNext
// builds it with a call of the factory.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

ASYNC async::Task<int> Closures(int p) {
  int x = 1;
  auto add = [x, &p](int k) { return x + p + k; };
  auto count = [c = 0]() mutable { return ++c; };
  co_await async::Yield();
  co_return add(count());
}

// CHECK:      static constexpr auto sm_make_add = [](int &x, decltype((p)) p) { return [x = x, &p = p](int k) { return x + p + k; }; }; // creates local 'add', a lambda kept across co_await
// CHECK-NEXT: static constexpr auto sm_make_count = []() { return [c = 0]() mutable { return ++c; }; }; // creates local 'count', a lambda kept across co_await
// CHECK-NEXT: struct Closures_StateMachine final : async::IAsyncStateMachine {
// CHECK:        union { int x; }; // local, slot 1, line 11
// CHECK-NEXT:   union { decltype(sm_make_add(std::declval<decltype(x) &>(), std::declval<decltype(p) &>())) add; }; // local, slot 2, line 12
// CHECK-NEXT:   union { decltype(sm_make_count()) count; }; // local, slot 3, line 13
// CHECK-LABEL: void MoveNext() override {
// CHECK:        ::new (async::detail::Storage(add)) (decltype(add))(sm_make_add(x, p)); sm_live = 2;
// CHECK-NEXT:   ::new (async::detail::Storage(count)) (decltype(count))(sm_make_count()); sm_live = 3;
