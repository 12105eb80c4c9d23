// An array local whose scope holds co_await is kept as an
// async::detail::ArrayOf<T[N]> (a union member cannot be built by an array
// new-expression), built in place from its initializer; its uses become
// (a.items). A lambda captures the wrapper, by copy or by reference, under
// the array's name, so the same spelling works inside it; a copy copies
// the elements, as a capture of an array does.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

async::Task<int> Get();

ASYNC async::Task<int> Arrays() {
  int a[3] = {1, 2, 3};
  co_await async::Yield();
  auto copy = [a] { return a[0]; };
  auto all = [=] { return a[1]; };
  auto ref = [&a] { return a[2]; };
  a[0] = co_await Get();
  int now = [a] { return a[0]; }();
  co_return copy() + all() + ref() + now + static_cast<int>(sizeof(a));
}

// CHECK:      static constexpr auto sm_make_copy = [](auto &a) { return [a = a] { return (a.items)[0]; }; };
// CHECK-NEXT: static constexpr auto sm_make_all = [](auto &a) { return [=, a = a] { return (a.items)[1]; }; };
// CHECK-NEXT: static constexpr auto sm_make_ref = [](auto &a) { return [&a = a] { return (a.items)[2]; }; };
// CHECK:      union { async::detail::ArrayOf<int[3]> a; }; // local, slot 1, line 15
// CHECK:      ::new (async::detail::Storage(a)) (async::detail::ArrayOf<int[3]>){{[{][{]}}1, 2, 3{{[}][}]}}; sm_live = 1;
// CHECK:      (a.items)[0] = sm_awaiter1.GetResult();
// CHECK:      [a = a] { return (a.items)[0]; }()
// CHECK:      sizeof((a.items))
