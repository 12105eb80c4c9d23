// Sync-over-async deadlock detection: a blocking wait on the thread of a
// single-threaded context (AsyncContext::Run, a MaximumConcurrencyLevel() == 1
// scheduler) for an async method that can only resume on that context throws
// InvalidOperationException; blocking waits that another thread can satisfy
// still work.
#include <chrono>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include <async/async.h>

#include "step_machine.h"
#include "test_util.h"

namespace {

using asyncc_test::Then;

// Completes tcs from a pool thread after a short delay.
template <class T>
void CompleteLater(async::TaskCompletionSource<T> tcs, T value) {
  async::Run([tcs, value]() mutable {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    tcs.SetResult(value);
  });
}

bool IsDeadlockError(const async::InvalidOperationException& e) {
  return std::string(e.what()).find("deadlock: blocking Wait() on the AsyncContext thread") == 0;
}

TEST(Deadlock, WaitOnTheAsyncContextThreadForAMethodThatResumesThere) {
  int detected = 0;
  async::AsyncContext::Run([&] {
    async::TaskCompletionSource<int> tcs;
    auto t = Then(tcs.Task(), [](int v) { return v + 1; });  // captures the context
    CompleteLater(tcs, 1);
    try {
      t.Wait();
    } catch (const async::InvalidOperationException& e) {
      detected += IsDeadlockError(e);
    }
    try {
      (void)t.Result();
    } catch (const async::InvalidOperationException& e) {
      detected += IsDeadlockError(e);
    }
    try {
      (void)t.GetAwaiter().GetResult();
    } catch (const async::InvalidOperationException& e) {
      detected += IsDeadlockError(e);
    }
    return t;  // awaiting it is the fix
  });
  EXPECT_EQ(detected, 3);
}

TEST(Deadlock, DetectedThroughAnInlineLinkOfTheChain) {
  // Outer awaits Inner with ConfigureAwait(false) (resumes inline), but Inner
  // itself resumes on the context: still a deadlock.
  bool detected = false;
  async::AsyncContext::Run([&] {
    async::TaskCompletionSource<int> tcs;
    auto inner = Then(tcs.Task(), [](int v) { return v; });
    auto outer = Then(inner.ConfigureAwait(false), [](int v) { return v; });
    CompleteLater(tcs, 2);
    try {
      outer.Wait();
    } catch (const async::InvalidOperationException& e) {
      detected = IsDeadlockError(e);
    }
    return outer;
  });
  EXPECT_TRUE(detected);
}

TEST(Deadlock, DetectedWhenTheContinuationIsAlreadyQueuedToTheContext) {
  bool detected = false;
  async::AsyncContext::Run([&] {
    async::TaskCompletionSource<int> tcs;
    auto t = Then(tcs.Task(), [](int v) { return v; });
    std::thread([tcs]() mutable { tcs.SetResult(3); }).join();  // posted to the context
    try {
      t.Wait();
    } catch (const async::InvalidOperationException& e) {
      detected = IsDeadlockError(e);
    }
    return t;
  });
  EXPECT_TRUE(detected);
}

TEST(Deadlock, BlockingOnATaskCompletedByAnotherThreadWorks) {
  int result = async::AsyncContext::Run([] {
    async::TaskCompletionSource<int> tcs;
    CompleteLater(tcs, 5);
    return async::FromResult(tcs.Task().Result());
  });
  EXPECT_EQ(result, 5);
}

TEST(Deadlock, BlockingOnAConfigureAwaitFalseChainWorks) {
  int result = async::AsyncContext::Run([] {
    async::TaskCompletionSource<int> tcs;
    auto inner = Then(tcs.Task().ConfigureAwait(false), [](int v) { return v * 2; });
    auto outer = Then(inner.ConfigureAwait(false), [](int v) { return v + 1; });
    CompleteLater(tcs, 5);
    return async::FromResult(outer.Result());
  });
  EXPECT_EQ(result, 11);
}

TEST(Deadlock, BlockingOnARunTaskWorks) {
  int result = async::AsyncContext::Run([] {
    auto t = async::Run([] {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      return 4;
    });
    return async::FromResult(t.Result());
  });
  EXPECT_EQ(result, 4);
}

TEST(Deadlock, NotDetectedOffTheContextThread) {
  // The same task waited on from another thread is fine: the context's
  // thread is free to run the continuation.
  async::AsyncContext::Run([] {
    async::TaskCompletionSource<int> tcs;
    auto t = Then(tcs.Task(), [](int v) { return v; });
    return async::Run([t, tcs]() mutable {
      tcs.SetResult(9);
      return t.Result();  // a pool thread blocks while the context runs it
    });
  });
}

TEST(Deadlock, WaitInsideASingleThreadedSchedulerForAMethodThatResumesThere) {
  asyncc_test::SingleThreadScheduler s;
  std::string message;
  async::TaskCompletionSource<int> tcs;
  auto outcome = async::TaskFactory(s).StartNew([&] {
    auto t = Then(tcs.Task(), [](int v) { return v; });  // captures s
    CompleteLater(tcs, 1);
    try {
      t.Wait();
    } catch (const async::InvalidOperationException& e) {
      message = e.what();
    }
    return t;
  });
  EXPECT_EQ(outcome.Result().Result(), 1);
  EXPECT_EQ(message.rfind("deadlock: blocking Wait() on the thread of a single-threaded TaskScheduler", 0), 0u)
      << message;
}

}  // namespace
