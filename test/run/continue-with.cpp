// Task::ContinueWith: the continuation gets the antecedent task (and sees
// its status, result or exception), returns a Task of its own result,
// chains, and is filtered by TaskContinuationOptions (a filtered-out
// continuation's task is Canceled); awaited from ASYNC functions, which is
// what await replaces (the guide's "Why Async/Await Exists").
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <cstdio>
#include <stdexcept>
#include <string>

ASYNC async::Task<int> FetchAsync(int v) {
  co_await async::Yield();
  if (v < 0) throw std::invalid_argument("negative id");
  co_return v * 2;
}

ASYNC async::Task<int> MainAsync() {
  // The ContinueWith chain ...
  async::Task<std::string> chained =
      FetchAsync(20)
          .ContinueWith([](async::Task<int> t) { return t.Result() + 2; })
          .ContinueWith([](async::Task<int> t) { return "value " + std::to_string(t.Result()); });
  std::string text = co_await chained;
  std::printf("%s\n", text.c_str());
  // CHECK: value 42

  // ... and the same with await.
  int v = co_await FetchAsync(20);
  std::printf("awaited value %d\n", v + 2);
  // CHECK-NEXT: awaited value 42

  // A continuation runs after a fault too and can look at the exception.
  async::Task<std::string> handled = FetchAsync(-1).ContinueWith([](async::Task<int> t) {
    if (!t.IsFaulted()) return std::string("no fault");
    try {
      std::rethrow_exception(t.Exception()->InnerExceptions().front());
    } catch (const std::exception &e) {
      return std::string("handled: ") + e.what();
    }
  });
  std::string message = co_await handled;
  std::printf("%s\n", message.c_str());
  // CHECK-NEXT: handled: negative id

  // OnlyOnRanToCompletion / OnlyOnFaulted: exactly one of them runs.
  async::Task<int> ok = FetchAsync(1);
  async::Task<> on_success = ok.ContinueWith(
      [](async::Task<int> t) { std::printf("success branch %d\n", t.Result()); },
      async::TaskContinuationOptions::OnlyOnRanToCompletion);
  async::Task<> on_fault = ok.ContinueWith(
      [](async::Task<int>) { std::printf("fault branch\n"); },
      async::TaskContinuationOptions::OnlyOnFaulted);
  co_await on_success;
  // CHECK-NEXT: success branch 2
  try {
    co_await on_fault;
  } catch (const async::TaskCanceledException &) {
    std::printf("fault branch canceled: %d\n", on_fault.IsCanceled());
  }
  // CHECK-NEXT: fault branch canceled: 1

  // An exception thrown by the continuation faults the continuation's task.
  async::Task<int> bad = async::FromResult(1).ContinueWith([](async::Task<int>) -> int {
    throw std::logic_error("continuation failed");
  });
  try {
    co_await bad;
  } catch (const std::logic_error &e) {
    std::printf("caught %s, faulted=%d\n", e.what(), bad.IsFaulted());
  }
  // CHECK-NEXT: caught continuation failed, faulted=1
  co_return 0;
}

int main() { return async::AsyncContext::Run(MainAsync); }
