// Guide section "Common Pitfalls: Async Void".
//
//   // Bad — async void: exceptions crash the process, can't be awaited
//   public async void SaveAsync()
//   {
//       await _db.SaveChangesAsync(); // exception → unobserved, crashes app
//   }
//
//   // Good — async Task: exceptions propagate to the caller
//   public async Task SaveAsync()
//   {
//       await _db.SaveChangesAsync();
//   }
//
//   // Exception: event handlers are the ONLY valid use of async void
//   button.Click += async (sender, e) =>
//   {
//       await LoadDataAsync(); // async void is unavoidable here
//   };
//
// What asyncc does with async void (ASYNC async::AsyncVoid):
//  1. The caller cannot await it: the call returns at the first pending
//     await and the caller goes on.
//  2. An exception that escapes it goes to the SynchronizationContext that
//     was current when it started: under async::AsyncContext::Run (the
//     "UI thread" here) Run rethrows it, even after the main task has
//     finished; with no context, the process is terminated, as .NET does.
//  3. AsyncContext::Run waits until every AsyncVoid started under it has
//     finished (.NET's OperationStarted/OperationCompleted), so a handler
//     still running when the main task ends is not cut off.
// The async Task version lets the caller await, catch and sequence it.
#include <async/async.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

// A database whose SaveChangesAsync fails when told to.
struct Db {
  bool fail = false;
  int saved = 0;
};

ASYNC async::Task<> SaveChangesAsync(Db& db) {
  co_await async::Delay(1ms);
  if (db.fail) throw std::runtime_error("database is down");
  ++db.saved;
}

// Bad: async void.
ASYNC async::AsyncVoid SaveVoidAsync(Db& db) {
  co_await SaveChangesAsync(db);
  std::printf("  [void] saved\n");
}

// Good: async Task.
ASYNC async::Task<> SaveAsync(Db& db) {
  co_await SaveChangesAsync(db);
  std::printf("  [task] saved\n");
}

// An event whose handlers are async void lambdas (C#'s button.Click += async ...).
struct Button {
  std::vector<std::function<async::AsyncVoid()>> Click;
  void PerformClick() {
    for (auto& handler : Click) handler();
  }
};

std::vector<std::string> g_labels;

ASYNC async::Task<std::string> LoadDataAsync(int n) {
  co_await async::Delay(2ms);
  co_return "loaded " + std::to_string(n);
}

int g_failures = 0;
void Check(bool ok, const char* what) {
  if (!ok) {
    std::printf("WRONG: %s\n", what);
    ++g_failures;
  }
}

ASYNC async::Task<> GoodMainAsync(Db& db) {
  db.fail = true;
  try {
    co_await SaveAsync(db);
  } catch (const std::runtime_error& e) {
    std::printf("  caller caught: %s\n", e.what());
  }
  db.fail = false;
  co_await SaveAsync(db);
}

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "--no-context") == 0) {
    // 2b. No SynchronizationContext: the exception ends the process.
    Db db;
    db.fail = true;
    SaveVoidAsync(db);
    std::this_thread::sleep_for(5s);  // terminated long before this ends
    std::printf("not reached\n");
    return 0;
  }

  std::printf("1. async Task: the caller awaits, sees the exception, and sequences the saves\n");
  Db good;
  async::AsyncContext::Run([&] { return GoodMainAsync(good); });
  Check(good.saved == 1, "one save after the failed one");

  std::printf("2. async void: the caller cannot await; Run waits for it anyway\n");
  Db db;
  async::AsyncContext::Run([&] {
    SaveVoidAsync(db);
    std::printf("  main task done, saves so far: %d\n", db.saved);
    return async::CompletedTask();
  });
  std::printf("  after Run: saves %d\n", db.saved);
  Check(db.saved == 1, "Run waited for the async void save");

  std::printf("3. async void that throws: the exception is rethrown by AsyncContext::Run\n");
  db.fail = true;
  try {
    async::AsyncContext::Run([&] {
      SaveVoidAsync(db);
      std::printf("  main task done; the save fails later\n");
      return async::CompletedTask();
    });
    std::printf("  not rethrown\n");
    Check(false, "the exception reaches Run");
  } catch (const std::runtime_error& e) {
    std::printf("  Run rethrew: %s\n", e.what());
  }

  std::printf("4. event handlers, the valid use: Run waits for every handler\n");
  Button button;
  for (int i = 1; i <= 3; ++i) {
    button.Click.push_back([i]() ASYNC -> async::AsyncVoid {
      std::string label = co_await LoadDataAsync(i);  // async void is unavoidable here
      g_labels.push_back(label);
    });
  }
  async::AsyncContext::Run([&] {
    button.PerformClick();
    std::printf("  clicked; handlers finished so far: %zu\n", g_labels.size());
    return async::CompletedTask();
  });
  std::sort(g_labels.begin(), g_labels.end());  // the handlers finish in any order
  for (const std::string& label : g_labels) std::printf("  %s\n", label.c_str());
  Check(g_labels.size() == 3, "three handlers finished");

  std::printf("5. async void with no SynchronizationContext: the process is terminated\n");
  std::fflush(stdout);
  std::string self = std::string("\"") + argv[0] + "\" --no-context 2>/dev/null";
  int status = std::system(self.c_str());
  std::printf("  child process %s\n", status != 0 ? "was terminated (as .NET crashes)" : "exited normally");
  Check(status != 0, "the child is terminated");

  std::printf("%s\n", g_failures == 0 ? "done" : "FAILED");
  return g_failures == 0 ? 0 : 1;
}
