// Task::ContinueWith (<async/continue_with.h>) and FromAsync
// (<async/from_async.h>).
#include <atomic>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <async/async.h>

#include "manual_scheduler.h"
#include "test_util.h"

namespace {

using async::TaskContinuationOptions;
using async::TaskStatus;

using asyncc_test::ManualScheduler;

TEST(ContinueWith, GetsTheAntecedentAndReturnsItsResult) {
  async::TaskCompletionSource<int> tcs;
  auto next = tcs.Task().ContinueWith([](async::Task<int> t) { return std::to_string(t.Result() * 2); });
  static_assert(std::is_same_v<decltype(next), async::Task<std::string>>);
  EXPECT_EQ(next.Status(), TaskStatus::WaitingForActivation);
  tcs.SetResult(21);
  EXPECT_EQ(next.Result(), "42");
}

TEST(ContinueWith, VoidTasksAndVoidContinuations) {
  async::TaskCompletionSource<> tcs;
  std::atomic<int> ran{0};
  async::Task<> next = tcs.Task().ContinueWith([&ran](const async::Task<>& t) {
    EXPECT_TRUE(t.IsCompletedSuccessfully());
    ++ran;
  });
  tcs.SetResult();
  next.Wait();
  EXPECT_EQ(ran.load(), 1);
}

TEST(ContinueWith, RunsAfterAFaultAndSeesTheException) {
  auto faulted = async::FromException<int>(std::make_exception_ptr(std::runtime_error("boom")));
  auto next = faulted.ContinueWith([](async::Task<int> t) {
    EXPECT_EQ(t.Status(), TaskStatus::Faulted);
    try {
      std::rethrow_exception(t.Exception()->InnerExceptions().at(0));
    } catch (const std::runtime_error& e) {
      return std::string("handled ") + e.what();
    }
  });
  EXPECT_EQ(next.Result(), "handled boom");
}

TEST(ContinueWith, AnExceptionInTheContinuationFaultsItsTask) {
  auto next = async::FromResult(1).ContinueWith([](async::Task<int>) -> int {
    throw std::logic_error("bad");
  });
  try {
    next.GetAwaiter().GetResult();
    FAIL();
  } catch (const std::logic_error& e) {
    EXPECT_STREQ(e.what(), "bad");
  }
  EXPECT_EQ(next.Status(), TaskStatus::Faulted);
}

TEST(ContinueWith, OnlyOnFiltersCancelTheContinuationTask) {
  std::atomic<int> ran{0};
  auto ok = async::FromResult(1);
  auto on_fault = ok.ContinueWith([&ran](async::Task<int>) { ++ran; }, TaskContinuationOptions::OnlyOnFaulted);
  auto on_success = ok.ContinueWith([&ran](async::Task<int>) { ++ran; },
                                    TaskContinuationOptions::OnlyOnRanToCompletion);
  on_success.Wait();
  EXPECT_THROW(on_fault.Wait(), async::AggregateException);
  EXPECT_EQ(on_fault.Status(), TaskStatus::Canceled);
  EXPECT_EQ(ran.load(), 1);

  auto canceled = async::FromCanceled(async::CancellationToken::None());
  auto not_canceled = canceled.ContinueWith([&ran](async::Task<>) { ++ran; },
                                            TaskContinuationOptions::NotOnCanceled);
  auto only_canceled = canceled.ContinueWith([&ran](async::Task<>) { ++ran; },
                                             TaskContinuationOptions::OnlyOnCanceled);
  only_canceled.Wait();
  EXPECT_EQ(not_canceled.Status(), TaskStatus::Canceled);
  EXPECT_EQ(ran.load(), 2);
}

TEST(ContinueWith, StatusGoesWaitingForActivationThenWaitingToRunThenRunning) {
  ManualScheduler scheduler;
  async::TaskCompletionSource<int> tcs;
  async::Task<TaskStatus>* self = nullptr;
  auto next = tcs.Task().ContinueWith([&self](async::Task<int>) { return self->Status(); }, scheduler);
  self = &next;
  EXPECT_EQ(next.Status(), TaskStatus::WaitingForActivation);
  EXPECT_EQ(scheduler.Queued(), 0u);
  tcs.SetResult(1);
  EXPECT_EQ(next.Status(), TaskStatus::WaitingToRun);
  EXPECT_EQ(scheduler.Queued(), 1u);
  scheduler.RunAll();
  EXPECT_EQ(next.Status(), TaskStatus::RanToCompletion);
  EXPECT_EQ(next.Result(), TaskStatus::Running);
}

TEST(ContinueWith, ExecuteSynchronouslyRunsOnTheCompletingThread) {
  async::TaskCompletionSource<int> tcs;
  std::thread::id ran_on;
  auto next = tcs.Task().ContinueWith(
      [&ran_on](async::Task<int> t) {
        ran_on = std::this_thread::get_id();
        return t.Result();
      },
      TaskContinuationOptions::ExecuteSynchronously);
  tcs.SetResult(3);
  EXPECT_EQ(ran_on, std::this_thread::get_id());
  EXPECT_EQ(next.Status(), TaskStatus::RanToCompletion);
  EXPECT_EQ(next.Result(), 3);
}

TEST(ContinueWith, DefaultRunsOnThePoolNotInline) {
  async::TaskCompletionSource<int> tcs;
  std::atomic<bool> on_pool{false};
  auto next = tcs.Task().ContinueWith([&on_pool](async::Task<int>) {
    on_pool = async::detail::IsThreadPoolThread();
  });
  tcs.SetResult(3);
  next.Wait();
  EXPECT_TRUE(on_pool.load());
}

TEST(ContinueWith, ACanceledTokenCancelsTheContinuation) {
  async::CancellationTokenSource cts;
  async::TaskCompletionSource<int> tcs;
  std::atomic<bool> ran{false};
  auto next = tcs.Task().ContinueWith([&ran](async::Task<int>) { ran = true; }, cts.Token());
  cts.Cancel();
  tcs.SetResult(1);
  EXPECT_THROW(next.GetAwaiter().GetResult(), async::TaskCanceledException);
  EXPECT_EQ(next.Status(), TaskStatus::Canceled);
  EXPECT_FALSE(ran.load());
}

TEST(ContinueWith, TaskReturningContinuationIsNotUnwrapped) {
  auto next = async::FromResult(2).ContinueWith([](async::Task<int> t) { return async::FromResult(t.Result() + 1); });
  static_assert(std::is_same_v<decltype(next), async::Task<async::Task<int>>>);
  EXPECT_EQ(next.Result().Result(), 3);
}

TEST(ContinueWith, ChainsInOrder) {
  auto log = std::make_shared<asyncc_test::Log>();
  async::TaskCompletionSource<int> tcs;
  auto last = tcs.Task()
                  .ContinueWith([log](async::Task<int> t) {
                    log->Add("a" + std::to_string(t.Result()));
                    return t.Result() + 1;
                  })
                  .ContinueWith([log](async::Task<int> t) {
                    log->Add("b" + std::to_string(t.Result()));
                    return t.Result() + 1;
                  });
  tcs.SetResult(1);
  EXPECT_EQ(last.Result(), 3);
  EXPECT_EQ(log->Joined(), "a1 b2");
}

TEST(ContinueWith, AbandonedAntecedentAbandonsTheContinuation) {
  async::Task<int> next;
  {
    async::TaskCompletionSource<int> tcs;
    next = tcs.Task().ContinueWith([](async::Task<int> t) { return t.Result(); });
  }
  EXPECT_THROW(next.Wait(), async::InvalidOperationException);
}

TEST(ContinueWith, AwaitableFromAnAsyncContext) {
  int r = async::AsyncContext::Run([] {
    return async::Run([] { return 20; }).ContinueWith([](async::Task<int> t) { return t.Result() + 1; });
  });
  EXPECT_EQ(r, 21);
}

// ---- FromAsync (APM) --------------------------------------------------------

// An APM-style API: BeginAdd(a, b, callback) completes on another thread (or
// synchronously when a == 0); EndAdd(ar) returns the sum or throws.
class Adder {
 public:
  class Result final : public async::IAsyncResult {
   public:
    bool IsCompleted() const override { return done.load(); }
    bool CompletedSynchronously() const override { return sync; }
    std::atomic<bool> done{false};
    bool sync = false;
    int sum = 0;
    bool fail = false;
  };
  std::shared_ptr<async::IAsyncResult> BeginAdd(int a, int b, async::AsyncCallback callback) {
    auto ar = std::make_shared<Result>();
    ar->sum = a + b;
    ar->fail = b < 0;
    if (a == 0) {
      ar->sync = true;
      ar->done = true;
      callback(ar);
      return ar;
    }
    threads_.emplace_back([ar, callback] {
      ar->done = true;
      callback(ar);
    });
    return ar;
  }
  int EndAdd(const std::shared_ptr<async::IAsyncResult>& ar) {
    auto& r = static_cast<Result&>(*ar);
    if (r.fail) throw std::invalid_argument("negative");
    return r.sum;
  }
  ~Adder() {
    for (auto& t : threads_) t.join();
  }

 private:
  std::vector<std::thread> threads_;
};

TEST(FromAsync, CompletesWithEndsResult) {
  Adder adder;
  auto task = async::FromAsync([&](async::AsyncCallback cb) { return adder.BeginAdd(2, 3, std::move(cb)); },
                               [&](std::shared_ptr<async::IAsyncResult> ar) { return adder.EndAdd(ar); });
  static_assert(std::is_same_v<decltype(task), async::Task<int>>);
  EXPECT_EQ(task.Result(), 5);
}

TEST(FromAsync, SynchronousCompletion) {
  Adder adder;
  auto task = async::FromAsync([&](async::AsyncCallback cb) { return adder.BeginAdd(0, 4, std::move(cb)); },
                               [&](std::shared_ptr<async::IAsyncResult> ar) { return adder.EndAdd(ar); });
  EXPECT_EQ(task.Status(), TaskStatus::RanToCompletion);
  EXPECT_EQ(task.Result(), 4);
}

TEST(FromAsync, EndThrowingFaultsTheTask) {
  Adder adder;
  auto task = async::FromAsync([&](async::AsyncCallback cb) { return adder.BeginAdd(1, -1, std::move(cb)); },
                               [&](std::shared_ptr<async::IAsyncResult> ar) { return adder.EndAdd(ar); });
  EXPECT_THROW(task.GetAwaiter().GetResult(), std::invalid_argument);
  EXPECT_EQ(task.Status(), TaskStatus::Faulted);
}

TEST(FromAsync, BeginThrowingPropagates) {
  EXPECT_THROW(async::FromAsync([](async::AsyncCallback) -> int { throw std::runtime_error("begin"); },
                                [](std::shared_ptr<async::IAsyncResult>) {}),
               std::runtime_error);
}

TEST(FromAsync, CallbackDroppedAbandonsTheTask) {
  auto task = async::FromAsync([](async::AsyncCallback) {}, [](std::shared_ptr<async::IAsyncResult>) {});
  static_assert(std::is_same_v<decltype(task), async::Task<>>);
  EXPECT_THROW(task.Wait(), async::InvalidOperationException);
}

TEST(FromAsync, CanceledEnd) {
  async::CancellationTokenSource cts;
  cts.Cancel();
  auto task = async::FromAsync([](async::AsyncCallback cb) { cb(nullptr); },
                               [&](std::shared_ptr<async::IAsyncResult>) { cts.Token().ThrowIfCancellationRequested(); });
  EXPECT_EQ(task.Status(), TaskStatus::Canceled);
}

}  // namespace
