// A hoisted local is constructed in place where it is declared (sm_live
// records it) and destroyed by sm_unwind_to(parent) just before the '}' that
// ends its scope.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

#include <string>

void Use(const std::string&);

ASYNC async::Task<> ScopesAsync() {
  std::string outer = "o";
  {
    std::string inner = "i";
    co_await async::Yield();
    Use(inner);
  }
  Use(outer);
  co_await async::Yield();
}

// CHECK-LABEL: void MoveNext() override {
// CHECK:         default: break;
// CHECK-NEXT:         }
// CHECK-NEXT:         {
// CHECK-NEXT:   ::new (async::detail::Storage(outer)) ::std::string("o"); sm_live = 1;
// CHECK-NEXT:   {
// CHECK-NEXT:     ::new (async::detail::Storage(inner)) ::std::string("i"); sm_live = 2;
// CHECK-NEXT:     sm_live = {{[0-9]+}}; // what this full-expression keeps in the frame dies at its end
// CHECK-NEXT:     // co_await async::Yield()
// CHECK:          sm_awaiter0.GetResult(); sm_unwind_to(2);
// CHECK-NEXT:     Use(inner);
// CHECK-NEXT:   sm_unwind_to(1); }
// CHECK-NEXT:   Use(outer);
// CHECK-NEXT:   sm_live = {{[0-9]+}}; // what this full-expression keeps in the frame dies at its end
// CHECK-NEXT:   // co_await async::Yield()
// CHECK:        sm_awaiter1.GetResult(); sm_unwind_to(1);
// CHECK-NEXT: sm_unwind_to(0); }
// CHECK-NEXT:       } catch (...) {
