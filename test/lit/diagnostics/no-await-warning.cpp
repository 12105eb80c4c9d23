// An ASYNC function with no co_await/co_return/co_yield: a warning (C#'s
// CS1998), exit 0, the file is written and the function is left as written.
// RUN: rm -f %t.out
// RUN: %asyncc %s -o %t.out --line-directives=false 2>&1 | %FileCheck %s --check-prefix=WARN
// RUN: %FileCheck %s --check-prefix=OUT --input-file %t.out

#include <async/async.h>

// WARN: {{.*}}no-await-warning.cpp:[[@LINE+1]]:24: warning: ASYNC function 'Sync' has no co_await, co_return or co_yield; it is left as written and runs synchronously
ASYNC async::Task<int> Sync() { return async::FromResult(1); }
// WARN-NOT: error

// OUT: ASYNC async::Task<int> Sync() { return async::FromResult(1); }
// OUT-NOT: {{^ *}}struct Sync_StateMachine
