// A tuple-like structured binding whose get returns a value: each name is a
// variable of its own, kept in a slot sm_bindingN_name built from the get
// call right after the hidden object sm_bindingN (and destroyed before it);
// uses of the name become that slot, seen const through `const auto &`.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

#include <cstddef>
#include <tuple>
#include <utility>

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

// CHECK:      union { ::Pair sm_binding0; }; // local, slot 2, line 27
// CHECK-NEXT: union { ::std::tuple_element<0UL, ::Pair>::type sm_binding0_x; }; // local, slot 3, line 27
// CHECK-NEXT: union { ::std::tuple_element<1UL, ::Pair>::type sm_binding0_y; }; // local, slot 4, line 27
// CHECK-NEXT: union { const ::Pair sm_binding1; }; // local, slot 5, line 28
// CHECK:        case 7: sm_live = 6; async::detail::Destroy(sm_binding1_v); break;
// CHECK-NEXT:   case 6: sm_live = 5; async::detail::Destroy(sm_binding1_u); break;
// CHECK-NEXT:   case 5: sm_live = 4; async::detail::Destroy(sm_binding1); break;
// CHECK:      ::new (async::detail::Storage(sm_binding0)) ::Pair(sm_awaiter0.GetResult()); sm_unwind_to(0); sm_live = 2; ::new (async::detail::Storage(sm_binding0_x)) ::std::tuple_element<0UL, ::Pair>::type(sm_binding0.get<0>()); sm_live = 3; ::new (async::detail::Storage(sm_binding0_y)) ::std::tuple_element<1UL, ::Pair>::type(sm_binding0.get<1>()); sm_live = 4;
// CHECK:      (sm_binding0_x) += (static_cast<const decltype(sm_binding1_u) &>(sm_binding1_u));
// CHECK:      sm_builder.SetReturnValue((sm_binding0_x) + (sm_binding0_y) + (static_cast<const decltype(sm_binding1_v) &>(sm_binding1_v)));
