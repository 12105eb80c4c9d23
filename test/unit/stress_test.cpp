// Bounded stress tests, meant for ThreadSanitizer (each well under 5 s).
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

using asyncc_test::WaitUntil;

TEST(Stress, HundredThousandTasksFromSeveralProducers) {
  constexpr int kProducers = 4;
  constexpr int kPerProducer = 25000;
  std::atomic<long> sum{0};
  std::atomic<int> ran{0};
  std::vector<std::thread> producers;
  std::vector<std::vector<async::Task<>>> tasks(kProducers);
  for (int p = 0; p < kProducers; ++p) {
    producers.emplace_back([&, p] {
      tasks[p].reserve(kPerProducer);
      for (int i = 0; i < kPerProducer; ++i) {
        if (i % 2 == 0) {
          tasks[p].push_back(async::Run([&sum, &ran, i] {
            sum += i;
            ++ran;
          }));
        } else {
          // Work queued from pool threads goes to their own deques.
          tasks[p].push_back(async::Run([&sum, &ran, i] {
            return async::Run([&sum, &ran, i] {
              sum += i;
              ++ran;
            });
          }));
        }
      }
    });
  }
  for (std::thread& t : producers) t.join();
  for (auto& list : tasks) async::WhenAll(list).Wait();
  EXPECT_EQ(ran.load(), kProducers * kPerProducer);
  long expected = 0;
  for (int i = 0; i < kPerProducer; ++i) expected += i;
  EXPECT_EQ(sum.load(), expected * kProducers);
}

TEST(Stress, CancellationRacingCompletion) {
  constexpr int kRounds = 700;
  int canceled = 0, completed = 0;
  for (int r = 0; r < kRounds; ++r) {
    async::CancellationTokenSource cts;
    async::TaskCompletionSource<int> tcs;
    auto reg = cts.Token().Register([tcs](const async::CancellationToken& t) mutable {
      tcs.TrySetCanceled(t);
    });
    std::atomic<int> callbacks{0};
    cts.Token().Register([&callbacks] { ++callbacks; });
    auto delay = async::Delay(std::chrono::microseconds(r % 50), cts.Token());
    std::thread a([&] { cts.Cancel(); });
    std::thread b([&] { tcs.TrySetResult(r); });
    std::thread c([&] { reg.Dispose(); });
    a.join();
    b.join();
    c.join();
    async::Task<int> t = tcs.Task();
    ASSERT_TRUE(t.IsCompleted());
    (t.IsCanceled() ? canceled : completed) += 1;
    EXPECT_EQ(callbacks.load(), 1);  // exactly once
    try {
      delay.Wait();
    } catch (const async::AggregateException&) {
      EXPECT_TRUE(delay.IsCanceled());
    }
  }
  EXPECT_EQ(canceled + completed, kRounds);
}

TEST(Stress, WhenAllAndWhenAnyRacingFaults) {
  constexpr int kRounds = 400;
  constexpr int kInputs = 6;
  for (int r = 0; r < kRounds; ++r) {
    std::vector<async::TaskCompletionSource<int>> sources(kInputs);
    std::vector<async::Task<int>> inputs;
    for (auto& s : sources) inputs.push_back(s.Task());
    auto all = async::WhenAll(inputs);
    auto any = async::WhenAny(inputs);
    std::vector<std::thread> threads;
    for (int i = 0; i < kInputs; ++i) {
      threads.emplace_back([&, i] {
        if ((i + r) % 3 == 0) {
          sources[i].TrySetException(std::make_exception_ptr(std::runtime_error("f")));
        } else {
          sources[i].TrySetResult(i);
        }
      });
    }
    for (std::thread& t : threads) t.join();
    ASSERT_TRUE(all.IsFaulted());
    std::size_t faults = 0;
    for (int i = 0; i < kInputs; ++i) faults += (i + r) % 3 == 0;
    EXPECT_EQ(all.Exception()->InnerExceptions().size(), faults);
    ASSERT_TRUE(any.IsCompletedSuccessfully());
    EXPECT_TRUE(any.Result().IsCompleted());
  }
}

TEST(Stress, MachinesResumedFromPoolThreads) {
  constexpr int kMachines = 2000;
  asyncc_test::Log log;
  std::vector<async::TaskCompletionSource<int>> sources(kMachines);
  std::vector<async::Task<int>> results;
  for (int i = 0; i < kMachines; ++i)
    results.push_back(asyncc_test::ChainAsync(sources[i].Task()));
  for (int i = 0; i < kMachines; ++i)
    async::detail::PostToThreadPool(async::Continuation([s = sources[i], i]() mutable { s.SetResult(i); }));
  auto all = async::WhenAll(results);
  auto v = all.Result();
  for (int i = 0; i < kMachines; ++i) ASSERT_EQ(v[i], i + 1);
}

}  // namespace
