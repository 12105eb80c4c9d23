// With --line-directives (the default) the output maps back to the user's
// source: a #line before the file, before the body, after each await's
// resume point, and after the lowered function.
// RUN: %asyncc %s -o %t.cpp
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

ASYNC async::Task<int> LinesAsync(int a) {
  int b = a + 1;
  co_await async::Yield();
  co_return b;
}

int after_function = 0;

// CHECK:      {{^}}#line 1 "{{.*}}line-directives.cpp"
// CHECK-NEXT: {{^}}// With --line-directives (the default)
// CHECK:      {{^}}#line 9 "{{.*}}line-directives.cpp"
// CHECK-NEXT: {{^}}        {
// CHECK-NEXT: {{^}}  ::new (async::detail::Storage(b)) int(a + 1); sm_live = 1;
// CHECK-NEXT: {{^}}  sm_live = 2; // what this full-expression keeps in the frame dies at its end
// CHECK-NEXT: {{^}}  // co_await async::Yield()
// CHECK:      {{^}}  sm_resume0:
// CHECK-NEXT: {{^}}    sm_state = -1;
// CHECK-NEXT: {{^}}  }
// CHECK-NEXT: {{^}}#line 11 "{{.*}}line-directives.cpp"
// CHECK-NEXT: {{^}}  sm_awaiter0.GetResult(); sm_unwind_to(1);
// CHECK-NEXT: {{^}}  { sm_builder.SetReturnValue(std::move(b)); goto sm_exit; }
// CHECK:      {{^}}  return sm_task;
// CHECK-NEXT: {{^}}}
// CHECK-NEXT: {{^}}#line 13 "{{.*}}line-directives.cpp"
// CHECK-EMPTY:
// CHECK-EMPTY:
// CHECK-NEXT: {{^}}int after_function = 0;
