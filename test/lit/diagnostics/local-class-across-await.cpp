// A local of a type declared in the function that lives across an await:
// its definition moves into the state machine (test/run/local-types-across-
// await.cpp), unless it cannot be moved alone.
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>


ASYNC async::Task<int> F() {
  // CHECK: {{.*}}local-class-across-await.cpp:[[@LINE+1]]:10: error: type 'Local' is declared in the function and kept across co_await; declare it alone (not with a variable, not from a macro) so that it can move into the state machine
  struct Local {
    int v = 1;
  } l;
  co_await async::Yield();
  co_return l.v;
}

ASYNC async::Task<int> G() {
  int r = 0;
  {
    struct Box {
      int v = 1;
    };
    Box a;
    co_await async::Yield();
    r += a.v;
  }
  {
    // CHECK: {{.*}}local-class-across-await.cpp:[[@LINE+1]]:12: error: two types named 'Box' are declared in the function and kept across co_await; rename one
    struct Box {
      long v = 2;
    };
    Box b;
    co_await async::Yield();
    r += static_cast<int>(b.v);
  }
  co_return r;
}
