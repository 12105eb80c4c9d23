// Guide section "Async Method Signatures" (rules, no code block):
//
//   - Use async Task for async methods with no return value. Never use
//     async void except for event handlers.
//   - The return type is Task<T>, not T — the compiler wraps the return
//     value automatically.
//   - Adding async to a method that doesn't use await generates a compiler
//     warning (CS1998).
//
// In C++: `ASYNC async::Task<>` for no value, `ASYNC async::Task<T>` whose
// `co_return v` completes the task with v, and asyncc warns at CountItemsAsync
// below (the test checks the warning):
//   main.cpp:NN:CC: warning: ASYNC function 'CountItemsAsync' has no co_await;
//   it runs synchronously (CS1998)
// (async void is samples/31-pitfall-async-void.)
#include <async/async.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

using namespace std::chrono_literals;

std::vector<std::string> g_saved;

// async Task: no return value, and the caller can await it and see its
// exception.
ASYNC async::Task<> SaveAsync(std::string item) {
  co_await async::Delay(5ms);
  if (item.empty()) throw std::invalid_argument("empty item");
  g_saved.push_back(item);
}

// async Task<T>: the declared type is Task<int>; `co_return` gives the int
// and the task wraps it.
ASYNC async::Task<int> CountSavedAsync() {
  co_await async::Delay(5ms);
  co_return static_cast<int>(g_saved.size());
}

// No co_await: CS1998. It is still an async method (its result is a task,
// exceptions go into the task), but it runs to the end inside the call.
ASYNC async::Task<int> CountItemsAsync(std::vector<std::string> items) {
  if (items.empty()) throw std::invalid_argument("no items");
  co_return static_cast<int>(items.size());
}

int Check(bool ok, const char* what) {
  std::printf("  %s: %s\n", what, ok ? "yes" : "NO");
  return ok ? 0 : 1;
}

ASYNC async::Task<int> MainAsync() {
  int failures = 0;

  std::printf("async Task (no value):\n");
  co_await SaveAsync("first");
  try {
    co_await SaveAsync("");
  } catch (const std::invalid_argument& e) {
    std::printf("  the caller caught the exception: %s\n", e.what());
  }
  failures += Check(g_saved.size() == 1, "one item saved");

  std::printf("async Task<T>:\n");
  async::Task<int> counting = CountSavedAsync();
  int count = co_await counting;
  std::printf("  CountSavedAsync() returned a Task<int>; co_await gave %d\n", count);
  failures += Check(count == 1, "the co_returned value is the task's result");

  std::printf("CS1998 (no co_await):\n");
  async::Task<int> sync = CountItemsAsync({"a", "b", "c"});
  failures += Check(sync.IsCompletedSuccessfully(), "the task is complete when the call returns");
  int items = co_await sync;  // completes at once: no suspension
  failures += Check(items == 3, "its result is 3");
  async::Task<int> failed = CountItemsAsync({});
  failures += Check(failed.IsFaulted(), "an exception is stored in the task, not thrown by the call");

  std::printf("%s\n", failures == 0 ? "PASS" : "FAIL");
  co_return failures == 0 ? 0 : 1;
}

int main() { return async::AsyncContext::Run(MainAsync); }
