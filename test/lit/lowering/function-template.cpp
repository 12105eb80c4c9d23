// An ASYNC function template keeps its machine inside the function, so the
// machine is a templated local class: dependent types are written as the
// user wrote them (T, std::vector<T>), and what has no name before
// instantiation is spelled through decltype of the lowered text (an `auto`
// local from its initializer, a dependent awaited operand). Such fields may
// name earlier fields, so a template's fields are declared in source order,
// each in its own union. The builder is dependent: `::template Create`.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

#include <vector>

template <class T>
async::Task<T> Get(T v);

template <class T>
ASYNC async::Task<T> Twice(std::vector<T> values) {
  T first = values.front();
  auto got = co_await Get(first);
  const auto &again = co_await Get<T>(got);
  co_await async::Yield();
  co_return got + again;
}

// CHECK:      struct Twice_StateMachine final : async::IAsyncStateMachine {
// CHECK-NEXT:   async::AsyncTaskMethodBuilder<T> sm_builder;
// CHECK:        ::std::vector<T> values;
// CHECK-NEXT:   union { T first; }; // local, slot 1, line 20
// CHECK-NEXT:   union { async::detail::Kept<decltype((Get(first)))> sm_awaitable0; }; // awaited by await 0, line 21
// CHECK-NEXT:   union { async::AwaiterOf<decltype((Get(first)))> sm_awaiter0; }; // awaiter of await 0, line 21
// CHECK-NEXT:   union { std::decay_t<decltype((sm_awaiter0.GetResult()))> got; }; // local, slot 3, line 21
// CHECK-NEXT:   union { async::detail::Kept<decltype((Get<T>(got)))> sm_awaitable1; }; // awaited by await 1, line 22
// CHECK-NEXT:   union { async::AwaiterOf<decltype((Get<T>(got)))> sm_awaiter1; }; // awaiter of await 1, line 22
// CHECK-NEXT:   union { async::detail::BoundReference<const std::remove_reference_t<decltype((sm_awaiter1.GetResult()))>&, decltype((sm_awaiter1.GetResult()))> again; }; // local, slot 5, line 22
// The reference is constructed from its initializer (a temporary is kept,
// an lvalue held by address) and used through operator*.
// CHECK:        ::new (async::detail::Storage(again)) (decltype(again))(sm_awaiter1.GetResult()); sm_unwind_to(3); sm_live = 5;
// CHECK:        sm_builder.SetReturnValue(got + (*again));
// CHECK:      auto &sm_machine = async::AsyncTaskMethodBuilder<T>::template Create<Twice_StateMachine>(std::move(values));
// CHECK-NEXT: ::async::Task<T> sm_task = sm_machine.sm_builder.Task();
