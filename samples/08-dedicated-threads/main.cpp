// Guide section "Thread Pool vs Dedicated Threads" (bullets, no code of
// its own; the LongRunning line is in "Thread Pool and Task Scheduler",
// samples/07-thread-pool):
//
//   - Thread pool — reused, managed by the runtime. Ideal for short-lived
//     work units. Don't block thread pool threads with long-running operations.
//   - Long-running tasks — use TaskCreationOptions.LongRunning to hint the
//     scheduler to create a dedicated thread instead of using the pool.
//   - Thread pool starvation — if too many thread pool threads are blocked
//     (e.g., synchronous waits on async code), new tasks queue up and the
//     entire application becomes unresponsive.
//
//   var task = Task.Run(() => LongWork(), TaskCreationOptions.LongRunning);
//
// This runtime's pool has a fixed number of workers,
// async::detail::ThreadPoolSize() (a runtime-internal query): it does not
// inject threads as .NET's hill climbing does, so starvation does not ease
// after a while, and the sample can show it exactly.
#include <async/async.h>
#include <async/detail/thread_pool.h>

#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

int Check(bool ok, const char* what) {
  std::printf("  %s: %s\n", what, ok ? "yes" : "NO");
  return ok ? 0 : 1;
}

ASYNC async::Task<int> MainAsync() {
  int failures = 0;

  std::printf("Thread pool: 20 short-lived Task.Run jobs\n");
  std::vector<async::Task<bool>> shortJobs;
  for (int i = 0; i < 20; ++i) {
    shortJobs.push_back(async::Run([] { return async::detail::IsThreadPoolThread(); }));
  }
  std::vector<bool> onPool = co_await async::WhenAll(shortJobs);
  bool allOnPool = true;
  for (bool b : onPool) allOnPool = allOnPool && b;
  failures += Check(allOnPool, "every Task.Run job ran on a pool thread");

  std::printf("Long-running tasks\n");
  async::Task<bool> longTask = async::Run([] { return !async::detail::IsThreadPoolThread(); },
                                          async::TaskCreationOptions::LongRunning);
  bool dedicated = co_await longTask;
  failures += Check(dedicated, "a LongRunning task gets a dedicated thread, not a pool thread");

  // "Thread pool starvation — if too many thread pool threads are blocked
  // (e.g., synchronous waits on async code), new tasks queue up."
  std::printf("Thread pool starvation\n");
  const unsigned workers = async::detail::ThreadPoolSize();
  async::TaskCompletionSource<> release;
  std::vector<async::Task<>> blockers;
  for (unsigned i = 0; i < workers; ++i) {
    // Sync-over-async on every worker: each blocks until `release` is set.
    blockers.push_back(async::Run([release] { release.Task().Wait(); }));
  }
  async::Task<int> queued = async::Run([] { return 42; });
  // Not Delay(): its timer completes on the pool, which is blocked. The
  // AsyncContext's thread sleeps instead.
  std::this_thread::sleep_for(200ms);
  failures += Check(!queued.IsCompleted(), "with every worker blocked, a new Task.Run job waits in the queue");
  release.SetResult();
  int answer = co_await queued;
  co_await async::WhenAll(blockers);
  failures += Check(answer == 42, "once the workers are released it runs");

  std::printf("Dedicated threads do not starve the pool\n");
  async::TaskCompletionSource<> release2;
  std::vector<async::Task<>> longBlockers;
  for (unsigned i = 0; i < workers + 1; ++i) {
    longBlockers.push_back(
        async::Run([release2] { release2.Task().Wait(); }, async::TaskCreationOptions::LongRunning));
  }
  int value = co_await async::Run([] { return 7; });
  failures += Check(value == 7, "blocking LongRunning tasks leave the pool's workers free");
  release2.SetResult();
  co_await async::WhenAll(longBlockers);

  std::printf("%s\n", failures == 0 ? "PASS" : "FAIL");
  co_return failures == 0 ? 0 : 1;
}

int main() { return async::AsyncContext::Run(MainAsync); }
