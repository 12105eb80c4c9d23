// An expression init-statement of an if or switch declares nothing, so it
// is evaluated before the statement: with co_await in it, its prelude and
// its residue go there and `if (c)` is left (the init-statement's `;` goes
// too: `if (; c)` draws clang's -Wempty-init-stmt); without co_await, when the
// condition holds one, it goes there too, so that it still runs before the
// condition's awaits.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

ASYNC async::Task<int> Get(int v);

ASYNC async::Task<int> F() {
  int x = 0, y = 0;
  if (x = co_await Get(3); x > 2)
    y = 1;
  if (y = x + 1; co_await Get(y) > 3)
    y = 2;
  co_return x + y;
}

// CHECK:        // co_await Get(3)
// CHECK:        x = sm_awaiter0.GetResult(); sm_unwind_to(2);
// CHECK-NEXT:   if (x > 2)
// CHECK-NEXT:     y = 1;
// CHECK-NEXT:   y = x + 1;
// CHECK-NEXT:   sm_live = 4; // what this full-expression keeps in the frame dies at its end
// CHECK-NEXT:   // co_await Get(y)
// CHECK:        sm_tmp0 = static_cast<bool>(sm_awaiter1.GetResult() > 3); sm_unwind_to(2);
// CHECK-NEXT:   if (sm_tmp0)
