// An await inside a try block: a goto may not enter a try block, so the
// outer dispatch jumps to a label before `try` and a dispatch switch at the
// top of the try block goes on to the resume label (or to the next nested
// try). Each handler first destroys the frame slots of its try block.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

#include <string>

ASYNC async::Task<int> TryAsync(async::Task<int> first, async::Task<int> second) {
  int sum = 0;
  try {
    std::string label = "outer";
    sum += co_await first;
    try {
      sum += co_await second;
    } catch (const std::exception&) {
      sum = -1;
    }
  } catch (...) {
    sum = -2;
  }
  co_return sum;
}

// CHECK-LABEL: void MoveNext() override {
// CHECK:        switch (sm_state) {
// CHECK-NEXT:   case 0: goto sm_try0;
// CHECK-NEXT:   case 1: goto sm_try0;
// CHECK-NEXT:   default: break;
// CHECK:        sm_try0: try { switch (sm_state) { case 0: goto sm_resume0; case 1: goto sm_try1; default: break; }
// CHECK:        sm_resume0:
// CHECK:          sm_try1: try { switch (sm_state) { case 1: goto sm_resume1; default: break; }
// CHECK:          sm_resume1:
// CHECK:          } catch (const std::exception&) { sm_unwind_to(2);
// CHECK-NEXT:       sum = -1;
// CHECK:        } catch (...) { sm_unwind_to(1);
// CHECK-NEXT:     sum = -2;
