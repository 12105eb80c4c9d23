// Guide section "Common Pitfalls: Accessing Result Before Completion".
//
//   // Bad — accessing .Result on incomplete Task blocks
//   public async Task<int> GetValueAsync()
//   {
//       var task = FetchAsync();
//       return task.Result; // blocks until task completes (defeats the purpose)
//   }
//
//   // Good — await the task
//   public async Task<int> GetValueAsync()
//   {
//       return await FetchAsync();
//   }
//
// What asyncc does about it: the tool warns twice at BadGetValueAsync (the
// test checks both): the blocking Result() inside an ASYNC function, and
// CS1998, since with no co_await the "async" method runs synchronously
// (blocking its caller for the whole fetch). At run time:
//  - on a single-threaded context (AsyncContext::Run), FetchAsync's
//    continuation is queued to the very thread Result() would block, so the
//    runtime throws InvalidOperationException ("deadlock: ...") instead of
//    hanging; being inside an async method, the exception goes into its task;
//  - with no context, Result() blocks the calling thread until FetchAsync is
//    done: the call that returns the "async" task takes as long as the fetch.
// co_await is the fix.
#include <async/async.h>

#include <chrono>
#include <cstdio>

using namespace std::chrono_literals;

ASYNC async::Task<int> FetchAsync() {
  co_await async::Delay(50ms);
  co_return 42;
}

// Bad: Result on an incomplete task blocks (defeats the purpose).
ASYNC async::Task<int> BadGetValueAsync() {
  async::Task<int> task = FetchAsync();
  co_return task.Result();  // blocks until the task completes
}

// Good: await the task.
ASYNC async::Task<int> GetValueAsync() {
  int value = co_await FetchAsync();
  co_return value;
}

int Check(bool ok, const char* what) {
  std::printf("  %s: %s\n", what, ok ? "yes" : "NO");
  return ok ? 0 : 1;
}

ASYNC async::Task<int> OnContextAsync() {
  int failures = 0;
  std::printf("On a single-threaded context:\n");
  async::Task<int> bad = BadGetValueAsync();
  failures += Check(bad.IsFaulted(), "BadGetValueAsync's task is already faulted");
  try {
    int value = co_await bad;
    std::printf("  value %d: WRONG\n", value);
    ++failures;
  } catch (const async::InvalidOperationException& e) {
    std::printf("  InvalidOperationException: %s\n", e.what());
  }
  int good = co_await GetValueAsync();
  failures += Check(good == 42, "co_await GetValueAsync() gives 42");

  co_return failures;
}

int main() {
  int failures = async::AsyncContext::Run(OnContextAsync);

  std::printf("With no SynchronizationContext:\n");
  async::Task<int> bad = BadGetValueAsync();  // blocks here for the whole fetch
  failures += Check(bad.IsCompletedSuccessfully(), "the call returned an already completed task: it blocked");
  failures += Check(bad.Result() == 42, "its result is 42");
  async::Task<int> good = GetValueAsync();
  failures += Check(!good.IsCompleted(), "GetValueAsync returned at once, still pending");
  failures += Check(good.Result() == 42, "and completes with 42");

  std::printf("%s\n", failures == 0 ? "PASS" : "FAIL");
  return failures == 0 ? 0 : 1;
}
