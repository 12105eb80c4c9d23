// The AsyncEnumerable<T> checks shared by the lowered build
// (async_enumerable_test.cpp: hand-lowered machines of iterator_machines.h)
// and the native build (native/async_enumerable_native_test.cpp: the same
// iterators as C++20 coroutines). Before including, define
//   ASYNCC_ENUM_SUITE   the GoogleTest suite name
// and, in the including namespace,
//   async::AsyncEnumerable<int> CountAsync(asyncc_test::IterOptions);
//   async::AsyncEnumerable<std::string> WordsAsync(std::string);
// with the sources given in iterator_machines.h.
// No include guard: included once per test program.

#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <async/async.h>

#include "iterator_machines.h"
#include "test_util.h"

using asyncc_test::IterOptions;
using asyncc_test::Log;

// The result of a MoveNextAsync, blocking if needed; its exception rethrown.
inline bool NextBlocking(async::ValueTask<bool> vt) {
  if (vt.IsCompleted()) return vt.GetAwaiter().GetResult();
  return vt.AsTask().GetAwaiter().GetResult();
}

TEST(ASYNCC_ENUM_SUITE, CallingRunsNothing) {
  Log log;
  IterOptions opt;
  opt.log = &log;
  auto seq = CountAsync(opt);
  EXPECT_EQ(log.Joined(), "");
  auto e = seq.GetAsyncEnumerator();
  EXPECT_EQ(log.Joined(), "");
  auto vt = e.MoveNextAsync();
  EXPECT_EQ(log.Joined(), "+outer +inner0");
  ASSERT_TRUE(vt.IsCompletedSuccessfully());
  EXPECT_TRUE(vt.GetAwaiter().GetResult());
  EXPECT_EQ(e.Current(), 0);
}

TEST(ASYNCC_ENUM_SUITE, YieldsSynchronouslyThenFalseRepeatedly) {
  Log log;
  IterOptions opt;
  opt.log = &log;
  auto e = CountAsync(opt).GetAsyncEnumerator();
  for (int i = 0; i < 3; ++i) {
    auto vt = e.MoveNextAsync();
    ASSERT_TRUE(vt.IsCompletedSuccessfully()) << i;
    EXPECT_TRUE(vt.GetAwaiter().GetResult());
    EXPECT_EQ(e.Current(), i);
  }
  auto end = e.MoveNextAsync();
  ASSERT_TRUE(end.IsCompletedSuccessfully());
  EXPECT_FALSE(end.GetAwaiter().GetResult());
  EXPECT_EQ(log.Joined(), "+outer +inner0 ~inner0 +inner1 ~inner1 +inner2 ~inner2 ~outer");
  for (int k = 0; k < 3; ++k) {
    auto again = e.MoveNextAsync();
    ASSERT_TRUE(again.IsCompletedSuccessfully());
    EXPECT_FALSE(again.GetAwaiter().GetResult());
  }
  EXPECT_THROW(e.Current(), async::InvalidOperationException);
  EXPECT_TRUE(e.DisposeAsync().IsCompletedSuccessfully());
}

TEST(ASYNCC_ENUM_SUITE, YieldsAfterAnIncompleteAwait) {
  Log log;
  std::vector<async::TaskCompletionSource<>> sources(3);
  IterOptions opt;
  opt.log = &log;
  opt.before_yield = [&sources](int i) { return sources[static_cast<std::size_t>(i)].Task(); };
  auto e = CountAsync(opt).GetAsyncEnumerator();
  for (int i = 0; i < 3; ++i) {
    auto vt = e.MoveNextAsync();
    EXPECT_FALSE(vt.IsCompleted());
    // One operation at a time.
    EXPECT_THROW(e.MoveNextAsync(), async::InvalidOperationException);
    EXPECT_THROW(e.DisposeAsync(), async::InvalidOperationException);
    sources[static_cast<std::size_t>(i)].SetResult();
    ASSERT_TRUE(vt.IsCompletedSuccessfully());
    EXPECT_TRUE(vt.GetAwaiter().GetResult());
    EXPECT_EQ(e.Current(), i);
  }
  EXPECT_FALSE(NextBlocking(e.MoveNextAsync()));
  EXPECT_EQ(log.Joined(), "+outer +inner0 ~inner0 +inner1 ~inner1 +inner2 ~inner2 ~outer");
}

TEST(ASYNCC_ENUM_SUITE, YieldsAfterDelayOnAnotherThread) {
  IterOptions opt;
  Log log;
  opt.log = &log;
  opt.count = 4;
  opt.before_yield = [](int) { return async::Delay(std::chrono::milliseconds(1)); };
  auto e = CountAsync(opt).GetAsyncEnumerator();
  std::vector<int> got;
  while (NextBlocking(e.MoveNextAsync())) got.push_back(e.Current());
  EXPECT_EQ(got, (std::vector<int>{0, 1, 2, 3}));
  EXPECT_TRUE(asyncc_test::WaitUntil([&] { return log.Entries().size() == 10; }));
}

TEST(ASYNCC_ENUM_SUITE, ExceptionAfterSomeYieldsFaultsMoveNext) {
  Log log;
  IterOptions opt;
  opt.log = &log;
  opt.count = 5;
  opt.throw_after = 2;
  auto e = CountAsync(opt).GetAsyncEnumerator();
  EXPECT_TRUE(NextBlocking(e.MoveNextAsync()));
  EXPECT_TRUE(NextBlocking(e.MoveNextAsync()));
  EXPECT_EQ(e.Current(), 1);
  auto vt = e.MoveNextAsync();
  ASSERT_TRUE(vt.IsCompleted());
  EXPECT_TRUE(vt.IsFaulted());
  // The body's locals were destroyed before the fault was published.
  EXPECT_EQ(log.Joined(), "+outer +inner0 ~inner0 +inner1 ~inner1 ~outer");
  try {
    vt.GetAwaiter().GetResult();
    ADD_FAILURE() << "no exception";
  } catch (const std::runtime_error& ex) {
    EXPECT_STREQ(ex.what(), "boom");
  }
  EXPECT_FALSE(NextBlocking(e.MoveNextAsync()));
  EXPECT_FALSE(NextBlocking(e.MoveNextAsync()));
}

TEST(ASYNCC_ENUM_SUITE, ExceptionAfterAnAwaitFaultsThePendingMoveNext) {
  Log log;
  async::TaskCompletionSource<> tcs;
  IterOptions opt;
  opt.log = &log;
  opt.throw_after = 1;
  opt.throw_canceled = true;
  opt.before_yield = [&tcs](int i) { return i == 0 ? async::CompletedTask() : tcs.Task(); };
  auto e = CountAsync(opt).GetAsyncEnumerator();
  EXPECT_TRUE(NextBlocking(e.MoveNextAsync()));
  // Resumed after the first yield, the body throws OperationCanceledException:
  // the MoveNextAsync completes Canceled.
  auto vt = e.MoveNextAsync();
  EXPECT_TRUE(vt.IsCanceled());
  EXPECT_THROW(vt.GetAwaiter().GetResult(), async::OperationCanceledException);
  EXPECT_EQ(log.Joined(), "+outer +inner0 ~inner0 ~outer");
}

TEST(ASYNCC_ENUM_SUITE, CanceledTokenCompletesCanceledWithoutResuming) {
  Log log;
  IterOptions opt;
  opt.log = &log;
  async::CancellationTokenSource cts;
  auto e = CountAsync(opt).GetAsyncEnumerator(cts.Token());
  EXPECT_TRUE(NextBlocking(e.MoveNextAsync()));
  cts.Cancel();
  auto vt = e.MoveNextAsync();
  ASSERT_TRUE(vt.IsCompleted());
  EXPECT_TRUE(vt.IsCanceled());
  EXPECT_THROW(vt.GetAwaiter().GetResult(), async::OperationCanceledException);
  EXPECT_EQ(log.Joined(), "+outer +inner0");  // the body did not run
  EXPECT_TRUE(e.MoveNextAsync().IsCanceled());
  EXPECT_TRUE(e.DisposeAsync().IsCompletedSuccessfully());
  EXPECT_EQ(log.Joined(), "+outer +inner0 ~inner0 ~outer");
  EXPECT_FALSE(NextBlocking(e.MoveNextAsync()));  // finished beats canceled
}

TEST(ASYNCC_ENUM_SUITE, EarlyDisposeRunsDestructorsOfLiveLocals) {
  Log log;
  IterOptions opt;
  opt.log = &log;
  opt.count = 10;
  opt.keep = std::make_shared<int>(1);
  std::weak_ptr<int> param = opt.keep;
  auto e = CountAsync(std::move(opt)).GetAsyncEnumerator();
  EXPECT_TRUE(NextBlocking(e.MoveNextAsync()));
  EXPECT_TRUE(NextBlocking(e.MoveNextAsync()));
  EXPECT_FALSE(param.expired());
  auto d = e.DisposeAsync();
  EXPECT_TRUE(d.IsCompletedSuccessfully());
  EXPECT_EQ(log.Joined(), "+outer +inner0 ~inner0 +inner1 ~inner1 ~outer");
  EXPECT_TRUE(param.expired());  // the parameters went with the machine
  EXPECT_THROW(e.Current(), async::InvalidOperationException);
  EXPECT_FALSE(NextBlocking(e.MoveNextAsync()));
  EXPECT_TRUE(e.DisposeAsync().IsCompletedSuccessfully());  // idempotent
  EXPECT_EQ(log.Entries().size(), 6u);
}

TEST(ASYNCC_ENUM_SUITE, DisposeBeforeStartDestroysParameters) {
  Log log;
  IterOptions opt;
  opt.log = &log;
  opt.keep = std::make_shared<int>(1);
  std::weak_ptr<int> param = opt.keep;
  auto e = CountAsync(std::move(opt)).GetAsyncEnumerator();
  EXPECT_FALSE(param.expired());
  EXPECT_TRUE(e.DisposeAsync().IsCompletedSuccessfully());
  EXPECT_TRUE(param.expired());
  EXPECT_FALSE(NextBlocking(e.MoveNextAsync()));
  EXPECT_EQ(log.Joined(), "");
}

TEST(ASYNCC_ENUM_SUITE, DroppingTheHandlesDestroysTheIterator) {
  Log log;
  std::weak_ptr<int> param;
  {
    IterOptions opt;
    opt.log = &log;
    opt.keep = std::make_shared<int>(1);
    param = opt.keep;
      auto seq = CountAsync(std::move(opt));  // never enumerated
  }
  EXPECT_TRUE(param.expired());
  {
    IterOptions opt;
    opt.log = &log;
    opt.keep = std::make_shared<int>(1);
    param = opt.keep;
      auto seq = CountAsync(std::move(opt));
    auto e = seq.GetAsyncEnumerator();
    auto copy = e;  // another handle to the same enumeration
    EXPECT_TRUE(NextBlocking(e.MoveNextAsync()));
    EXPECT_EQ(copy.Current(), 0);
    seq = async::AsyncEnumerable<int>();
    e = async::AsyncEnumerator<int>();
    EXPECT_FALSE(param.expired());  // `copy` still owns it
  }
  EXPECT_TRUE(param.expired());
  EXPECT_EQ(log.Joined(), "+outer +inner0 ~inner0 ~outer");
}

TEST(ASYNCC_ENUM_SUITE, DroppedWhileAwaitingRunsOnToItsNextYield) {
  Log log;
  async::TaskCompletionSource<> tcs;
  IterOptions opt;
  opt.log = &log;
  opt.keep = std::make_shared<int>(1);
  std::weak_ptr<int> param = opt.keep;
  opt.before_yield = [&tcs](int) { return tcs.Task(); };
  {
    auto e = CountAsync(std::move(opt)).GetAsyncEnumerator();
    EXPECT_FALSE(e.MoveNextAsync().IsCompleted());
  }
  // Like a dropped Task, the body runs on; at its yield nobody can resume it.
  EXPECT_FALSE(param.expired());
  EXPECT_EQ(log.Joined(), "+outer +inner0");
  tcs.SetResult();
  EXPECT_TRUE(param.expired());
  EXPECT_EQ(log.Joined(), "+outer +inner0 ~inner0 ~outer");
}

TEST(ASYNCC_ENUM_SUITE, AbandonedAwaitDestroysTheIteratorAndAbandonsMoveNext) {
  Log log;
  auto tcs = std::make_unique<async::TaskCompletionSource<>>();
  IterOptions opt;
  opt.log = &log;
  opt.before_yield = [&tcs](int) { return tcs->Task(); };
  auto e = CountAsync(opt).GetAsyncEnumerator();
  auto vt = e.MoveNextAsync();
  EXPECT_FALSE(vt.IsCompleted());
  async::Task<bool> task = vt.AsTask();
  tcs.reset();  // the awaited task can never complete: the iterator is destroyed
  EXPECT_EQ(log.Joined(), "+outer +inner0 ~inner0 ~outer");
  EXPECT_FALSE(task.IsCompleted());
  EXPECT_THROW(task.Wait(), async::InvalidOperationException);  // abandoned, not a hang
  EXPECT_FALSE(NextBlocking(e.MoveNextAsync()));
}

TEST(ASYNCC_ENUM_SUITE, SecondGetAsyncEnumeratorThrows) {
  IterOptions opt;
  Log log;
  opt.log = &log;
  auto seq = CountAsync(opt);
  auto e = seq.GetAsyncEnumerator();
  EXPECT_THROW(seq.GetAsyncEnumerator(), async::InvalidOperationException);
  auto copy = seq;
  EXPECT_THROW(copy.GetAsyncEnumerator(), async::InvalidOperationException);
  EXPECT_TRUE(NextBlocking(e.MoveNextAsync()));  // the first one still works
  EXPECT_EQ(e.Current(), 0);
  EXPECT_THROW(async::AsyncEnumerable<int>().GetAsyncEnumerator(), async::InvalidOperationException);
  EXPECT_THROW(async::AsyncEnumerator<int>().MoveNextAsync(), async::InvalidOperationException);
}

TEST(ASYNCC_ENUM_SUITE, MovesAndCopiesStrings) {
  auto e = WordsAsync("alpha beta  gamma").GetAsyncEnumerator();
  std::vector<std::string> words;
  while (NextBlocking(e.MoveNextAsync())) words.push_back(std::move(e.Current()));
  EXPECT_EQ(words, (std::vector<std::string>{"alpha", "beta", "", "gamma"}));
}

// The producer resumes on thread-pool threads (Run) while the consumer,
// on this thread, races to the next MoveNextAsync (TSan).
TEST(ASYNCC_ENUM_SUITE, ConsumerRacesPoolProducer) {
  Log log;
  IterOptions opt;
  opt.log = &log;
  opt.count = 3000;
  std::atomic<int> produced{0};
  opt.before_yield = [&produced](int i) {
    if (i % 2 == 0) return async::CompletedTask();
    return async::Run([&produced] { produced.fetch_add(1, std::memory_order_relaxed); });
  };
  auto e = CountAsync(opt).GetAsyncEnumerator();
  long long sum = 0;
  int n = 0;
  while (NextBlocking(e.MoveNextAsync())) {
    EXPECT_EQ(e.Current(), n);
    sum += e.Current();
    ++n;
  }
  EXPECT_EQ(n, 3000);
  EXPECT_EQ(sum, 3000LL * 2999 / 2);
  EXPECT_EQ(produced.load(), 1500);
  EXPECT_TRUE(asyncc_test::WaitUntil([&] { return log.Entries().size() == 6002; }));
}
