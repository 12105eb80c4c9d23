// TaskScheduler: Default/Current, user schedulers (QueueTask,
// TryExecuteTaskInline, GetScheduledTasks, TryExecuteTask), TaskFactory::
// StartNew, awaits capturing the current scheduler, ConfigureAwait(false),
// Yield, and a limited-concurrency scheduler (.NET's documentation sample).
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <list>
#include <mutex>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <async/async.h>

#include "step_machine.h"
#include "manual_scheduler.h"
#include "test_util.h"

namespace {

using asyncc_test::SingleThreadScheduler;
using asyncc_test::Then;

TEST(TaskScheduler, DefaultAndCurrentOutsideAnyWorkItem) {
  EXPECT_EQ(&async::TaskScheduler::Current(), &async::TaskScheduler::Default());
  EXPECT_EQ(async::TaskScheduler::Default().Id(), async::TaskScheduler::Default().Id());
  SingleThreadScheduler s;
  EXPECT_NE(s.Id(), async::TaskScheduler::Default().Id());
  // Task.Run always uses the default scheduler.
  EXPECT_EQ(async::Run([] { return &async::TaskScheduler::Current(); }).Result(),
            &async::TaskScheduler::Default());
}

TEST(TaskScheduler, StartNewRunsOnTheUserSchedulerWithItAsCurrent) {
  SingleThreadScheduler s;
  async::TaskFactory factory(s);
  auto t = factory.StartNew([&] {
    EXPECT_EQ(std::this_thread::get_id(), s.ThreadId());
    EXPECT_EQ(&async::TaskScheduler::Current(), &s);
    // A default TaskFactory uses Current(); Run uses Default.
    EXPECT_EQ(&async::TaskFactory().Scheduler(), &s);
    return async::Run([] { return &async::TaskScheduler::Current(); }).Result() ==
           &async::TaskScheduler::Default();
  });
  EXPECT_TRUE(t.Result());
  EXPECT_EQ(s.Queued(), 1);
  EXPECT_TRUE(asyncc_test::WaitUntil([&] { return s.Executed() == 1; }));
}

TEST(TaskScheduler, StartNewDoesNotUnwrapAndPropagatesExceptions) {
  SingleThreadScheduler s;
  async::TaskFactory factory(s);
  async::Task<async::Task<int>> nested = factory.StartNew([] { return async::FromResult(7); });
  EXPECT_EQ(nested.Result().Result(), 7);
  auto faulted = factory.StartNew([]() -> int { throw std::runtime_error("x"); });
  EXPECT_THROW(faulted.Wait(), async::AggregateException);
  EXPECT_TRUE(faulted.IsFaulted());
  async::CancellationTokenSource cts;
  cts.Cancel();
  EXPECT_TRUE(factory.StartNew([] {}, cts.Token()).IsCanceled());
}

TEST(TaskScheduler, ContinuationsOfAwaitsReturnToTheCapturedScheduler) {
  SingleThreadScheduler s;
  async::TaskCompletionSource<int> tcs;
  std::thread::id resumed_on;
  async::TaskScheduler* current_after = nullptr;
  // The machine starts inside a work item of s: its await captures s.
  auto outer = async::TaskFactory(s).StartNew([&] {
    return Then(tcs.Task(), [&](int v) {
      resumed_on = std::this_thread::get_id();
      current_after = &async::TaskScheduler::Current();
      return v * 2;
    });
  });
  async::Task<int> inner = outer.Result();
  const int queued_before = s.Queued();
  tcs.SetResult(21);  // completes on this (non-scheduler) thread
  EXPECT_EQ(inner.Result(), 42);
  EXPECT_EQ(resumed_on, s.ThreadId());
  EXPECT_EQ(current_after, &s);
  EXPECT_EQ(s.Queued(), queued_before + 1);  // the continuation was queued to s
}

TEST(TaskScheduler, ConfigureAwaitFalseEscapesTheScheduler) {
  SingleThreadScheduler s;
  async::TaskCompletionSource<int> tcs;
  std::thread::id resumed_on;
  async::TaskScheduler* current_after = nullptr;
  auto outer = async::TaskFactory(s).StartNew([&] {
    return Then(tcs.Task().ConfigureAwait(false), [&](int v) {
      resumed_on = std::this_thread::get_id();
      current_after = &async::TaskScheduler::Current();
      return v;
    });
  });
  async::Task<int> inner = outer.Result();
  const int queued_before = s.Queued();
  tcs.SetResult(5);  // resumes inline here
  EXPECT_EQ(inner.Result(), 5);
  EXPECT_EQ(resumed_on, std::this_thread::get_id());
  EXPECT_EQ(current_after, &async::TaskScheduler::Default());
  EXPECT_EQ(s.Queued(), queued_before);
}

TEST(TaskScheduler, CompletionOnTheSchedulerThreadRunsTheContinuationInline) {
  SingleThreadScheduler s;
  async::TaskCompletionSource<int> tcs;
  std::atomic<int> after_runs{0};
  auto outer = async::TaskFactory(s).StartNew([&] {
    return Then(tcs.Task(), [&](int v) {
      ++after_runs;
      return v;
    });
  });
  async::Task<int> inner = outer.Result();
  const int queued_before = s.Queued();
  // Completed from a work item of s: offered inline via TryExecuteTaskInline.
  async::TaskFactory(s).StartNew([&] { tcs.SetResult(1); }).Wait();
  EXPECT_EQ(inner.Result(), 1);
  EXPECT_EQ(s.Queued(), queued_before + 1);  // only the StartNew item
  EXPECT_EQ(after_runs.load(), 1);
}

TEST(TaskScheduler, YieldInsideAWorkItemQueuesToTheScheduler) {
  SingleThreadScheduler s;
  std::thread::id resumed_on;
  auto outer = async::TaskFactory(s).StartNew([&] {
    return Then(async::Yield(), [&] { resumed_on = std::this_thread::get_id(); });
  });
  outer.Result().Wait();
  EXPECT_EQ(resumed_on, s.ThreadId());
}

using asyncc_test::ManualScheduler;

TEST(TaskScheduler, WorkItemsRunOnceAndOnlyOnTheirScheduler) {
  ManualScheduler m;
  ManualScheduler other;
  int runs = 0;
  auto t = async::TaskFactory(m).StartNew([&] { return ++runs; });
  ASSERT_EQ(m.Scheduled().size(), 1u);
  async::Task<> item = m.Scheduled()[0];
  EXPECT_FALSE(item.IsCompleted());
  EXPECT_FALSE(t.IsCompleted());
  EXPECT_THROW(other.Execute(item), async::InvalidOperationException);
  EXPECT_TRUE(m.Execute(item));
  EXPECT_TRUE(item.IsCompletedSuccessfully());
  EXPECT_FALSE(m.Execute(item));  // already ran
  EXPECT_EQ(t.Result(), 1);
  EXPECT_EQ(runs, 1);
}

TEST(TaskScheduler, DroppedWorkItemAbandonsItsTask) {
  auto m = std::make_unique<ManualScheduler>();
  auto t = async::TaskFactory(*m).StartNew([] { return 1; });
  m->DropAll();
  EXPECT_THROW(t.Wait(), async::InvalidOperationException);
}

// .NET's LimitedConcurrencyLevelTaskScheduler sample: at most N work items
// at once, run by N "processing" pool work items.
class LimitedConcurrencyScheduler final : public async::TaskScheduler {
 public:
  explicit LimitedConcurrencyScheduler(int max) : max_(max) {}
  ~LimitedConcurrencyScheduler() override {
    // The processing items touch the scheduler until they retire.
    for (;;) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (running_ == 0) return;
      }
      std::this_thread::yield();
    }
  }
  int MaximumConcurrencyLevel() const override { return max_; }

 protected:
  void QueueTask(async::Task<> task) override {
    std::lock_guard<std::mutex> lock(mutex_);
    tasks_.push_back(std::move(task));
    if (running_ < max_) {
      ++running_;
      NotifyThreadPoolOfPendingWork();
    }
  }
  bool TryExecuteTaskInline(async::Task<> task, bool taskWasPreviouslyQueued) override {
    if (!t_processing) return false;
    if (taskWasPreviouslyQueued && !TryDequeue(task)) return false;
    return TryExecuteTask(task);
  }
  std::vector<async::Task<>> GetScheduledTasks() const override {
    std::lock_guard<std::mutex> lock(mutex_);
    return std::vector<async::Task<>>(tasks_.begin(), tasks_.end());
  }

 private:
  bool TryDequeue(const async::Task<>& task) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = std::find(tasks_.begin(), tasks_.end(), task);
    if (it == tasks_.end()) return false;
    tasks_.erase(it);
    return true;
  }
  void NotifyThreadPoolOfPendingWork() {
    async::Run([this] {
      t_processing = true;
      for (;;) {
        async::Task<> item;
        {
          std::lock_guard<std::mutex> lock(mutex_);
          if (tasks_.empty()) {
            --running_;
            break;
          }
          item = std::move(tasks_.front());
          tasks_.pop_front();
        }
        TryExecuteTask(item);
      }
      t_processing = false;
    });
  }
  static thread_local bool t_processing;
  const int max_;
  mutable std::mutex mutex_;
  std::list<async::Task<>> tasks_;
  int running_ = 0;
};
thread_local bool LimitedConcurrencyScheduler::t_processing = false;

TEST(TaskScheduler, LimitedConcurrencySchedulerNeverExceedsItsLimit) {
  LimitedConcurrencyScheduler s(2);
  async::TaskFactory factory(s);
  std::atomic<int> active{0}, peak{0}, done{0};
  std::vector<async::Task<>> tasks;
  for (int i = 0; i < 200; ++i) {
    tasks.push_back(factory.StartNew([&] {
      int now = ++active;
      int seen = peak.load();
      while (now > seen && !peak.compare_exchange_weak(seen, now)) {
      }
      EXPECT_EQ(&async::TaskScheduler::Current(), &s);
      std::this_thread::yield();
      --active;
      ++done;
    }));
  }
  async::WhenAll(tasks).Wait();
  EXPECT_EQ(done.load(), 200);
  EXPECT_LE(peak.load(), 2);
  EXPECT_GE(peak.load(), 1);
}

TEST(TaskScheduler, AwaitsInsideALimitedSchedulerStayOnIt) {
  LimitedConcurrencyScheduler s(1);
  std::vector<async::TaskCompletionSource<int>> sources(20);
  std::atomic<int> on_scheduler{0};
  std::vector<async::Task<int>> inners;
  std::mutex m;
  std::vector<async::Task<>> starts;
  for (auto& src : sources) {
    starts.push_back(async::TaskFactory(s).StartNew([&, t = src.Task()] {
      auto inner = Then(t, [&](int v) {
        if (&async::TaskScheduler::Current() == &s) ++on_scheduler;
        return v;
      });
      std::lock_guard<std::mutex> lock(m);
      inners.push_back(inner);
    }));
  }
  async::WhenAll(starts).Wait();
  for (int i = 0; i < 20; ++i) sources[i].SetResult(i);
  int sum = 0;
  for (auto& t : inners) sum += t.Result();
  EXPECT_EQ(sum, 190);
  EXPECT_EQ(on_scheduler.load(), 20);
}

}  // namespace
