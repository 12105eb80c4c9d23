// The C# compiler's async warnings: no co_await (CS1998), a discarded task
// (CS4014), blocking on a task inside an ASYNC function. They are warnings:
// exit 0 and the output is written.
// RUN: rm -f %t.out
// RUN: %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test -s %t.out

#include <async/async.h>

// CHECK: {{.*}}async-warnings.cpp:[[@LINE+1]]:24: warning: ASYNC function 'Sync' has no co_await; it runs synchronously (CS1998)
ASYNC async::Task<int> Sync() { co_return 1; }

ASYNC async::Task<int> Uses() {
  // CHECK: {{.*}}async-warnings.cpp:[[@LINE+1]]:3: warning: the task returned by 'Sync' is not awaited; the function goes on before it completes: co_await it, or store it (CS4014)
  Sync();
  (void)Sync(); // an explicit discard is not warned about
  auto t = Sync();
  // CHECK: {{.*}}async-warnings.cpp:[[@LINE+1]]:13: warning: blocking call 'Result()' on a task inside an ASYNC function; it can deadlock a single-threaded context: use co_await
  int a = t.Result();
  // CHECK: {{.*}}async-warnings.cpp:[[@LINE+1]]:5: warning: blocking call 'Wait()' on a task
  t.Wait();
  // CHECK: {{.*}}async-warnings.cpp:[[@LINE+1]]:31: warning: blocking call 'GetResult()' on a task
  int b = Sync().GetAwaiter().GetResult();
  co_await async::Yield();
  co_return a + b;
}
// CHECK: 5 warnings generated.
