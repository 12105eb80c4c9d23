// A copy of a closure local and a reference to one, across co_await: the
// field's type is the type the original's factory makes (declared before
// the machine); a reference is held by pointer. A reference bound to a
// lambda's temporary keeps the closure itself, seen const through a const
// reference.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

ASYNC async::Task<int> Closures(int base) {
  auto f = [base] { return base; };
  auto g = f;
  auto &r = f;
  const auto &c = f;
  const auto &t = [base] { return base * 2; };
  co_await async::Yield();
  co_return f() + g() + r() + c() + t();
}

// CHECK:      static constexpr auto sm_make_f = [](decltype((base)) base) { return [base = base] { return base; }; };
// CHECK-NEXT: static constexpr auto sm_make_t = [](decltype((base)) base) { return [base = base] { return base * 2; }; };
// CHECK:      union { decltype(sm_make_f(std::declval<decltype(base) &>())) f; };
// CHECK-NEXT: union { decltype(sm_make_f(std::declval<decltype(base) &>())) g; };
// CHECK-NEXT: union { decltype(sm_make_f(std::declval<decltype(base) &>())) *r; };
// CHECK-NEXT: union { decltype(sm_make_f(std::declval<decltype(base) &>())) const *c; };
// CHECK-NEXT: union { decltype(sm_make_t(std::declval<decltype(base) &>())) t; };
// CHECK:      ::new (async::detail::Storage(g)) (decltype(g))(f);
// CHECK:      ::new (async::detail::Storage(r)) (decltype(r))(async::detail::AddressOf(f));
// CHECK:      ::new (async::detail::Storage(t)) (decltype(t))(sm_make_t(base));
// CHECK:      sm_builder.SetReturnValue(f() + g() + (*r)() + (*c)() + static_cast<const decltype(t) &>(t)());
