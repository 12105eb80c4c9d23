// A function parameter pack cannot be a data member: the machine keeps the
// parameters' copies in one async::detail::ParameterPack<pattern...>, built
// from the arguments forwarded as a tuple of references, and MoveNext's body
// runs inside a lambda that takes them back as a pack of the same name
// (a by-value element as an lvalue reference to the frame's copy). Field
// types spelled through decltype name `xs` at class scope, where it is the
// function's own pack (an unevaluated use). decltype(xs) of a by-value pack
// names the declared type, as natively.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

#include <utility>

template <class... Ts>
async::Task<int> Sum(Ts... xs);

template <class... Ts>
ASYNC async::Task<int> Twice(int base, Ts... xs) {
  auto first = co_await Sum(xs...);
  ((xs += 1), ...);
  int second = co_await Sum(std::forward<decltype(xs)>(xs)...);
  co_return base + first + second;
}

template <class... Ts>
ASYNC async::Task<int> Forward(const Ts &...xs) {
  co_return co_await Sum(xs...);
}

// CHECK:      struct Twice_StateMachine final : async::IAsyncStateMachine {
// CHECK:        int base;
// CHECK-NEXT:   async::detail::ParameterPack<Ts...> sm_xs_pack; // the parameter pack xs
// CHECK-NEXT:   union { async::detail::Kept<decltype((Sum(xs...)))> sm_awaitable0; }; // awaited by await 0, line 21
// CHECK:        Twice_StateMachine(async::AsyncTaskMethodBuilder<int> sm_builder, int &&base, async::detail::ForwardedPack<Ts...> sm_xs_pack)
// CHECK-NEXT:     : sm_builder(sm_builder), base(std::move(base)), sm_xs_pack(std::move(sm_xs_pack)) {}
// CHECK:        void MoveNext() override {
// CHECK-NEXT:   async::detail::ExpandParameterPack(sm_xs_pack, [&](Ts &...xs) { // the parameter pack xs, from the frame
// CHECK-NEXT:     try {
// CHECK:        Sum(std::forward<std::remove_reference_t<decltype(xs)>>(xs)...)
// CHECK:          sm_builder.SetResult();
// CHECK-NEXT:   });
// CHECK-NEXT:   }
// CHECK:      auto &sm_machine = async::AsyncTaskMethodBuilder<int>::Create<Twice_StateMachine>(std::move(base), async::detail::ForwardedPack<Ts...>(std::forward<Ts>(xs)...));

// A reference pattern comes back as itself.
// CHECK:      async::detail::ParameterPack<const Ts &...> sm_xs_pack; // the parameter pack xs
// CHECK:      async::detail::ExpandParameterPack(sm_xs_pack, [&](const Ts &...xs) {
// CHECK:      Create<Forward_StateMachine>(async::detail::ForwardedPack<const Ts &...>(std::forward<const Ts &>(xs)...));
