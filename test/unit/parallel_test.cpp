// Parallel::ForEachAsync: degree of parallelism, .NET's failure rule,
// cancellation, range and AsyncEnumerable sources.
#include <async/parallel.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <async/async.h>

#include "iterator_machines.h"
#include "test_util.h"

namespace {

using async::CancellationToken;
using async::CancellationTokenSource;
using async::ParallelOptions;
using async::Task;
using async::TaskCompletionSource;
using asyncc_test::WaitUntil;

// Bodies that stay pending until the test completes them: how many started,
// and their completion sources by item.
class PendingBodies {
 public:
  Task<> Start(int item, CancellationToken ct) {
    std::lock_guard<std::mutex> lock(mutex_);
    TaskCompletionSource<> tcs;
    sources_[item] = tcs;
    tokens_[item] = ct;
    order_.push_back(item);
    return tcs.Task();
  }
  int Started() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return static_cast<int>(order_.size());
  }
  std::vector<int> Order() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return order_;
  }
  TaskCompletionSource<> Source(int item) const {
    std::lock_guard<std::mutex> lock(mutex_);
    return sources_.at(item);
  }
  CancellationToken Token(int item) const {
    std::lock_guard<std::mutex> lock(mutex_);
    return tokens_.at(item);
  }

 private:
  mutable std::mutex mutex_;
  std::map<int, TaskCompletionSource<>> sources_;
  std::map<int, CancellationToken> tokens_;
  std::vector<int> order_;
};

std::vector<int> Range(int n) {
  std::vector<int> v;
  for (int i = 0; i < n; ++i) v.push_back(i);
  return v;
}

TEST(ParallelForEachAsync, HonoursMaxDegreeOfParallelism) {
  PendingBodies bodies;
  std::vector<int> items = Range(7);
  ParallelOptions options;
  options.MaxDegreeOfParallelism = 3;
  Task<> loop = async::Parallel::ForEachAsync(
      items, options, [&](int item, CancellationToken ct) { return bodies.Start(item, ct); });
  ASSERT_TRUE(WaitUntil([&] { return bodies.Started() == 3; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(bodies.Started(), 3);  // no fourth while three are pending
  // Each completion frees exactly one slot.
  for (int done = 0; done < 4; ++done) {
    bodies.Source(bodies.Order()[done]).SetResult();
    ASSERT_TRUE(WaitUntil([&] { return bodies.Started() == 4 + done; }));
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    EXPECT_EQ(bodies.Started(), 4 + done);
  }
  EXPECT_FALSE(loop.IsCompleted());
  for (int k = 4; k < 7; ++k) bodies.Source(bodies.Order()[k]).SetResult();
  loop.Wait();
  EXPECT_TRUE(loop.IsCompletedSuccessfully());
  std::vector<int> started = bodies.Order();  // bodies run on the pool: any order
  std::sort(started.begin(), started.end());
  EXPECT_EQ(started, items);
}

TEST(ParallelForEachAsync, CountsConcurrentBodiesWithDefaultDegree) {
  std::atomic<int> active{0}, peak{0}, sum{0};
  const int workers = static_cast<int>(async::detail::ThreadPoolSize());
  Task<> loop = async::Parallel::ForEachAsync(Range(200), [&](int item, CancellationToken) {
    int now = ++active;
    int p = peak.load();
    while (now > p && !peak.compare_exchange_weak(p, now)) {
    }
    sum += item;
    return async::Run([&] { --active; });
  });
  loop.Wait();
  EXPECT_EQ(sum.load(), 199 * 200 / 2);  // every item exactly once (rvalue range moved in)
  EXPECT_GE(peak.load(), 1);
  EXPECT_LE(peak.load(), workers);
}

TEST(ParallelForEachAsync, SynchronousBodiesAndValueTasks) {
  std::vector<int> seen(1000, 0);
  std::vector<int> items = Range(1000);
  ParallelOptions options;
  options.MaxDegreeOfParallelism = 4;
  Task<> loop = async::Parallel::ForEachAsync(items, options, [&](const int& item, CancellationToken) {
    ++seen[item];
    return async::ValueTask<>();
  });
  loop.Wait();
  for (int n : seen) ASSERT_EQ(n, 1);
}

TEST(ParallelForEachAsync, FirstFailureCancelsBodiesAndFaultsWithEveryException) {
  PendingBodies bodies;
  ParallelOptions options;
  options.MaxDegreeOfParallelism = 2;
  std::atomic<bool> second_started{false};
  Task<> loop = async::Parallel::ForEachAsync(Range(10), options, [&](int item, CancellationToken ct) {
    if (item == 1) {
      // Wait until body 0 is pending, then fail synchronously.
      EXPECT_TRUE(WaitUntil([&] { return bodies.Started() == 1; }));
      second_started = true;
      throw std::runtime_error("body 1 failed");
    }
    Task<> t = bodies.Start(item, ct);
    // Body 0 ends when its token is canceled (as a cancelable await would).
    ct.Register([src = bodies.Source(item), ct]() mutable {
      src.TrySetException(std::make_exception_ptr(async::OperationCanceledException(ct)));
    });
    return t;
  });
  try {
    loop.Wait();
    FAIL() << "expected AggregateException";
  } catch (const async::AggregateException& e) {
    ASSERT_EQ(e.InnerExceptions().size(), 2u);
    EXPECT_THROW(std::rethrow_exception(e.InnerExceptions()[0]), std::runtime_error);
    EXPECT_THROW(std::rethrow_exception(e.InnerExceptions()[1]), async::OperationCanceledException);
  }
  EXPECT_TRUE(loop.IsFaulted());
  EXPECT_TRUE(second_started.load());
  EXPECT_EQ(bodies.Order(), std::vector<int>{0});  // no item started after the failure
  EXPECT_TRUE(bodies.Token(0).IsCancellationRequested());
  EXPECT_THROW(loop.GetAwaiter().GetResult(), std::runtime_error);  // await: the first
}

TEST(ParallelForEachAsync, FaultedTaskOfABodyWaitsForTheRunningOnes) {
  PendingBodies bodies;
  ParallelOptions options;
  options.MaxDegreeOfParallelism = 3;
  Task<> loop = async::Parallel::ForEachAsync(Range(10), options, [&](int item, CancellationToken ct) {
    return bodies.Start(item, ct);
  });
  ASSERT_TRUE(WaitUntil([&] { return bodies.Started() == 3; }));
  bodies.Source(1).SetException(std::make_exception_ptr(std::logic_error("one")));
  EXPECT_TRUE(bodies.Token(0).IsCancellationRequested());
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_FALSE(loop.IsCompleted());  // 0 and 2 still run
  EXPECT_EQ(bodies.Started(), 3);
  bodies.Source(0).SetResult();
  bodies.Source(2).SetException(std::make_exception_ptr(std::runtime_error("two")));
  ASSERT_THROW(loop.Wait(), async::AggregateException);
  ASSERT_EQ(loop.Exception()->InnerExceptions().size(), 2u);
  EXPECT_THROW(std::rethrow_exception(loop.Exception()->InnerExceptions()[0]), std::logic_error);
  EXPECT_THROW(std::rethrow_exception(loop.Exception()->InnerExceptions()[1]), std::runtime_error);
}

TEST(ParallelForEachAsync, ExternalCancellationGivesCanceledTask) {
  PendingBodies bodies;
  CancellationTokenSource cts;
  ParallelOptions options;
  options.MaxDegreeOfParallelism = 2;
  options.CancellationToken = cts.Token();
  Task<> loop = async::Parallel::ForEachAsync(Range(10), options, [&](int item, CancellationToken ct) {
    return bodies.Start(item, ct);
  });
  ASSERT_TRUE(WaitUntil([&] { return bodies.Started() == 2; }));
  cts.Cancel();
  EXPECT_TRUE(bodies.Token(0).IsCancellationRequested());
  EXPECT_TRUE(bodies.Token(1).IsCancellationRequested());
  EXPECT_FALSE(loop.IsCompleted());
  bodies.Source(0).SetCanceled();
  bodies.Source(1).SetException(std::make_exception_ptr(std::runtime_error("ignored")));
  ASSERT_TRUE(WaitUntil([&] { return loop.IsCompleted(); }));
  EXPECT_TRUE(loop.IsCanceled());
  EXPECT_EQ(bodies.Started(), 2);
  EXPECT_THROW(loop.GetAwaiter().GetResult(), async::OperationCanceledException);
}

TEST(ParallelForEachAsync, AlreadyCanceledTokenAndBadDegree) {
  int calls = 0;
  auto body = [&](int, CancellationToken) {
    ++calls;
    return async::CompletedTask();
  };
  ParallelOptions canceled;
  canceled.CancellationToken = CancellationToken(true);
  Task<> loop = async::Parallel::ForEachAsync(Range(3), canceled, body);
  EXPECT_TRUE(loop.IsCanceled());
  ParallelOptions zero;
  zero.MaxDegreeOfParallelism = 0;
  EXPECT_THROW(async::Parallel::ForEachAsync(Range(3), zero, body), async::ArgumentOutOfRangeException);
  ParallelOptions negative;
  negative.MaxDegreeOfParallelism = -2;
  EXPECT_THROW(async::Parallel::ForEachAsync(Range(3), negative, body),
               async::ArgumentOutOfRangeException);
  EXPECT_EQ(calls, 0);
  async::Parallel::ForEachAsync(std::vector<int>{}, body).Wait();  // empty source
  EXPECT_EQ(calls, 0);
}

TEST(ParallelForEachAsync, AsyncEnumerableSource) {
  asyncc_test::Log log;
  asyncc_test::IterOptions opt;
  opt.log = &log;
  opt.count = 6;
  // Each MoveNextAsync completes later, on the pool.
  opt.before_yield = [](int) { return async::Delay(std::chrono::milliseconds(1)); };
  std::mutex mutex;
  std::vector<int> seen;
  ParallelOptions options;
  options.MaxDegreeOfParallelism = 2;
  Task<> loop = async::Parallel::ForEachAsync(asyncc_test::LoweredCountAsync(opt), options,
                                              [&](int item, CancellationToken) {
                                                std::lock_guard<std::mutex> lock(mutex);
                                                seen.push_back(item);
                                                return async::Delay(std::chrono::milliseconds(1));
                                              });
  loop.Wait();
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, Range(6));
  // The iterator ran to its end and its locals were destroyed.
  EXPECT_NE(log.Joined().find("~outer"), std::string::npos);
}

TEST(ParallelForEachAsync, AsyncEnumerableGetsTheBodiesToken) {
  // The iterator is enumerated with the loop's token: a failing body stops
  // it (its next MoveNextAsync is canceled; the enumerator is disposed).
  asyncc_test::Log log;
  asyncc_test::IterOptions opt;
  opt.log = &log;
  opt.count = 100;
  ParallelOptions options;
  options.MaxDegreeOfParallelism = 1;
  std::atomic<int> calls{0};
  Task<> loop = async::Parallel::ForEachAsync(asyncc_test::LoweredCountAsync(opt), options,
                                              [&](int item, CancellationToken) -> Task<> {
                                                ++calls;
                                                if (item == 2) throw std::runtime_error("stop");
                                                return async::CompletedTask();
                                              });
  EXPECT_THROW(loop.Wait(), async::AggregateException);
  EXPECT_EQ(calls.load(), 3);
  ASSERT_EQ(loop.Exception()->InnerExceptions().size(), 1u);
  EXPECT_NE(log.Joined().find("~outer"), std::string::npos);  // disposed
}

}  // namespace
