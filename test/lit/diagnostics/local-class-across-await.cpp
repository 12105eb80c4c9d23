// A local of a local class type that lives across an await.
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>


ASYNC async::Task<int> F() {
  struct Local {
    int v = 1;
  };
  // CHECK: {{.*}}local-class-across-await.cpp:[[@LINE+1]]:9: error: local 'l' lives across co_await but its type cannot be named in the state machine
  Local l;
  co_await async::Yield();
  co_return l.v;
}
