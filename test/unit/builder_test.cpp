// Hand-lowered state machines (the generated shape) driven by
// AsyncTaskMethodBuilder.
#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <async/async.h>
#include <async/detail/thread_pool.h>

#include "machines.h"
#include "test_util.h"

namespace {

using asyncc_test::Log;
using asyncc_test::WaitUntil;
using async::Continuation;
using async::TaskCompletionSource;
using async::TaskStatus;

TEST(Builder, SynchronousFastPath) {
  Log log;
  async::Task<int> t = asyncc_test::AddOneAsync(async::FromResult(41), &log);
  EXPECT_TRUE(t.IsCompletedSuccessfully());
  EXPECT_EQ(t.Result(), 42);
  EXPECT_EQ(log.Joined(), "start +local resumed ~local");
}

TEST(Builder, SuspendsAndResumesOnCompletion) {
  Log log;
  TaskCompletionSource<int> tcs;
  async::Task<int> t = asyncc_test::AddOneAsync(tcs.Task(), &log);
  EXPECT_EQ(log.Joined(), "start +local");
  EXPECT_EQ(t.Status(), TaskStatus::WaitingForActivation);
  t.GetAwaiter().OnCompleted(Continuation([&] { log.Add("cont"); }));
  tcs.SetResult(9);
  // The task completes (and its continuation runs) only after every local
  // has been destroyed.
  EXPECT_EQ(log.Joined(), "start +local resumed ~local cont");
  EXPECT_EQ(t.Result(), 10);
}

TEST(Builder, ExceptionFaultsTheTaskAfterLocalsAreDestroyed) {
  Log log;
  TaskCompletionSource<int> tcs;
  async::Task<> t = asyncc_test::ThrowAfterAsync(tcs.Task(), &log, false);
  t.GetAwaiter().OnCompleted(Continuation([&] { log.Add("cont"); }));
  tcs.SetResult(3);
  EXPECT_EQ(log.Joined(), "+local ~local cont");
  EXPECT_TRUE(t.IsFaulted());
  try {
    t.GetAwaiter().GetResult();
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "boom 3");
  }
  ASSERT_NE(t.Exception(), nullptr);
  EXPECT_STREQ(t.Exception()->what(), "One or more errors occurred. (boom 3)");
}

TEST(Builder, SynchronousExceptionIsStoredInTheTask) {
  Log log;
  async::Task<> t = asyncc_test::ThrowAfterAsync(async::FromResult(5), &log, false);
  EXPECT_TRUE(t.IsFaulted());
  EXPECT_EQ(log.Joined(), "+local ~local");
  EXPECT_THROW(t.Wait(), async::AggregateException);
}

TEST(Builder, OperationCanceledExceptionCancelsTheTask) {
  Log log;
  async::Task<> t = asyncc_test::ThrowAfterAsync(async::FromResult(5), &log, true);
  EXPECT_EQ(t.Status(), TaskStatus::Canceled);
  EXPECT_EQ(t.Exception(), nullptr);
  EXPECT_THROW(t.GetAwaiter().GetResult(), async::OperationCanceledException);
  try {
    t.Wait();
    FAIL();
  } catch (const async::AggregateException& e) {
    ASSERT_EQ(e.InnerExceptions().size(), 1u);
    EXPECT_THROW(std::rethrow_exception(e.InnerExceptions()[0]), async::TaskCanceledException);
  }
}

TEST(Builder, AwaitedFaultPropagatesAsTheExceptionItself) {
  Log log;
  TaskCompletionSource<int> tcs;
  async::Task<int> t = asyncc_test::AddOneAsync(tcs.Task(), &log);
  tcs.SetException(std::make_exception_ptr(std::logic_error("inner")));
  EXPECT_EQ(log.Joined(), "start +local ~local");
  EXPECT_THROW(t.GetAwaiter().GetResult(), std::logic_error);
}

TEST(Builder, LoopAwaitsManyTimesReusingTheBox) {
  Log log;
  TaskCompletionSource<int> a, b;
  async::Task<int> t =
      asyncc_test::SumAsync({async::FromResult(1), a.Task(), async::FromResult(2), b.Task()}, &log);
  EXPECT_EQ(log.Joined(), "got1");
  a.SetResult(10);
  EXPECT_EQ(log.Joined(), "got1 got10 got2");
  EXPECT_FALSE(t.IsCompleted());
  b.SetResult(100);
  EXPECT_EQ(t.Result(), 113);
}

TEST(Builder, RvalueAwaitMovesTheResult) {
  TaskCompletionSource<int> tcs;
  async::Task<int> t = asyncc_test::ChainAsync(asyncc_test::ChainAsync(tcs.Task()));
  tcs.SetResult(1);
  EXPECT_EQ(t.Result(), 3);
}

TEST(Builder, LongChainCompletesWithoutOverflowingTheStack) {
  TaskCompletionSource<int> tcs;
  async::Task<int> t = tcs.Task();
  for (int i = 0; i < 3000; ++i) t = asyncc_test::ChainAsync(std::move(t));
  tcs.SetResult(0);
  EXPECT_EQ(t.Result(), 3000);
}

struct ThrowingMachine final : async::IAsyncStateMachine {
  async::AsyncTaskMethodBuilder<int> sm_builder;
  std::vector<int> payload;
  ThrowingMachine(async::AsyncTaskMethodBuilder<int> b, bool&& fail)
      : sm_builder(b), payload(100, 1) {
    if (fail) throw std::runtime_error("ctor");
  }
  void MoveNext() override {
    sm_builder.SetReturnValue(static_cast<int>(payload.size()));
    sm_builder.SetResult();
  }
};

TEST(Builder, CreateFreesTheBoxWhenTheMachineConstructorThrows) {
  EXPECT_THROW(async::AsyncTaskMethodBuilder<int>::Create<ThrowingMachine>(true),
               std::runtime_error);
  auto& sm = async::AsyncTaskMethodBuilder<int>::Create<ThrowingMachine>(false);
  async::Task<int> t = sm.sm_builder.Task();
  sm.sm_builder.Start(sm);
  EXPECT_EQ(t.Result(), 100);
}

namespace user {
// An awaitable found through ADL GetAwaiter(e).
struct Ready {
  int v;
};
struct ReadyAwaiter {
  int v;
  bool IsCompleted() const { return true; }
  void OnCompleted(async::Continuation k) const { k(); }
  int GetResult() const { return v; }
};
inline ReadyAwaiter GetAwaiter(const Ready& r) { return {r.v}; }
}  // namespace user

TEST(Builder, GetAwaiterFindsMembersAndAdl) {
  static_assert(std::is_same_v<async::AwaiterOf<user::Ready&>, user::ReadyAwaiter>);
  static_assert(std::is_same_v<async::AwaiterOf<async::Task<int>&>, async::TaskAwaiter<int>>);
  static_assert(
      std::is_same_v<async::AwaiterOf<async::Task<int>&&>, async::TaskAwaiter<int, true>>);
  static_assert(std::is_same_v<async::AwaiterOf<async::Task<int>>, async::TaskAwaiter<int, true>>);
  static_assert(std::is_same_v<async::AwaiterOf<async::YieldAwaitable>,
                               async::YieldAwaitable::YieldAwaiter>);
  EXPECT_EQ(async::GetAwaiter(user::Ready{4}).GetResult(), 4);
  Log log;
  async::Task<> t = asyncc_test::AwaitThenLogAsync(user::Ready{1}, &log);
  EXPECT_TRUE(t.IsCompletedSuccessfully());
}

TEST(Builder, ConcurrentCompletionRacesWithRegistration) {
  constexpr int kRounds = 2000;
  std::atomic<int> finished{0};
  std::vector<async::Task<int>> tasks;
  tasks.reserve(kRounds);
  Log log;
  for (int i = 0; i < kRounds; ++i) {
    TaskCompletionSource<int> tcs;
    async::detail::PostToThreadPool(Continuation([tcs, i]() mutable { tcs.SetResult(i); }));
    async::Task<int> t = asyncc_test::ChainAsync(tcs.Task());
    t.ConfigureAwait(false).GetAwaiter().OnCompleted(Continuation([&] { ++finished; }));
    tasks.push_back(std::move(t));
  }
  ASSERT_TRUE(WaitUntil([&] { return finished.load() == kRounds; }));
  for (int i = 0; i < kRounds; ++i) ASSERT_EQ(tasks[i].Result(), i + 1);
}

TEST(Builder, ManyWaitersAcrossThreads) {
  TaskCompletionSource<int> tcs;
  async::Task<int> t = asyncc_test::ChainAsync(tcs.Task());
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&] {
      if (t.Result() == 6) ++ok;
    });
  tcs.SetResult(5);
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 4);
}

}  // namespace
