// A tuple-like structured binding whose get returns a value: each name is a
// variable of its own, kept in a slot sm_bindingN_name built from the get
// call right after the hidden object sm_bindingN (and destroyed before it);
// uses of the name become that slot, seen const through `const auto &`.
// As a range-for's loop variable the values are built after it at the top
// of each iteration, and die with it at the iteration's end.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

#include <cstddef>
#include <tuple>
#include <utility>
#include <vector>

struct Pair {
  int a, b;
  template <std::size_t I>
  int get() const { return I == 0 ? a : b; }
};
template <>
struct std::tuple_size<Pair> : std::integral_constant<std::size_t, 2> {};
template <std::size_t I>
struct std::tuple_element<I, Pair> { using type = int; };

async::Task<Pair> MakePair();

ASYNC async::Task<int> ByValueGet() {
  auto [x, y] = co_await MakePair();
  const auto &[u, v] = Pair{3, 4};
  co_await async::Yield();
  x += u;
  co_return x + y + v;
}

ASYNC async::Task<int> Loop(std::vector<Pair> pairs) {
  int sum = 0;
  for (auto [k, v] : pairs) {
    co_await async::Yield();
    sum += k + v;
  }
  co_return sum;
}

// CHECK:      union { ::Pair sm_binding0; }; // local, slot 2, line 30
// CHECK-NEXT: union { ::std::tuple_element<0UL, ::Pair>::type sm_binding0_x; }; // local, slot 3, line 30
// CHECK-NEXT: union { ::std::tuple_element<1UL, ::Pair>::type sm_binding0_y; }; // local, slot 4, line 30
// CHECK-NEXT: union { const ::Pair sm_binding1; }; // local, slot 5, line 31
// CHECK:        case 7: sm_live = 6; async::detail::Destroy(sm_binding1_v); break;
// CHECK-NEXT:   case 6: sm_live = 5; async::detail::Destroy(sm_binding1_u); break;
// CHECK-NEXT:   case 5: sm_live = 4; async::detail::Destroy(sm_binding1); break;
// CHECK:      ::new (async::detail::Storage(sm_binding0)) ::Pair(sm_awaiter0.GetResult()); sm_unwind_to(0); sm_live = 2; ::new (async::detail::Storage(sm_binding0_x)) ::std::tuple_element<0UL, ::Pair>::type(sm_binding0.get<0>()); sm_live = 3; ::new (async::detail::Storage(sm_binding0_y)) ::std::tuple_element<1UL, ::Pair>::type(sm_binding0.get<1>()); sm_live = 4;
// CHECK:      (sm_binding0_x) += (static_cast<const decltype(sm_binding1_u) &>(sm_binding1_u));
// CHECK:      sm_builder.SetReturnValue((sm_binding0_x) + (sm_binding0_y) + (static_cast<const decltype(sm_binding1_v) &>(sm_binding1_v)));
// CHECK:      for (; sm_begin0 != sm_end0; ++sm_begin0) { ::new (async::detail::Storage(sm_binding0)) ::Pair(*sm_begin0); sm_live = 5; ::new (async::detail::Storage(sm_binding0_k)) ::std::tuple_element<0UL, ::Pair>::type(sm_binding0.get<0>()); sm_live = 6; ::new (async::detail::Storage(sm_binding0_v)) ::std::tuple_element<1UL, ::Pair>::type(sm_binding0.get<1>()); sm_live = 7; {
// CHECK:      sum += (sm_binding0_k) + (sm_binding0_v);
