// SemaphoreSlim, AsyncLock and PeriodicTimer: every member, FIFO waiters,
// timeouts, cancellation of waiters, disposal while waiting, and short
// 8-thread stress runs (scripts/stress.sh runs the long ones).
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <future>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <async/async.h>

#include "test_util.h"

namespace {

// Operations of one stress run over all threads (scripts/stress.sh sets more).
int StressItems() { return asyncc_test::StressItems(16000); }

using namespace std::chrono_literals;
using async::AsyncLock;
using async::CancellationTokenSource;
using async::PeriodicTimer;
using async::SemaphoreSlim;
using async::Task;
using async::ValueTask;

using asyncc_test::Await;

// ---- SemaphoreSlim ----------------------------------------------------------

TEST(SemaphoreSlim, TakesFreePermitsAtOnce) {
  SemaphoreSlim sem(2, 3);
  EXPECT_EQ(sem.CurrentCount(), 2);
  Task<> a = sem.WaitAsync();
  EXPECT_TRUE(a.IsCompletedSuccessfully());
  EXPECT_TRUE(sem.WaitAsync(0ms).Result());
  EXPECT_EQ(sem.CurrentCount(), 0);
  EXPECT_FALSE(sem.WaitAsync(0ms).Result());  // zero timeout only tries
  EXPECT_EQ(sem.Release(), 0);
  EXPECT_EQ(sem.Release(2), 1);
  EXPECT_EQ(sem.CurrentCount(), 3);
}

TEST(SemaphoreSlim, ReleasePastMaxCountThrowsSemaphoreFull) {
  SemaphoreSlim sem(1, 2);
  EXPECT_THROW(sem.Release(2), async::SemaphoreFullException);
  EXPECT_EQ(sem.CurrentCount(), 1);
  EXPECT_EQ(sem.Release(), 1);
  EXPECT_THROW(sem.Release(), async::SemaphoreFullException);
  EXPECT_THROW(sem.Release(0), async::ArgumentOutOfRangeException);
  EXPECT_THROW(SemaphoreSlim(3, 2), async::ArgumentOutOfRangeException);
  EXPECT_THROW(SemaphoreSlim(-1), async::ArgumentOutOfRangeException);
}

TEST(SemaphoreSlim, WaitersAreServedInArrivalOrder) {
  SemaphoreSlim sem(0);
  std::vector<Task<>> waits;
  for (int i = 0; i < 4; ++i) waits.push_back(sem.WaitAsync());
  for (auto& w : waits) EXPECT_FALSE(w.IsCompleted());
  EXPECT_EQ(sem.Release(), 0);
  waits[0].Wait();
  EXPECT_FALSE(waits[1].IsCompleted());
  EXPECT_EQ(sem.Release(2), 0);  // the permits went to waiters, not the count
  waits[1].Wait();
  waits[2].Wait();
  EXPECT_FALSE(waits[3].IsCompleted());
  EXPECT_EQ(sem.CurrentCount(), 0);
  sem.Release(2);
  waits[3].Wait();
  EXPECT_EQ(sem.CurrentCount(), 1);
}

TEST(SemaphoreSlim, CancelingAWaiterRemovesItWithoutLosingAPermit) {
  SemaphoreSlim sem(0);
  CancellationTokenSource cts;
  Task<> canceled = sem.WaitAsync(cts.Token());
  Task<> next = sem.WaitAsync();
  cts.Cancel();
  EXPECT_THROW(canceled.GetAwaiter().GetResult(), async::OperationCanceledException);
  EXPECT_TRUE(canceled.IsCanceled());
  sem.Release();
  next.Wait();
  EXPECT_EQ(sem.CurrentCount(), 0);
  sem.Release();
  EXPECT_EQ(sem.CurrentCount(), 1);
  CancellationTokenSource already;
  already.Cancel();
  EXPECT_TRUE(sem.WaitAsync(already.Token()).IsCanceled());
  EXPECT_EQ(sem.CurrentCount(), 1);
}

TEST(SemaphoreSlim, TimeoutGivesFalseAndLeavesTheQueue) {
  SemaphoreSlim sem(0);
  Task<bool> timed = sem.WaitAsync(20ms);
  Task<bool> patient = sem.WaitAsync(std::chrono::milliseconds(-1));
  EXPECT_FALSE(timed.Result());
  sem.Release();
  EXPECT_TRUE(patient.Result());
  EXPECT_EQ(sem.CurrentCount(), 0);
  Task<bool> in_time = sem.WaitAsync(std::chrono::seconds(30));
  sem.Release();
  EXPECT_TRUE(in_time.Result());
}

TEST(SemaphoreSlim, TimedWaitIsCanceledByItsToken) {
  SemaphoreSlim sem(0);
  CancellationTokenSource cts;
  Task<bool> t = sem.WaitAsync(std::chrono::seconds(30), cts.Token());
  cts.Cancel();
  EXPECT_THROW(t.GetAwaiter().GetResult(), async::OperationCanceledException);
  sem.Release();
  EXPECT_EQ(sem.CurrentCount(), 1);
}

TEST(SemaphoreSlim, BlockingWait) {
  SemaphoreSlim sem(0);
  std::thread releaser([&] {
    std::this_thread::sleep_for(5ms);
    sem.Release();
  });
  sem.Wait();
  releaser.join();
  EXPECT_EQ(sem.CurrentCount(), 0);
  CancellationTokenSource cts;
  cts.Cancel();
  EXPECT_THROW(sem.Wait(cts.Token()), async::OperationCanceledException);
  EXPECT_FALSE(sem.Wait(1ms));
}

TEST(SemaphoreSlim, DestroyingCancelsQueuedWaiters) {
  Task<> orphan;
  {
    SemaphoreSlim sem(0);
    orphan = sem.WaitAsync();
  }
  EXPECT_TRUE(orphan.IsCanceled());
}

TEST(SemaphoreSlimStress, EightThreadsNeverExceedTheCount) {
  SemaphoreSlim sem(3);
  std::atomic<int> inside{0};
  std::atomic<int> max_inside{0};
  std::atomic<long> done{0};
  std::vector<std::thread> threads;
  const int kPerThread = StressItems() / 8;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        if ((i + t) % 2 == 0) {
          sem.WaitAsync().Wait();
        } else {
          sem.Wait();
        }
        const int now = inside.fetch_add(1) + 1;
        int seen = max_inside.load();
        while (now > seen && !max_inside.compare_exchange_weak(seen, now)) {
        }
        inside.fetch_sub(1);
        done.fetch_add(1);
        sem.Release();
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(done.load(), 8L * kPerThread);
  EXPECT_LE(max_inside.load(), 3);
  EXPECT_EQ(sem.CurrentCount(), 3);
}

// ---- AsyncLock --------------------------------------------------------------

TEST(AsyncLock, ReleaserReleasesWhenDestroyedAndIsMoveOnly) {
  static_assert(!std::is_copy_constructible_v<AsyncLock::Releaser>, "move-only");
  static_assert(std::is_nothrow_move_constructible_v<AsyncLock::Releaser>, "movable");
  AsyncLock lock;
  Task<AsyncLock::Releaser> second;
  {
    AsyncLock::Releaser guard = lock.LockAsync().GetAwaiter().GetResult();
    second = lock.LockAsync();
    EXPECT_FALSE(second.IsCompleted());
    AsyncLock::Releaser moved = std::move(guard);
    EXPECT_FALSE(second.IsCompleted());
  }
  second.Wait();
  EXPECT_TRUE(second.IsCompletedSuccessfully());
  Task<AsyncLock::Releaser> third = lock.LockAsync();
  EXPECT_FALSE(third.IsCompleted());
  {
    AsyncLock::Releaser r = std::move(second).GetAwaiter().GetResult();
    r.Dispose();  // explicit release; the destructor then does nothing
    third.Wait();
  }
  EXPECT_TRUE(third.IsCompletedSuccessfully());
}

TEST(AsyncLock, WaitersAcquireInArrivalOrderAndCanBeCanceled) {
  AsyncLock lock;
  auto held = lock.Lock();
  CancellationTokenSource cts;
  Task<AsyncLock::Releaser> a = lock.LockAsync();
  Task<AsyncLock::Releaser> canceled = lock.LockAsync(cts.Token());
  Task<AsyncLock::Releaser> b = lock.LockAsync();
  cts.Cancel();
  EXPECT_TRUE(canceled.IsCanceled());
  held.Dispose();
  a.Wait();
  EXPECT_FALSE(b.IsCompleted());
  { auto r = std::move(a).GetAwaiter().GetResult(); }
  b.Wait();
  EXPECT_TRUE(b.IsCompletedSuccessfully());
}

TEST(AsyncLockStress, EightThreadsMutuallyExclude) {
  AsyncLock lock;
  long counter = 0;  // guarded by the lock only: TSan checks the exclusion
  std::atomic<int> inside{0};
  std::atomic<bool> overlap{false};
  std::vector<std::thread> threads;
  const int kPerThread = StressItems() / 8;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kPerThread; ++i) {
        AsyncLock::Releaser guard = lock.LockAsync().GetAwaiter().GetResult();
        if (inside.fetch_add(1) != 0) overlap = true;
        ++counter;
        inside.fetch_sub(1);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_FALSE(overlap.load());
  EXPECT_EQ(counter, 8L * kPerThread);
}

// ---- PeriodicTimer ----------------------------------------------------------

TEST(PeriodicTimer, TicksAndDisposeEndsTheLoop) {
  PeriodicTimer timer(2ms);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(Await(timer.WaitForNextTickAsync()));
  timer.Dispose();
  EXPECT_FALSE(Await(timer.WaitForNextTickAsync()));
  timer.Dispose();  // idempotent
}

TEST(PeriodicTimer, MissedTicksCoalesceIntoOne) {
  // The k-th tick fires no earlier than start + k * period (a late tick only
  // pushes the later ones back), so the test can tell a coalesced tick from a
  // new one by the clock alone. It sleeps to the middle of a period, away
  // from the tick due at the end of the sleep.
  constexpr auto kPeriod = 200ms;
  const auto start = std::chrono::steady_clock::now();
  PeriodicTimer timer(kPeriod);
  std::this_thread::sleep_until(start + kPeriod * 5 + kPeriod / 2);  // ticks 1..5 pass
  EXPECT_TRUE(Await(timer.WaitForNextTickAsync()));  // the one remembered tick
  // The missed ticks were one: the next wait is pending. A wait that completes
  // at once before tick 6 is due means a second remembered tick, which only a
  // late timer thread explains (tick 5 fired after the first wait took tick
  // 4), and then the one after it must be pending: never more than two.
  int extra = 0;
  ValueTask<bool> next = timer.WaitForNextTickAsync();
  while (next.IsCompleted() && std::chrono::steady_clock::now() < start + kPeriod * 6 && extra < 5) {
    ++extra;
    EXPECT_TRUE(Await(std::move(next)));
    next = timer.WaitForNextTickAsync();
  }
  EXPECT_LE(extra, 1) << "missed ticks were remembered one by one";
  timer.Dispose();
  (void)Await(std::move(next));
  EXPECT_FALSE(Await(timer.WaitForNextTickAsync()));
}

TEST(PeriodicTimer, DisposeWhileWaitingCompletesFalse) {
  ValueTask<bool> pending;
  std::thread disposer;
  {
    auto timer = std::make_unique<PeriodicTimer>(std::chrono::hours(1));
    pending = timer->WaitForNextTickAsync();
    EXPECT_FALSE(pending.IsCompleted());
    timer.reset();  // the destructor disposes
  }
  EXPECT_FALSE(Await(std::move(pending)));
}

TEST(PeriodicTimer, CancellationAndOneWaitAtATime) {
  PeriodicTimer timer(std::chrono::hours(1));
  CancellationTokenSource cts;
  ValueTask<bool> wait = timer.WaitForNextTickAsync(cts.Token());
  EXPECT_THROW(timer.WaitForNextTickAsync(), async::InvalidOperationException);
  cts.Cancel();
  EXPECT_TRUE(wait.IsCanceled());
  EXPECT_THROW(Await(std::move(wait)), async::OperationCanceledException);
  ValueTask<bool> again = timer.WaitForNextTickAsync();  // the timer goes on
  EXPECT_FALSE(again.IsCompleted());
  timer.Dispose();
  EXPECT_FALSE(Await(std::move(again)));
  EXPECT_THROW(PeriodicTimer(0ms), async::ArgumentOutOfRangeException);
}

}  // namespace
