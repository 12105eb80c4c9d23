// co_await inside a catch handler: ill-formed C++, so Clang's own error (exit 1, no file).
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>


ASYNC async::Task<> F() {
  try {
  } catch (...) {
    // CHECK: {{.*}}await-in-catch.cpp:[[@LINE+1]]:5: error: 'co_await' cannot be used in the handler of a try block
    co_await async::Yield();
  }
}
