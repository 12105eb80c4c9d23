// AsyncVoid: a fire-and-forget ASYNC function (C#'s async void). It runs to
// its first suspension inside the call, finishes later on its own, and an
// exception escaping it is rethrown on the SynchronizationContext it started
// on (AsyncContext::Run throws it).
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <cstdio>
#include <stdexcept>

int g_done = 0;

ASYNC async::AsyncVoid FireAndForget(int id) {
  std::printf("start %d\n", id);
  co_await async::Yield();
  std::printf("finish %d\n", id);
  ++g_done;
}

ASYNC async::AsyncVoid Fails() {
  co_await async::Yield();
  throw std::runtime_error("escaped");
}

ASYNC async::Task<int> MainAsync() {
  FireAndForget(1);
  FireAndForget(2);
  std::printf("after calls\n");
  while (g_done < 2)
    co_await async::Yield();
  co_return g_done;
}

ASYNC async::Task<> FailingMain() {
  Fails();
  for (int i = 0; i < 10; ++i)
    co_await async::Yield();
}

int main() {
  // CHECK: start 1
  // CHECK-NEXT: start 2
  // CHECK-NEXT: after calls
  // CHECK-NEXT: finish 1
  // CHECK-NEXT: finish 2
  // CHECK-NEXT: done 2
  std::printf("done %d\n", async::AsyncContext::Run(MainAsync));
  // CHECK-NEXT: rethrown: escaped
  try {
    async::AsyncContext::Run(FailingMain);
    std::printf("not rethrown\n");
  } catch (const std::exception &e) {
    std::printf("rethrown: %s\n", e.what());
  }
  return 0;
}
