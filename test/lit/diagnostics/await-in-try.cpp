// co_await inside a try block.
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>


ASYNC async::Task<> F() {
  // CHECK: {{.*}}await-in-try.cpp:[[@LINE+1]]:3: error: co_await inside a try block or a handler is not supported yet
  try {
    co_await async::Yield();
  } catch (...) {
  }
}
