// A co_await written inside a macro's body cannot be lowered: the edits
// reach the source text, and the await's text is the macro's. (A co_await
// in a macro argument is written in the file and is lowered.)
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>

#include <cstdio>

#define AWAIT_YIELD() co_await async::Yield()
#define LOG(...) std::printf(__VA_ARGS__)

ASYNC async::Task<int> Get() { co_return 1; }

ASYNC async::Task<int> F() {
  LOG("%d\n", co_await Get());
  // CHECK: {{.*}}await-in-macro-body.cpp:[[@LINE+1]]:3: error: this expression comes from a macro expansion; the tool cannot move it out of its statement
  AWAIT_YIELD();
  co_return 0;
}
// CHECK: 1 error generated.
