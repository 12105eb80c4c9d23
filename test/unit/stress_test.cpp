// Bounded stress tests, meant for ThreadSanitizer (each well under 5 s).
#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <async/async.h>
#include <async/detail/thread_pool.h>

#include "machines.h"
#include "step_machine.h"
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

TEST(Stress, MillionPoolWorkItemsFromSeveralProducers) {
  constexpr int kProducers = 4;
  constexpr int kPerProducer = 250000;
  constexpr long kTotal = long{kProducers} * kPerProducer;
  std::atomic<long> ran{0};
  async::TaskCompletionSource<> all_done;
  std::vector<std::thread> producers;
  for (int p = 0; p < kProducers; ++p) {
    producers.emplace_back([&] {
      for (int i = 0; i < kPerProducer; ++i) {
        async::detail::PostToThreadPool(async::Continuation([&ran, all_done]() mutable {
          if (ran.fetch_add(1, std::memory_order_relaxed) + 1 == kTotal) all_done.SetResult();
        }));
      }
    });
  }
  for (std::thread& t : producers) t.join();
  all_done.Task().Wait();
  EXPECT_EQ(ran.load(), kTotal);
}

TEST(Stress, SchedulerWorkAndAwaitsFromSeveralProducers) {
  constexpr int kProducers = 4;
  constexpr int kPerProducer = 1500;
  asyncc_test::SingleThreadScheduler s;
  std::atomic<int> on_scheduler{0};
  std::vector<std::vector<async::Task<async::Task<int>>>> results(kProducers);
  std::vector<std::thread> producers;
  for (int p = 0; p < kProducers; ++p) {
    producers.emplace_back([&, p] {
      for (int i = 0; i < kPerProducer; ++i) {
        // A work item that starts a machine awaiting a pool task: the
        // continuation comes back to the scheduler.
        auto started = async::TaskFactory(s).StartNew([&, i] {
          return asyncc_test::Then(async::Run([i] { return i; }), [&](int v) {
            if (&async::TaskScheduler::Current() == &s) ++on_scheduler;
            return v;
          });
        });
        results[p].push_back(started);
      }
    });
  }
  for (std::thread& t : producers) t.join();
  long sum = 0;
  for (auto& list : results)
    for (auto& t : list) sum += t.Result().Result();
  long expected = 0;
  for (int i = 0; i < kPerProducer; ++i) expected += i;
  EXPECT_EQ(sum, expected * kProducers);
  EXPECT_EQ(on_scheduler.load(), kProducers * kPerProducer);
}

TEST(Stress, AsyncLocalValuesStayWithTheirFlowAcrossThreads) {
  constexpr int kFlows = 2000;
  async::AsyncLocal<int> local;
  std::atomic<int> mismatches{0};
  std::vector<async::Task<>> flows;
  for (int i = 0; i < kFlows; ++i) {
    flows.push_back(async::Run([&, i] {
      local.SetValue(i);
      // Resumes on some pool thread (Yield), under this flow's context.
      return asyncc_test::Then(async::Yield(), [&, i] {
        if (local.Value() != i) ++mismatches;
      });
    }));
  }
  async::WhenAll(flows).Wait();
  EXPECT_EQ(mismatches.load(), 0);
}

TEST(Stress, PooledBoxesFreedAcrossThreads) {
  constexpr int kThreads = 4;
  constexpr int kRounds = 3000;
  std::vector<std::thread> threads;
  std::atomic<long> sum{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int r = 0; r < kRounds; ++r) {
        async::TaskCompletionSource<int> tcs;
        auto m = asyncc_test::Then(tcs.Task(), [](int v) { return v; });
        // Completed (and the box freed) on a pool thread.
        async::Run([tcs]() mutable { tcs.SetResult(1); });
        sum += m.Result();
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(sum.load(), long{kThreads} * kRounds);
}

}  // namespace
