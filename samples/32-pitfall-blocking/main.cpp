// Guide section "Common Pitfalls: Blocking on Async Code".
//
//   // Bad — causes deadlocks in ASP.NET (non-Core) and UI apps
//   public string GetData()
//   {
//       return GetDataAsync().Result; // blocks the thread
//   }
//
//   public string GetData()
//   {
//       return GetDataAsync().GetAwaiter().GetResult(); // also blocks
//   }
//
//   // Good — propagate async all the way up
//   public async Task<string> GetDataAsync()
//   {
//       return await GetDataAsyncCore();
//   }
//
// What asyncc does about it:
//  - At build time, a blocking call inside an ASYNC function gets a warning
//    from the tool (GetDataInsideAsync below; the test checks both):
//      main.cpp:NN:CC: warning: blocking call 'Result()' on a task inside an
//      ASYNC function; it can deadlock a single-threaded context: use co_await
//  - At run time, on a thread that is the only one able to run the awaited
//    method's continuation (inside AsyncContext::Run, like a UI thread), the
//    blocking call throws InvalidOperationException ("deadlock: ...") instead
//    of hanging as .NET does.
//  - With no SynchronizationContext (a console app, ASP.NET Core) it does not
//    deadlock, but it holds a thread for the whole wait.
#include <async/async.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

using namespace std::chrono_literals;

ASYNC async::Task<std::string> GetDataAsyncCore() {
  co_await async::Delay(10ms);  // the continuation captures the current context
  co_return std::string("data");
}

// Bad: blocks the thread.
std::string GetData() {
  return GetDataAsyncCore().Result();  // blocks the thread
}

// Bad: also blocks (and throws the exception itself, not an AggregateException).
std::string GetDataByAwaiter() {
  return GetDataAsyncCore().GetAwaiter().GetResult();  // also blocks
}

// Good: propagate async all the way up.
ASYNC async::Task<std::string> GetDataAsync() {
  std::string data = co_await GetDataAsyncCore();
  co_return data;
}

// The same mistake inside an ASYNC function: the tool warns at both calls.
ASYNC async::Task<std::string> GetDataInsideAsync(bool byAwaiter) {
  co_await async::Yield();
  if (byAwaiter) co_return GetDataAsyncCore().GetAwaiter().GetResult();
  co_return GetDataAsyncCore().Result();
}

int Check(bool ok, const char* what) {
  std::printf("  %s: %s\n", what, ok ? "yes" : "NO");
  return ok ? 0 : 1;
}

// The UI thread (or a legacy ASP.NET request): a single-threaded context.
ASYNC async::Task<int> UiThreadAsync() {
  int failures = 0;
  std::printf("On the context thread (a UI thread):\n");
  try {
    std::string data = GetData();
    std::printf("  GetData() returned \"%s\": WRONG\n", data.c_str());
    ++failures;
  } catch (const async::AggregateException&) {
    std::printf("  GetData() (.Result()): AggregateException: WRONG\n");
    ++failures;
  } catch (const async::InvalidOperationException& e) {
    std::printf("  GetData() (.Result()): InvalidOperationException: %s\n", e.what());
  }
  try {
    std::string data = GetDataByAwaiter();
    std::printf("  GetDataByAwaiter() returned \"%s\": WRONG\n", data.c_str());
    ++failures;
  } catch (const async::InvalidOperationException& e) {
    std::printf("  GetDataByAwaiter() (.GetAwaiter().GetResult()): InvalidOperationException: %s\n", e.what());
  }
  for (bool byAwaiter : {false, true}) {
    try {
      std::string data = co_await GetDataInsideAsync(byAwaiter);
      std::printf("  GetDataInsideAsync returned \"%s\": WRONG\n", data.c_str());
      ++failures;
    } catch (const async::InvalidOperationException&) {
      std::printf("  GetDataInsideAsync(%s): the same InvalidOperationException, through the task\n",
                  byAwaiter ? "GetResult" : "Result");
    }
  }
  std::string good = co_await GetDataAsync();
  std::printf("  co_await GetDataAsync(): \"%s\"\n", good.c_str());
  failures += Check(good == "data", "async all the way up works");
  co_return failures;
}

int main() {
  int failures = 0;
  failures += async::AsyncContext::Run(UiThreadAsync);

  std::printf("With no SynchronizationContext (a console app, ASP.NET Core):\n");
  std::string data = GetData();  // no deadlock, but this thread waited, doing nothing
  failures += Check(data == "data", "GetData() returns \"data\" after blocking this thread");
  std::string viaAwaiter = GetDataByAwaiter();
  failures += Check(viaAwaiter == "data", "GetDataByAwaiter() too");

  std::printf("%s\n", failures == 0 ? "PASS" : "FAIL");
  return failures == 0 ? 0 : 1;
}
