// A range-based for loop with an await in its body: its hidden range, begin
// and end variables become frame slots (sm_rangeN, sm_beginN, sm_endN; the
// range as a pointer when it names an object, as the object itself when it
// is a temporary), and the loop variable is constructed from *begin at the
// top of each iteration and destroyed at its end.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

#include <string>
#include <vector>

std::vector<std::string> Names();
ASYNC async::Task<int> Size(const std::string& s);

ASYNC async::Task<int> SumAsync(std::vector<int>& data) {
  int sum = 0;
  for (int& x : data) {
    sum += co_await async::FromResult(x);
  }
  for (const std::string& name : Names()) {
    sum += co_await Size(name);
  }
  co_return sum;
}

// CHECK:      union { ::std::vector<int> *sm_range0; }; // local, slot 2
// CHECK:      union { int *x; }; // local, slot 5
// CHECK:      union { ::std::vector< ::std::string> sm_range1; }; // local, slot 7
// CHECK:      union { const ::std::string *name; }; // local, slot 10
// CHECK-LABEL: void MoveNext() override {
// CHECK:        { // for (int& x : data)
// CHECK-NEXT:     ::new (async::detail::Storage(sm_range0)) ::std::vector<int> *(async::detail::AddressOf(data)); sm_live = 2;
// CHECK-NEXT:     ::new (async::detail::Storage(sm_begin0)) {{.*}}((*sm_range0).begin()); sm_live = 3;
// CHECK-NEXT:     ::new (async::detail::Storage(sm_end0)) {{.*}}((*sm_range0).end()); sm_live = 4;
// CHECK-NEXT:   for (; sm_begin0 != sm_end0; ++sm_begin0) { ::new (async::detail::Storage(x)) int *(async::detail::AddressOf(*sm_begin0)); sm_live = 5; {
// CHECK:          sum += sm_awaiter0.GetResult(); sm_unwind_to(5);
// CHECK-NEXT:   } sm_unwind_to(4); } sm_unwind_to(1); }
// CHECK:        { // for (const std::string& name : Names())
// CHECK-NEXT:     ::new (async::detail::Storage(sm_range1)) ::std::vector< ::std::string>(Names()); sm_live = 7;
