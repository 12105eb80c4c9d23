// In a template, an array of a class type named without template
// parameters, kept in the frame, is built from a lambda's return statement
// when its list leaves elements to be value-initialized: g++ 12 crashes on
// the new-expression that aggregate-initializes it there
// (test/fuzz/repro/gcc12-ice-template-class-array.cpp). Full lists, arrays
// of a dependent type or of scalars, and arrays outside templates keep the
// plain spelling.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

#include <string>

template <class T>
ASYNC async::Task<int> Arrays(T seed) {
  std::string names[2] = {"a"};
  std::string empty[2] = {};
  std::string given[2] = {std::string("b"), std::string("c")};
  T values[3] = {seed};
  T made[2] = {T(seed), T(seed)};
  int counts[2] = {1};
  co_await async::Yield();
  co_return counts[0] + static_cast<int>(names[0].size() + empty[0].size() + given[0].size()) +
            static_cast<int>(sizeof(values) + sizeof(made));
}

ASYNC async::Task<int> Plain() {
  std::string names[2] = {"a"};
  co_await async::Yield();
  co_return static_cast<int>(names[0].size());
}

// CHECK:      ::new (async::detail::Storage(names)) (async::detail::ArrayOf<std::string[2]>)([&]() -> async::detail::ArrayOf<std::string[2]> { return {{[{][{]}}"a"{{[}][}]}}; }()); sm_live = 1;
// CHECK-NEXT: ::new (async::detail::Storage(empty)) (async::detail::ArrayOf<std::string[2]>)([&]() -> async::detail::ArrayOf<std::string[2]> { return {{[{][{][}][}]}}; }()); sm_live = 2;
// CHECK-NEXT: ::new (async::detail::Storage(given)) (async::detail::ArrayOf<std::string[2]>){{[{][{]}}std::string("b"), std::string("c"){{[}][}]}}; sm_live = 3;
// CHECK-NEXT: ::new (async::detail::Storage(values)) (async::detail::ArrayOf<T[3]>){{[{][{]}}seed{{[}][}]}}; sm_live = 4;
// CHECK-NEXT: ::new (async::detail::Storage(made)) (async::detail::ArrayOf<T[2]>){{[{][{]}}T(seed), T(seed){{[}][}]}}; sm_live = 5;
// CHECK-NEXT: ::new (async::detail::Storage(counts)) (async::detail::ArrayOf<int[2]>){{[{][{]}}1{{[}][}]}}; sm_live = 6;
// CHECK:      ::new (async::detail::Storage(names)) (async::detail::ArrayOf<std::string[2]>){{[{][{]}}"a"{{[}][}]}}; sm_live = 1;
