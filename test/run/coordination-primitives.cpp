// SemaphoreSlim, AsyncLock and PeriodicTimer from ASYNC functions: the
// semaphore admits its count and queues the rest in arrival order, a timed
// wait gives false, a canceled wait leaves the queue; an AsyncLock is held
// across awaits (`auto guard = co_await lock.LockAsync();`); a PeriodicTimer
// loop ends when the timer is disposed.
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

using namespace std::chrono_literals;

ASYNC async::Task<> Worker(async::SemaphoreSlim &gate, int id, std::vector<int> &entered) {
  co_await gate.WaitAsync();
  entered.push_back(id);
  std::printf("worker %d in (count %d)\n", id, gate.CurrentCount());
  co_await async::Yield();
  co_await async::Yield();
  std::printf("worker %d out\n", id);
  gate.Release();
}

ASYNC async::Task<> Critical(async::AsyncLock &lock, std::string name, int &shared) {
  auto guard = co_await lock.LockAsync();
  const int before = shared;
  co_await async::Yield();  // nobody else gets in meanwhile
  shared = before + 1;
  std::printf("%s: %d -> %d\n", name.c_str(), before, shared);
}

ASYNC async::Task<int> Ticks(async::PeriodicTimer &timer, int stop_after) {
  int ticks = 0;
  while (co_await timer.WaitForNextTickAsync()) {
    ++ticks;
    if (ticks == stop_after) timer.Dispose();
  }
  co_return ticks;
}

ASYNC async::Task<int> MainAsync() {
  async::SemaphoreSlim gate(2);
  std::vector<int> entered;
  std::vector<async::Task<>> workers;
  for (int i = 0; i < 4; ++i) workers.push_back(Worker(gate, i, entered));
  co_await async::WhenAll(workers);
  std::printf("order:");
  for (int id : entered) std::printf(" %d", id);
  std::printf("\ncount %d\n", gate.CurrentCount());

  async::SemaphoreSlim empty(0, 1);
  bool got = co_await empty.WaitAsync(10ms);
  std::printf("timed wait: %s\n", got ? "true" : "false");
  async::CancellationTokenSource cts;
  async::Task<> canceled = empty.WaitAsync(cts.Token());
  cts.Cancel();
  try {
    co_await canceled;
  } catch (const async::OperationCanceledException &) {
    std::printf("canceled wait\n");
  }
  std::printf("release returned %d\n", empty.Release());
  try {
    empty.Release();
  } catch (const async::SemaphoreFullException &) {
    std::printf("SemaphoreFullException\n");
  }

  async::AsyncLock lock;
  int shared = 0;
  async::Task<> a = Critical(lock, "a", shared);
  async::Task<> b = Critical(lock, "b", shared);
  async::Task<> c = Critical(lock, "c", shared);
  co_await async::WhenAll(a, b, c);
  std::printf("shared %d\n", shared);

  async::PeriodicTimer timer(1ms);
  int ticks = co_await Ticks(timer, 3);
  std::printf("ticks %d\n", ticks);
  co_return 0;
}

int main() { return async::AsyncContext::Run(MainAsync); }

// CHECK: worker 0 in (count 1)
// CHECK-NEXT: worker 1 in (count 0)
// CHECK-NEXT: worker 0 out
// CHECK: order: 0 1 2 3
// CHECK-NEXT: count 2
// CHECK-NEXT: timed wait: false
// CHECK-NEXT: canceled wait
// CHECK-NEXT: release returned 0
// CHECK-NEXT: SemaphoreFullException
// CHECK-NEXT: a: 0 -> 1
// CHECK-NEXT: b: 1 -> 2
// CHECK-NEXT: c: 2 -> 3
// CHECK-NEXT: shared 3
// CHECK-NEXT: ticks 3
