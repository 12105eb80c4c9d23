// WhenAll, WhenAny, the FromResult cache.
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <async/async.h>

#include "machines.h"
#include "test_util.h"

namespace {

using async::TaskCompletionSource;

TEST(WhenAll, ResultsInInputOrder) {
  TaskCompletionSource<int> a, b, c;
  auto all = async::WhenAll(std::vector<async::Task<int>>{a.Task(), b.Task(), c.Task()});
  static_assert(std::is_same_v<decltype(all), async::Task<std::vector<int>>>);
  c.SetResult(3);
  a.SetResult(1);
  EXPECT_FALSE(all.IsCompleted());
  b.SetResult(2);
  ASSERT_TRUE(all.IsCompletedSuccessfully());
  EXPECT_EQ(all.Result(), (std::vector<int>{1, 2, 3}));
  auto v = async::WhenAll(async::FromResult(std::string("x")), async::FromResult(std::string("y")));
  ASSERT_TRUE(v.IsCompleted());  // all complete: synchronously
  EXPECT_EQ(v.Result(), (std::vector<std::string>{"x", "y"}));
  auto empty = async::WhenAll(std::vector<async::Task<int>>{});
  EXPECT_TRUE(empty.Result().empty());
}

TEST(WhenAll, VoidAndMixedGiveTaskOfVoid) {
  TaskCompletionSource<> a;
  async::Task<> all = async::WhenAll(a.Task(), async::CompletedTask());
  EXPECT_FALSE(all.IsCompleted());
  a.SetResult();
  EXPECT_TRUE(all.IsCompletedSuccessfully());
  async::Task<> mixed = async::WhenAll(async::FromResult(1), async::CompletedTask(),
                                       async::FromResult(std::string("s")));
  EXPECT_TRUE(mixed.IsCompletedSuccessfully());
}

TEST(WhenAll, AggregatesEveryFaultAndAwaitThrowsTheFirst) {
  TaskCompletionSource<int> a, b, c;
  auto all = async::WhenAll(a.Task(), b.Task(), c.Task());
  c.SetException(std::make_exception_ptr(std::runtime_error("c")));
  b.SetCanceled();
  a.SetException(std::make_exception_ptr(std::logic_error("a")));
  ASSERT_TRUE(all.IsFaulted());
  ASSERT_NE(all.Exception(), nullptr);
  const auto& inner = all.Exception()->InnerExceptions();
  ASSERT_EQ(inner.size(), 2u);  // canceled inputs add no exception when others fault
  EXPECT_THROW(std::rethrow_exception(inner[0]), std::logic_error);
  EXPECT_THROW(std::rethrow_exception(inner[1]), std::runtime_error);
  EXPECT_THROW(all.GetAwaiter().GetResult(), std::logic_error);
  try {
    all.Wait();
    FAIL();
  } catch (const async::AggregateException& e) {
    EXPECT_EQ(e.InnerExceptions().size(), 2u);
  }
  // Nested WhenAll flattens one level, as .NET does.
  auto outer = async::WhenAll(all, async::FromException<std::vector<int>>(
                                       std::make_exception_ptr(std::out_of_range("o"))));
  EXPECT_EQ(outer.Exception()->InnerExceptions().size(), 3u);
}

TEST(WhenAll, CanceledWhenAnInputIsCanceledAndNoneFaulted) {
  async::CancellationTokenSource cts;
  cts.Cancel();
  auto all = async::WhenAll(async::FromResult(1), async::FromCanceled<int>(cts.Token()));
  EXPECT_TRUE(all.IsCanceled());
  try {
    all.GetAwaiter().GetResult();
    FAIL();
  } catch (const async::TaskCanceledException& e) {
    EXPECT_TRUE(e.CancellationToken() == cts.Token());
  }
}

TEST(WhenAll, AbandonedInputAbandonsTheResult) {
  async::Task<std::vector<int>> all;
  {
    TaskCompletionSource<int> a;
    all = async::WhenAll(a.Task(), async::FromResult(1));
  }
  EXPECT_THROW(all.Wait(), async::InvalidOperationException);
}

TEST(WhenAll, AwaitedByAMachine) {
  asyncc_test::Log log;
  TaskCompletionSource<int> a;
  async::Task<> t = asyncc_test::AwaitThenLogAsync(async::WhenAll(a.Task(), async::FromResult(2)), &log);
  EXPECT_FALSE(t.IsCompleted());
  a.SetResult(1);
  EXPECT_TRUE(t.IsCompletedSuccessfully());
  EXPECT_EQ(log.Joined(), "+local after ~local");
}

TEST(WhenAny, FirstToCompleteOthersRunOn) {
  TaskCompletionSource<int> a, b;
  auto any = async::WhenAny(a.Task(), b.Task());
  static_assert(std::is_same_v<decltype(any), async::Task<async::Task<int>>>);
  EXPECT_FALSE(any.IsCompleted());
  b.SetException(std::make_exception_ptr(std::runtime_error("b")));
  ASSERT_TRUE(any.IsCompletedSuccessfully());  // WhenAny itself never faults
  EXPECT_TRUE(any.Result() == b.Task());
  a.SetResult(1);
  EXPECT_TRUE(any.Result() == b.Task());
  EXPECT_EQ(a.Task().Result(), 1);
  // Already completed: the first in input order, synchronously.
  TaskCompletionSource<int> pending;
  auto done = async::WhenAny(std::vector<async::Task<int>>{pending.Task(), async::FromResult(20),
                                                           async::FromResult(30)});
  ASSERT_TRUE(done.IsCompleted());
  EXPECT_EQ(done.Result().Result(), 20);
  EXPECT_THROW(async::WhenAny(std::vector<async::Task<int>>{}), async::ArgumentException);
  EXPECT_THROW(async::WhenAny(async::Task<int>()), async::ArgumentException);
}

TEST(WhenAny, AbandonedOnlyWhenEveryInputIs) {
  TaskCompletionSource<int> keep;
  async::Task<async::Task<int>> any;
  {
    TaskCompletionSource<int> gone;
    any = async::WhenAny(gone.Task(), keep.Task());
  }
  EXPECT_FALSE(any.IsCompleted());
  keep.SetResult(4);
  EXPECT_EQ(any.Result().Result(), 4);
  async::Task<async::Task<int>> none;
  {
    TaskCompletionSource<int> x, y;
    none = async::WhenAny(x.Task(), y.Task());
  }
  EXPECT_THROW(none.Wait(), async::InvalidOperationException);
}

// .NET's WhenAny removes its continuations from the losers once it has
// completed: a loser that stays pending no longer holds the promise, the
// input list or the winner.
TEST(WhenAny, CompletionUnregistersFromTheLosers) {
  TaskCompletionSource<std::shared_ptr<int>> winner, loser1, loser2;
  std::weak_ptr<int> value;
  {
    auto any = async::WhenAny(winner.Task(), loser1.Task(), loser2.Task());
    EXPECT_EQ(loser1.Task().StatePtr()->RegisteredContinuationCount(), 1u);
    EXPECT_EQ(loser2.Task().StatePtr()->RegisteredContinuationCount(), 1u);
    auto v = std::make_shared<int>(42);
    value = v;
    winner.SetResult(std::move(v));
    ASSERT_TRUE(any.IsCompletedSuccessfully());
    EXPECT_EQ(*any.Result().Result(), 42);
    EXPECT_EQ(loser1.Task().StatePtr()->RegisteredContinuationCount(), 0u);
    EXPECT_EQ(loser2.Task().StatePtr()->RegisteredContinuationCount(), 0u);
  }
  // Only the winner's TCS still holds the winning value; drop it: nothing
  // else (in particular no promise kept alive by a loser) refers to it.
  winner = TaskCompletionSource<std::shared_ptr<int>>();
  EXPECT_TRUE(value.expired());
  // The losers still complete normally, with nothing left to resume.
  loser1.SetResult(nullptr);
  loser2.SetCanceled();
  EXPECT_TRUE(loser1.Task().IsCompleted());
}

TEST(WhenAny, UnregistersOnlyItsOwnContinuation) {
  TaskCompletionSource<int> a, b, c;
  auto other = async::WhenAny(b.Task(), c.Task());
  int resumed = 0;
  b.Task().StatePtr()->OnCompleted(async::Continuation([&] { ++resumed; }), nullptr);
  auto any = async::WhenAny(a.Task(), b.Task());
  EXPECT_EQ(b.Task().StatePtr()->RegisteredContinuationCount(), 3u);
  a.SetResult(1);
  EXPECT_EQ(b.Task().StatePtr()->RegisteredContinuationCount(), 2u);
  b.SetResult(2);
  EXPECT_EQ(resumed, 1);
  ASSERT_TRUE(other.IsCompleted());
  EXPECT_TRUE(other.Result() == b.Task());
}

// A WhenAny whose input is already complete when it is created registers on
// none of the others (the completed-input shortcut), and one that wins while
// Start() is still registering undoes the later registrations.
TEST(WhenAny, WinnerDuringStartLeavesNothingRegistered) {
  TaskCompletionSource<int> a, b;
  a.SetResult(1);
  auto any = async::WhenAny(a.Task(), b.Task());
  EXPECT_TRUE(any.IsCompleted());
  EXPECT_EQ(b.Task().StatePtr()->RegisteredContinuationCount(), 0u);
}

TEST(FromResult, BoolAndSmallIntsAreCached) {
  EXPECT_TRUE(async::FromResult(true) == async::FromResult(true));
  EXPECT_TRUE(async::FromResult(false) == async::FromResult(false));
  EXPECT_FALSE(async::FromResult(true) == async::FromResult(false));
  for (int i = -1; i <= 8; ++i) EXPECT_TRUE(async::FromResult(i) == async::FromResult(i)) << i;
  EXPECT_FALSE(async::FromResult(9) == async::FromResult(9));
  EXPECT_FALSE(async::FromResult(-2) == async::FromResult(-2));
  EXPECT_FALSE(async::FromResult(1L) == async::FromResult(1L));  // only int, as .NET's Int32
  EXPECT_TRUE(async::CompletedTask() == async::CompletedTask());
  // Consuming awaits leave the shared task intact.
  async::Task<int> seven = async::FromResult(7);
  EXPECT_EQ(async::GetAwaiter(std::move(seven)).GetResult(), 7);
  EXPECT_EQ(async::FromResult(7).Result(), 7);
}

}  // namespace
