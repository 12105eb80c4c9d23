// A compiler message about the awaited expression points at the line of the
// co_await in the user's source (the prelude that evaluates the operand is
// mapped to that line, not to the next one).
// RUN: %asyncc %s -o %t.cpp
// RUN: g++ -std=c++17 -fsyntax-only -Wall -I%runtime_include %t.cpp 2>&1 | %FileCheck %s

#include <async/async.h>

[[deprecated("use NewAsync")]] async::Task<int> OldAsync();

ASYNC async::Task<int> CallerAsync() {
  int before = 1;
  co_await OldAsync();
  // CHECK: line-directives-await-operand.cpp:[[@LINE-1]]:{{[0-9]+}}: warning: {{.*}}OldAsync{{.*}} is deprecated
  co_return before;
}

