// The machine of an ASYNC lambda in a template (or of a generic one) has no
// destructor and no virtual functions: Clang 15-19 leave a user-provided
// destructor of a local class undefined when the class sits in a generic
// lambda in a template, so `sm_destroy()` tears the frame down and the box
// calls it (docs/lowering/07-lambdas.md section 20). That covers a generic ASYNC
// lambda, kept across co_await or not, a plain one inside a generic helper
// lambda, and one made by a closure factory that must stay generic. Outside
// templates machines keep their destructor. No warnings either way.
// test/run/template-generic-async-lambda.cpp runs these shapes in all builds.
// RUN: %asyncc %s -o %t.out 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning:
// RUN: %FileCheck %s --check-prefix=OUT < %t.out

#include <async/async.h>

ASYNC async::Task<int> Echo(int v) {
  co_await async::Yield();
  co_return v;
}

template <class T>
ASYNC async::Task<int> Typed(T pt) {
  int x = 1;
  // Every name is spelled before the machine: a typed factory.
  // OUT: static constexpr auto sm_make_typed = [](int &x, decltype((pt)) pt) {
  // OUT: struct Lambda[[@LINE+6]]_StateMachine final {
  // OUT: void sm_destroy() noexcept {
  // OUT-NEXT: sm_unwind_to(0);
  // OUT-NEXT: async::detail::Destroy(k);
  // OUT-NEXT: async::detail::Destroy(sm_builder);
  // OUT-NEXT: }
  auto typed = [&](int k) ASYNC -> async::Task<int> {
    co_await async::Yield();
    co_return x + k + static_cast<int>(pt);
  };
  co_await async::Yield();
  co_return co_await typed(2);
}

template <class T>
ASYNC async::Task<int> Aliased(T pt) {
  using U = T;
  U local = pt;
  // `local` has a type only the machine can spell: a generic factory.
  // OUT: static constexpr auto sm_make_named = [](auto &local) {
  // OUT: struct Lambda[[@LINE+2]]_StateMachine final {
  // OUT: void sm_destroy() noexcept {
  auto named = [&](int k) ASYNC -> async::Task<int> {
    co_await async::Yield();
    co_return static_cast<int>(local) + k;
  };
  co_await async::Yield();
  co_return co_await named(3);
}

template <class T>
ASYNC async::Task<int> Generic(T pt) {
  // OUT: struct Lambda[[@LINE+6]]_StateMachine final {
  // OUT: void sm_destroy() noexcept {
  // OUT-NEXT: sm_unwind_to(0);
  // OUT-NEXT: async::detail::Destroy(value);
  // OUT-NEXT: async::detail::Destroy(sm_builder);
  // OUT: void MoveNext() {
  auto twice = [](auto value) ASYNC -> async::Task<decltype(value + value)> {
    co_await async::Yield();
    co_return value + value;
  };
  co_await async::Yield();
  co_return static_cast<int>(co_await twice(pt));
}

template <class T>
ASYNC async::Task<int> InGenericHelper(T pt) {
  auto helper = [](auto seed) {
    // OUT: struct Lambda[[@LINE+2]]_StateMachine final {
    // OUT: void sm_destroy() noexcept {
    auto step = [](int s) ASYNC -> async::Task<int> { co_return co_await Echo(s * 2); };
    return step(static_cast<int>(seed));
  };
  co_return co_await helper(pt);
}

// Outside templates: a destructor of its own.
ASYNC async::Task<int> PlainHelper(int v) {
  // OUT: struct Lambda[[@LINE+2]]_StateMachine final : async::IAsyncStateMachine {
  // OUT: ~Lambda[[@LINE+1]]_StateMachine() override { sm_unwind_to(0); }
  auto step = [](int s) ASYNC -> async::Task<int> { co_return co_await Echo(s); };
  co_return co_await step(v);
}

ASYNC async::Task<int> Main() {
  int a = co_await Typed(1);
  int b = co_await Aliased(2);
  int c = co_await Generic(3);
  int d = co_await InGenericHelper(5) + co_await PlainHelper(7);
  co_return a + b + c + d;
}
