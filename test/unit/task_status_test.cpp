// TaskStatus as .NET reports it: WaitingForActivation for promise-style tasks
// (async functions, TaskCompletionSource, Delay, WhenAll, an unwrapping
// Run), WaitingToRun then Running for tasks that run a delegate (Run,
// StartNew, ContinueWith, scheduler work items), then the final states.
// Created is never reported (no cold tasks).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

#include <async/async.h>

#include "step_machine.h"
#include "manual_scheduler.h"
#include "test_util.h"

namespace {

using async::TaskStatus;

// A gate the test opens; blocks the pool workers that wait on it.
class Gate {
 public:
  void Wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    cv_.wait(lock, [this] { return open_; });
  }
  void Open() {
    std::lock_guard<std::mutex> lock(mutex_);
    open_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool open_ = false;
};

using asyncc_test::ManualScheduler;

TEST(TaskStatus, PendingAsyncFunctionIsWaitingForActivation) {
  async::TaskCompletionSource<int> tcs;
  auto task = asyncc_test::Then(tcs.Task(), [](int v) { return v + 1; });
  EXPECT_EQ(task.Status(), TaskStatus::WaitingForActivation);
  tcs.SetResult(1);
  EXPECT_EQ(task.Status(), TaskStatus::RanToCompletion);
  EXPECT_EQ(task.Result(), 2);
}

TEST(TaskStatus, TaskCompletionSourceAndDelayAreWaitingForActivation) {
  async::TaskCompletionSource<> tcs;
  EXPECT_EQ(tcs.Task().Status(), TaskStatus::WaitingForActivation);
  async::CancellationTokenSource cts;
  auto delay = async::Delay(std::chrono::hours(1), cts.Token());
  EXPECT_EQ(delay.Status(), TaskStatus::WaitingForActivation);
  auto all = async::WhenAll(tcs.Task(), delay);
  EXPECT_EQ(all.Status(), TaskStatus::WaitingForActivation);
  cts.Cancel();
  EXPECT_EQ(delay.Status(), TaskStatus::Canceled);
  tcs.SetResult();
  EXPECT_EQ(all.Status(), TaskStatus::Canceled);
}

TEST(TaskStatus, RunIsWaitingToRunWhileQueuedThenRunning) {
  // Occupy every pool worker so the next Run stays queued.
  Gate gate;
  std::atomic<unsigned> busy{0};
  std::vector<async::Task<>> blockers;
  const unsigned workers = async::detail::ThreadPoolSize();
  for (unsigned i = 0; i < workers; ++i) {
    blockers.push_back(async::Run([&] {
      ++busy;
      gate.Wait();
    }));
  }
  ASSERT_TRUE(asyncc_test::WaitUntil([&] { return busy.load() == workers; }));

  std::atomic<int> seen{-1};
  async::TaskCompletionSource<async::Task<>*> handle;
  async::Task<> task;
  async::Task<async::Task<>*> handle_task = handle.Task();
  task = async::Run([handle_task, &seen] {
    async::Task<>* self = handle_task.Result();
    seen = static_cast<int>(self->Status());
  });
  EXPECT_EQ(task.Status(), TaskStatus::WaitingToRun);
  handle.SetResult(&task);
  gate.Open();
  task.Wait();
  EXPECT_EQ(seen.load(), static_cast<int>(TaskStatus::Running));
  EXPECT_EQ(task.Status(), TaskStatus::RanToCompletion);
  for (auto& b : blockers) b.Wait();
}

TEST(TaskStatus, UnwrappingRunIsAPromise) {
  async::TaskCompletionSource<int> tcs;
  std::atomic<bool> called{false};
  auto task = async::Run([&called, inner = tcs.Task()] {
    called = true;
    return inner;
  });
  ASSERT_TRUE(asyncc_test::WaitUntil([&] { return called.load(); }));
  EXPECT_EQ(task.Status(), TaskStatus::WaitingForActivation);
  tcs.SetResult(5);
  EXPECT_EQ(task.Result(), 5);
  EXPECT_EQ(task.Status(), TaskStatus::RanToCompletion);
}

TEST(TaskStatus, StartNewOnASchedulerIsWaitingToRunUntilExecuted) {
  ManualScheduler scheduler;
  async::TaskFactory factory(scheduler);
  async::Task<TaskStatus>* self = nullptr;
  auto task = factory.StartNew([&self] { return self->Status(); });
  self = &task;
  EXPECT_EQ(task.Status(), TaskStatus::WaitingToRun);
  auto items = scheduler.Scheduled();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].Status(), TaskStatus::WaitingToRun);  // the work item
  items.clear();
  scheduler.RunAll();
  EXPECT_EQ(task.Status(), TaskStatus::RanToCompletion);
  EXPECT_EQ(task.Result(), TaskStatus::Running);
}

TEST(TaskStatus, FinalStatesAndTheirFlags) {
  auto ok = async::FromResult(1);
  EXPECT_EQ(ok.Status(), TaskStatus::RanToCompletion);
  EXPECT_TRUE(ok.IsCompleted() && ok.IsCompletedSuccessfully() && !ok.IsFaulted() && !ok.IsCanceled());
  auto faulted = async::FromException<int>(std::make_exception_ptr(std::runtime_error("x")));
  EXPECT_EQ(faulted.Status(), TaskStatus::Faulted);
  EXPECT_TRUE(faulted.IsCompleted() && !faulted.IsCompletedSuccessfully() && faulted.IsFaulted() &&
              !faulted.IsCanceled());
  auto canceled = async::FromCanceled<int>(async::CancellationToken::None());
  EXPECT_EQ(canceled.Status(), TaskStatus::Canceled);
  EXPECT_TRUE(canceled.IsCompleted() && !canceled.IsCompletedSuccessfully() &&
              !canceled.IsFaulted() && canceled.IsCanceled());
}

TEST(TaskStatus, RunCanceledBeforeItStartsIsCanceled) {
  ManualScheduler scheduler;
  async::TaskFactory factory(scheduler);
  async::CancellationTokenSource cts;
  bool ran = false;
  auto task = factory.StartNew([&ran] { ran = true; }, cts.Token());
  EXPECT_EQ(task.Status(), TaskStatus::WaitingToRun);
  cts.Cancel();
  scheduler.RunAll();
  EXPECT_FALSE(ran);
  EXPECT_EQ(task.Status(), TaskStatus::Canceled);
}

}  // namespace
