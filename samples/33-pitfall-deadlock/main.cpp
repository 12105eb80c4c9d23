// Guide section "Common Pitfalls: Deadlock Scenario" (prose, no code block):
//
//   In applications with a SynchronizationContext (ASP.NET non-Core, WPF,
//   WinForms), calling .Result or .Wait() on an async method causes a
//   deadlock: the async method awaits and tries to resume on the captured
//   context, but the context thread is blocked waiting for the result.
//   ASP.NET Core avoids this because it has no SynchronizationContext.
//
// The scenario in code: a "button click" on the UI thread (AsyncContext::Run)
// calls LoadAsync().Wait(). LoadAsync -> ReadAsync -> Delay: ReadAsync's
// continuation is captured with the UI context, so it could only run on the
// thread that Wait() blocks. .NET hangs here for good. asyncc's runtime sees
// the cycle before blocking (docs/runtime.md, "Sync-over-async deadlock
// detection") and throws InvalidOperationException("deadlock: ..."), and
// async::DumpPendingTasks() shows the async call stack that was waiting (the
// sample prints its function names). Then the two ways out:
//  - ConfigureAwait(false) all the way down: no continuation needs the UI
//    thread, so Wait() returns (still blocking the UI thread meanwhile);
//  - no SynchronizationContext at all (ASP.NET Core, a console app): Wait()
//    returns;
// and the real fix, co_await instead of Wait().
// The same rule covers a TaskScheduler that runs one work item at a time.
// At build time the tool warns at the Wait() inside UiThreadAsync, an ASYNC
// function (the test checks it); OnClickBlocking's Wait() is in an ordinary
// function, where only the runtime can catch it.
#include <async/async.h>

#include <chrono>
#include <cstdio>
#include <deque>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

std::string g_loaded;

ASYNC async::Task<std::string> ReadAsync() {
  co_await async::Delay(20ms);  // captures the UI context
  co_return std::string("document");
}

ASYNC async::Task<> LoadAsync() {
  std::string text = co_await ReadAsync();
  g_loaded = text;
}

ASYNC async::Task<std::string> ReadLibraryAsync() {
  co_await async::Delay(20ms).ConfigureAwait(false);
  co_return std::string("document");
}

ASYNC async::Task<> LoadLibraryAsync() {
  std::string text = co_await ReadLibraryAsync().ConfigureAwait(false);
  g_loaded = text;
}

// The function names of DumpPendingTasks' "  at F (file:line)" lines (the
// header line has the task's address, which changes from run to run).
std::vector<std::string> PendingFunctions() {
  std::ostringstream out;
  async::DumpPendingTasks(out);
  std::istringstream in(out.str());
  std::vector<std::string> names;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("  at ", 0) != 0) continue;
    std::string name = line.substr(5);
    names.push_back(name.substr(0, name.find(' ')));
  }
  return names;
}

int Check(bool ok, const char* what) {
  std::printf("  %s: %s\n", what, ok ? "yes" : "NO");
  return ok ? 0 : 1;
}

// The UI thread's click handler: synchronous, as event handlers that block are.
int OnClickBlocking() {
  int failures = 0;
  async::Task<> load = LoadAsync();
  try {
    load.Wait();  // .NET: hangs forever
    std::printf("  Wait() returned: WRONG\n");
    ++failures;
  } catch (const async::InvalidOperationException& e) {
    std::printf("  Wait() threw InvalidOperationException:\n    %s\n", e.what());
    std::printf("  pending async calls at that moment (innermost first):\n");
    std::vector<std::string> stack = PendingFunctions();
    for (const std::string& f : stack) std::printf("    at %s\n", f.c_str());
    failures += Check(stack == std::vector<std::string>({"ReadAsync", "LoadAsync"}),
                      "ReadAsync awaited by LoadAsync");
  }
  return failures;
}

ASYNC async::Task<int> UiThreadAsync() {
  int failures = 0;
  std::printf("Button click on the UI thread calls LoadAsync().Wait():\n");
  failures += OnClickBlocking();

  std::printf("ConfigureAwait(false) all the way down, then Wait():\n");
  g_loaded.clear();
  // Blocks the UI thread, but nothing needs it. (Inside an ASYNC function
  // the tool still warns here: it cannot see that every await below uses
  // ConfigureAwait(false).)
  LoadLibraryAsync().Wait();
  failures += Check(g_loaded == "document", "Wait() returned and the document is loaded");

  std::printf("The fix: co_await:\n");
  g_loaded.clear();
  co_await LoadAsync();
  failures += Check(g_loaded == "document", "loaded, and the UI thread was never blocked");
  co_return failures;
}

// A scheduler that runs one work item at a time on the thread that calls
// RunAll: the same single-threaded situation as a UI thread.
class SingleThreadScheduler : public async::TaskScheduler {
 public:
  int MaximumConcurrencyLevel() const override { return 1; }
  void RunAll() {
    for (;;) {
      async::Task<> next;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (queue_.empty()) return;
        next = queue_.front();
        queue_.pop_front();
      }
      TryExecuteTask(next);
    }
  }

 protected:
  // Any thread (a continuation captured with this scheduler is queued from
  // the thread that completed the awaited task).
  void QueueTask(async::Task<> task) override {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.push_back(std::move(task));
  }
  bool TryExecuteTaskInline(async::Task<>, bool) override { return false; }
  std::vector<async::Task<>> GetScheduledTasks() const override {
    std::lock_guard<std::mutex> lock(mutex_);
    return std::vector<async::Task<>>(queue_.begin(), queue_.end());
  }

 private:
  mutable std::mutex mutex_;
  std::deque<async::Task<>> queue_;
};

int main() {
  int failures = async::AsyncContext::Run(UiThreadAsync);

  std::printf("No SynchronizationContext (ASP.NET Core), LoadAsync().Wait():\n");
  g_loaded.clear();
  LoadAsync().Wait();
  failures += Check(g_loaded == "document", "Wait() returned: nothing to deadlock on");

  std::printf("A single-threaded TaskScheduler, Wait() inside one of its work items:\n");
  SingleThreadScheduler scheduler;
  async::TaskFactory factory(scheduler);
  async::Task<> load;
  async::Task<std::string> item = factory.StartNew([&load] {
    load = LoadAsync();  // its awaits capture this scheduler
    try {
      load.Wait();
      return std::string("Wait() returned: WRONG");
    } catch (const async::InvalidOperationException& e) {
      return std::string(e.what());
    }
  });
  scheduler.RunAll();
  std::string message = item.Result();
  // LoadAsync is still pending, and its continuation will be queued to the
  // scheduler: keep running the scheduler until it has finished, so that
  // nothing refers to the scheduler when it is destroyed.
  while (!load.IsCompleted()) {
    std::this_thread::sleep_for(1ms);
    scheduler.RunAll();
  }
  std::printf("  %s\n", message.c_str());
  failures += Check(message.rfind("deadlock:", 0) == 0, "the same detection");

  std::printf("%s\n", failures == 0 ? "PASS" : "FAIL");
  return failures == 0 ? 0 : 1;
}
