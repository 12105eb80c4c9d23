// Awaits in conditions. if and switch keep the condition's value in a frame
// slot (a plain local would be skipped by the jump to a resume label inside
// the body); loops become `while (true)` with the test at the top (while,
// for) or the bottom (do-while), and a for's increment moves to the end of
// the body, reached by continue through a label.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

ASYNC async::Task<int> Int();
ASYNC async::Task<bool> More();
void Step(int);

ASYNC async::Task<> ConditionsAsync() {
  if (co_await More())
    Step(1);
  while (co_await More())
    Step(2);
  do {
    Step(3);
  } while (co_await More());
  for (int i = 0; i < 3; i += co_await Int()) {
    if (i == 1)
      continue;
    Step(i);
  }
  if (int v = co_await Int())
    Step(v);
}

// CHECK-LABEL: void MoveNext() override {
// CHECK:         sm_live = 1; // what this full-expression keeps in the frame dies at its end
// CHECK-NEXT:    // co_await More()
// CHECK:         sm_tmp0 = static_cast<bool>(sm_awaiter0.GetResult()); sm_unwind_to(0);
// CHECK-NEXT:    if (sm_tmp0)
// CHECK-NEXT:      Step(1);
// CHECK-NEXT:    while (true) {
// CHECK-NEXT:    sm_live = 2; // what this full-expression keeps in the frame dies at its end
// CHECK:         if (!static_cast<bool>(sm_awaiter1.GetResult())) { sm_unwind_to(0); break; } sm_unwind_to(0);
// CHECK:           Step(2); }
// CHECK-NEXT:    while (true) { {
// CHECK-NEXT:      Step(3);
// CHECK-NEXT:    }
// CHECK-NEXT:    sm_live = 3; // what this full-expression keeps in the frame dies at its end
// CHECK:         if (!static_cast<bool>(sm_awaiter2.GetResult())) { sm_unwind_to(0); break; } sm_unwind_to(0);
// CHECK-NEXT:    }
// CHECK-NEXT:    { ::new (async::detail::Storage(i)) int(0); sm_live = 4;
// CHECK-NEXT:    for (; i < 3; ) { { {
// CHECK-NEXT:      if (i == 1)
// CHECK-NEXT:        { goto sm_continue0; }
// CHECK-NEXT:      Step(i);
// CHECK-NEXT:    } sm_continue0:; }
// CHECK-NEXT:    sm_live = 5; // what this full-expression keeps in the frame dies at its end
// CHECK:         i += sm_awaiter3.GetResult(); sm_unwind_to(4);
// CHECK-NEXT:    } sm_unwind_to(0); }
// CHECK-NEXT:    { sm_live = 6; // what this full-expression keeps in the frame dies at its end
// CHECK:         ::new (async::detail::Storage(v)) int(sm_awaiter4.GetResult()); sm_unwind_to(0); sm_live = 7;
// CHECK-NEXT:    if ((v))
// CHECK-NEXT:      Step(v);
// CHECK-NEXT:    sm_unwind_to(0); }
// CHECK-EMPTY:
