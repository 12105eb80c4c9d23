// AsyncContext::Run waits until every AsyncVoid started under it has
// finished, not only the main task (SPEC §5, Nito.AsyncEx's AsyncContext,
// .NET's SynchronizationContext.OperationStarted/OperationCompleted): here
// the AsyncVoids finish long after the main task, on the context's queue
// (Yield), after a hop through the thread pool (Run) and after a timer
// (Delay). An exception escaping an AsyncVoid after the main task has
// finished is still rethrown by Run.
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <stdexcept>

std::atomic<int> g_finished{0};

ASYNC async::AsyncVoid Hopper(int id, int hops) {
  for (int i = 0; i < hops; ++i)
    co_await async::Yield();
  std::printf("hopper %d done after %d hops\n", id, hops);
  ++g_finished;
}

ASYNC async::AsyncVoid ThroughThePool(int id) {
  auto work = [id] { return id * 10; };
  int v = co_await async::Run(work);
  co_await async::Delay(std::chrono::milliseconds(2));
  g_finished += v > 0 ? 1 : 0;
}

ASYNC async::AsyncVoid FailsLater() {
  co_await async::Delay(std::chrono::milliseconds(1));
  co_await async::Yield();
  throw std::runtime_error("escaped after main");
}

ASYNC async::Task<int> MainAsync() {
  Hopper(1, 3);
  Hopper(2, 1);
  Hopper(3, 2);
  for (int i = 0; i < 4; ++i)
    ThroughThePool(i + 1);
  co_await async::Yield();  // queued after each hopper's first hop
  std::printf("main returns\n");
  co_return 7;
}

ASYNC async::Task<> MainThatAwaitsFirst() {
  co_await async::Yield();
  FailsLater();
  std::printf("second main returns\n");
}

int main() {
  // CHECK:      hopper 2 done after 1 hops
  // CHECK-NEXT: main returns
  // CHECK-NEXT: hopper 3 done after 2 hops
  // CHECK-NEXT: hopper 1 done after 3 hops
  // CHECK-NEXT: Run returned 7 with 7 AsyncVoids finished
  int r = async::AsyncContext::Run(MainAsync);
  std::printf("Run returned %d with %d AsyncVoids finished\n", r, g_finished.load());
  // CHECK-NEXT: second main returns
  // CHECK-NEXT: rethrown: escaped after main
  try {
    async::AsyncContext::Run(MainThatAwaitsFirst);
    std::printf("not rethrown\n");
  } catch (const std::exception &e) {
    std::printf("rethrown: %s\n", e.what());
  }
  return 0;
}
