// MoveNext() starts with a switch on sm_state that jumps to the resume label
// of each await, numbered in source order.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

ASYNC async::Task<int> ThreeAwaitsAsync(bool flag) {
  int n = 0;
  co_await async::Yield();
  if (flag) {
    n = co_await async::FromResult(1);
  } else {
    n = co_await async::FromResult(2);
  }
  co_return n;
}

// CHECK-LABEL:     void MoveNext() override {
// CHECK-NEXT:       try {
// CHECK-NEXT:         switch (sm_state) {
// CHECK-NEXT:         case 0: goto sm_resume0;
// CHECK-NEXT:         case 1: goto sm_resume1;
// CHECK-NEXT:         case 2: goto sm_resume2;
// CHECK-NEXT:         default: break;
// CHECK-NEXT:         }
// CHECK:     sm_state = 0;
// CHECK:   sm_resume0:
// CHECK:     sm_state = 1;
// CHECK:   sm_resume1:
// CHECK:     sm_state = 2;
// CHECK:   sm_resume2:
// CHECK-NOT: {{^ *}}sm_resume3:
