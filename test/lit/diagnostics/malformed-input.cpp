// Input that is not valid C++: Clang's own error, exit 1, no output file.
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>

ASYNC async::Task<int> F() {
  co_await async::Yield();
  // CHECK: {{.*}}malformed-input.cpp:[[@LINE+1]]:{{[0-9]+}}: error: use of undeclared identifier 'undeclared_name'
  co_return undeclared_name;
}
