// Locals whose scope has no await after them stay ordinary locals of
// MoveNext(); only those that live across an await get a frame slot.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

#include <string>

void Use(const std::string&);

ASYNC async::Task<> PlainAsync() {
  {
    std::string before = "b";
    Use(before);
  }
  std::string across = "a";
  co_await async::Yield();
  std::string after = across;
  Use(after);
}

// CHECK-LABEL: struct PlainAsync_StateMachine final
// CHECK-NOT:     before;
// CHECK:         union { ::std::string across; }; // local, slot 1, line 17
// CHECK-NOT:     after;
// CHECK-LABEL: void MoveNext() override {
// CHECK:         default: break;
// CHECK-NEXT:         }
// CHECK-NEXT:         { {
// CHECK-NEXT:   {
// CHECK-NEXT:    std::string before = "b";
// CHECK-NEXT:    Use(before);
// CHECK-NEXT:  }
// CHECK-NEXT:  ::new (async::detail::Storage(across)) ::std::string("a"); sm_live = 1;
// CHECK:       sm_awaiter0.GetResult(); sm_unwind_to(1);
// CHECK-NEXT:  std::string after = across;
// CHECK-NEXT:  Use(after);
// CHECK-NEXT: } sm_unwind_to(0); }
