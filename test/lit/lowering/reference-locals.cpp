// Reference locals that live across an await: a reference bound to an
// object is kept as a pointer field and every use becomes `(*name)`; a
// reference that extends a temporary's lifetime keeps the temporary itself.
// A lambda that copies the reference gets an init-capture from `(*name)`.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

#include <string>
#include <vector>

std::string Make();

ASYNC async::Task<int> RefsAsync(std::vector<int>& data) {
  int& first = data[0];
  const std::string& held = Make();
  co_await async::Yield();
  first += 1;
  auto copy = [first] { return first; };
  co_return first + int(held.size()) + copy();
}

// CHECK:      union { int *first; }; // local, slot 1
// CHECK-NEXT: union { const ::std::string held; }; // local, slot 2
// CHECK:      ::new (async::detail::Storage(first)) int *(async::detail::AddressOf(data[0])); sm_live = 1;
// CHECK-NEXT: ::new (async::detail::Storage(held)) const ::std::string(Make()); sm_live = 2;
// CHECK:      (*first) += 1;
// CHECK-NEXT: auto copy = [first = (*first)] { return first; };
// CHECK-NEXT: { sm_builder.SetReturnValue((*first) + int(held.size()) + copy()); goto sm_exit; }
