// In a template, an ASYNC lambda's capture default: what its body names
// from the function becomes a reference field of its machine, to the
// closure's copy ([=]) or to the variable itself ([&]). And an ASYNC
// operator's machine is named after the operator.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

template <class T>
ASYNC async::Task<T> Outer(T base) {
  T local = base;
  auto byCopy = [=](T k) ASYNC -> async::Task<T> {
    co_await async::Yield();
    co_return local + base + k;
  };
  auto byRef = [&]() ASYNC -> async::Task<T> {
    co_await async::Yield();
    co_return local += 1;
  };
  co_return co_await byCopy(1) + co_await byRef();
}

struct Calc {
  ASYNC async::Task<int> operator()(int x) {
    co_await async::Yield();
    co_return x;
  }
};

// CHECK: struct Lambda{{[0-9]+}}_StateMachine final {
// CHECK: const T &local; // capture
// CHECK-NEXT: const T &base; // capture
// CHECK: Create<Lambda{{[0-9]+}}_StateMachine>(local, base, std::move(k));
// CHECK: struct Lambda{{[0-9]+}}_StateMachine final {
// CHECK: T &local; // capture
// CHECK: Create<Lambda{{[0-9]+}}_StateMachine>(local);
// CHECK: struct operator_call_StateMachine final : async::IAsyncStateMachine {
// CHECK: Create<operator_call_StateMachine>(this, std::move(x));
