// In a template, a range-based for over a dependent range with co_await in
// its body: the range is an async::detail::BoundReference, begin and end are
// found on instantiation by async::detail::Begin/End, and the loop variable
// is typed from `*begin`; the fields follow the range expression.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

template <class T>
async::Task<T> Use(T v) { co_return v; }

template <class Range>
ASYNC async::Task<long> Sum(const Range &range) {
  long total = 0;
  for (const auto &v : range)
    total += co_await Use(v);
  co_return total;
}

// CHECK:      union { long total; }; // local, slot 1, line 15
// CHECK-NEXT: union { async::detail::BoundReference<decltype((range))&&, decltype((range))> sm_range0; }; // local, slot 2, line 16
// CHECK-NEXT: union { decltype(async::detail::Begin((*sm_range0))) sm_begin0; }; // local, slot 3, line 16
// CHECK-NEXT: union { decltype(async::detail::End((*sm_range0))) sm_end0; }; // local, slot 4, line 16
// CHECK-NEXT: union { async::detail::BoundReference<const std::remove_reference_t<decltype((*sm_begin0))>&, decltype((*sm_begin0))> v; }; // local, slot 5, line 16
// CHECK-LABEL: void MoveNext() override {
// CHECK:        ::new (async::detail::Storage(sm_range0)) (decltype(sm_range0))(range); sm_live = 2;
// CHECK-NEXT:   ::new (async::detail::Storage(sm_begin0)) (decltype(sm_begin0))(async::detail::Begin((*sm_range0))); sm_live = 3;
// CHECK-NEXT:   ::new (async::detail::Storage(sm_end0)) (decltype(sm_end0))(async::detail::End((*sm_range0))); sm_live = 4;
// CHECK-NEXT: for (; sm_begin0 != sm_end0; ++sm_begin0)
// CHECK-NEXT:   { ::new (async::detail::Storage(v)) (decltype(v))(*sm_begin0); sm_live = 5;

template async::Task<long> Sum(const int (&)[3]);
