// A structured binding of a dependent type whose scope holds co_await: the
// hidden object is a frame slot typed from its initializer
// (async::detail::BindingObject<decltype((init))> for `auto`, a
// BoundReference for a reference), and each name becomes
// async::detail::BoundPart<I, N>(object), a structured binding over the
// frame's object on instantiation, so it is a data member, an element or a
// tuple-like get result as the language decides. A get that returns a value
// would need a variable of its own: instantiating with such a type stops at
// a static_assert that says so.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s
// RUN: %clangxx -std=c++17 -fsyntax-only -I%runtime_include %t.cpp
// RUN: %not %clangxx -std=c++17 -fsyntax-only -DINSTANTIATE_BY_VALUE_GET -I%runtime_include %t.cpp 2>&1 | %FileCheck --check-prefix=BY-VALUE %s

#include <async/async.h>

#include <cstddef>
#include <tuple>
#include <utility>

template <class T>
ASYNC async::Task<int> Split(T pair) {
  auto [a, b] = co_await async::FromResult(pair);
  co_await async::Yield();
  const auto &[c, d] = pair;
  co_await async::Yield();
  co_return a + b + c + d;
}

template <class Map>
ASYNC async::Task<int> Walk(const Map &m) {
  int total = 0;
  for (const auto &[key, value] : m) {
    co_await async::Yield();
    total += key + value;
  }
  co_return total;
}

// CHECK:      union { async::detail::BindingObject<decltype((sm_awaiter0.GetResult()))> sm_binding0; }; // local, slot 2, line 23
// CHECK:      union { async::detail::BoundReference<const std::remove_reference_t<decltype((pair))>&, decltype((pair))> sm_binding1; }; // local, slot 4, line 25
// CHECK:      { sm_builder.SetReturnValue((async::detail::BoundPart<0, 2>(sm_binding0)) + (async::detail::BoundPart<1, 2>(sm_binding0)) + (async::detail::BoundPart<0, 2>((*sm_binding1))) + (async::detail::BoundPart<1, 2>((*sm_binding1)))); goto sm_exit; }
// CHECK:      union { async::detail::BoundReference<const std::remove_reference_t<decltype((*sm_begin0))>&, decltype((*sm_begin0))> sm_binding0; }; // local, slot 5, line 33
// CHECK:      total += (async::detail::BoundPart<0, 2>((*sm_binding0))) + (async::detail::BoundPart<1, 2>((*sm_binding0)));

template async::Task<int> Split(std::pair<int, int>);

#ifdef INSTANTIATE_BY_VALUE_GET
// A tuple-like type whose get returns by value.
struct Computed {
  int base;
  template <std::size_t I>
  int get() const { return base + static_cast<int>(I); }
};
template <>
struct std::tuple_size<Computed> : std::integral_constant<std::size_t, 2> {};
template <std::size_t I>
struct std::tuple_element<I, Computed> { using type = int; };
template async::Task<int> Split(Computed);
// BY-VALUE: error: static assertion failed{{.*}}asyncc: in a template, a structured binding kept across co_await cannot use a get that returns a value; declare the object, then its parts
#endif
