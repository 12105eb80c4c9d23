// The work-stealing thread pool and async::Run.
#include <atomic>
#include <memory>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <async/async.h>
#include <async/detail/thread_pool.h>

#include "test_util.h"

namespace {

using asyncc_test::WaitUntil;
using async::Continuation;

TEST(ThreadPool, SizedToTheMachine) {
  EXPECT_EQ(async::detail::ThreadPoolSize(),
            std::max(2u, std::thread::hardware_concurrency()));
  EXPECT_EQ(async::detail::CurrentWorkerIndex(), -1);
  EXPECT_FALSE(async::detail::IsThreadPoolThread());
}

TEST(ThreadPool, WorkerPopsItsOwnDequeLifo) {
  // A work item queues three items on its own deque while it still runs;
  // a gate keeps the other workers busy, so the owner runs them newest first.
  const unsigned n = async::detail::ThreadPoolSize();
  // Shared with the blockers: they may still read it after the test returns.
  auto blocked = std::make_shared<std::atomic<unsigned>>(0);
  auto release = std::make_shared<std::atomic<bool>>(false);
  struct ReleaseOnExit {
    std::shared_ptr<std::atomic<bool>> r;
    ~ReleaseOnExit() { *r = true; }
  } guard{release};
  for (unsigned i = 0; i + 1 < n; ++i) {
    async::detail::PostToThreadPool(Continuation([blocked, release] {
      ++*blocked;
      while (!release->load()) std::this_thread::yield();
    }), false);
  }
  ASSERT_TRUE(WaitUntil([&] { return blocked->load() == n - 1; }));
  asyncc_test::Log log;
  std::atomic<int> done{0};
  async::detail::PostToThreadPool(Continuation([&] {
    for (int i = 0; i < 3; ++i)
      async::detail::PostToThreadPool(Continuation([&, i] {
        log.Add(std::to_string(i));
        ++done;
      }));
  }), false);
  bool all_ran = WaitUntil([&] { return done.load() == 3; });
  *release = true;
  ASSERT_TRUE(all_ran);
  EXPECT_EQ(log.Joined(), "2 1 0");
}

TEST(ThreadPool, IdleWorkersStealFifo) {
  std::atomic<int> done{0};
  std::set<std::thread::id> threads;
  std::mutex m;
  std::uint64_t steals_before = async::detail::ThreadPoolStealCount();
  async::detail::PostToThreadPool(Continuation([&] {
    for (int i = 0; i < 64; ++i)
      async::detail::PostToThreadPool(Continuation([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        {
          std::lock_guard<std::mutex> lock(m);
          threads.insert(std::this_thread::get_id());
        }
        ++done;
      }));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }), false);
  ASSERT_TRUE(WaitUntil([&] { return done.load() == 64; }));
  EXPECT_GT(async::detail::ThreadPoolStealCount(), steals_before);
  std::lock_guard<std::mutex> lock(m);
  EXPECT_GE(threads.size(), 2u);
}

TEST(Run, ValueVoidAndException) {
  auto t = async::Run([] { return async::detail::IsThreadPoolThread() ? 42 : -1; });
  EXPECT_EQ(t.Result(), 42);
  std::atomic<bool> ran{false};
  async::Task<> v = async::Run([&] { ran = true; });
  v.Wait();
  EXPECT_TRUE(ran.load());
  auto f = async::Run([]() -> int { throw std::runtime_error("bad"); });
  EXPECT_THROW(f.GetAwaiter().GetResult(), std::runtime_error);
  EXPECT_TRUE(f.IsFaulted());
}

TEST(Run, UnwrapsATaskAndKeepsTheFunctionAliveUntilItCompletes) {
  async::TaskCompletionSource<int> tcs;
  auto alive = std::make_shared<int>(7);
  std::weak_ptr<int> weak = alive;
  async::Task<int> t = async::Run([tcs, alive = std::move(alive)] { return tcs.Task(); });
  static_assert(std::is_same_v<decltype(t), async::Task<int>>);
  ASSERT_TRUE(WaitUntil([&] { return weak.use_count() == 1; }));  // f ran, still held
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_FALSE(weak.expired());
  EXPECT_FALSE(t.IsCompleted());
  bool expired_at_completion = false;
  t.GetAwaiter().OnCompleted(Continuation([&] { expired_at_completion = weak.expired(); }));
  tcs.SetResult(5);
  EXPECT_EQ(t.Result(), 5);
  ASSERT_TRUE(WaitUntil([&] { return weak.expired(); }));
  EXPECT_TRUE(expired_at_completion);  // f destroyed before the task completed
  // A faulted / canceled inner task carries over.
  auto faulted = async::Run([] { return async::FromException<int>(std::make_exception_ptr(std::logic_error("x"))); });
  EXPECT_THROW(faulted.GetAwaiter().GetResult(), std::logic_error);
  async::Task<> vt = async::Run([] { return async::CompletedTask(); });
  vt.Wait();
}

TEST(Run, Cancellation) {
  async::CancellationTokenSource cts;
  cts.Cancel();
  bool ran = false;
  auto t = async::Run([&] { ran = true; }, cts.Token());
  EXPECT_TRUE(t.IsCanceled());
  EXPECT_FALSE(ran);
  try {
    t.GetAwaiter().GetResult();
    FAIL();
  } catch (const async::TaskCanceledException& e) {
    EXPECT_TRUE(e.CancellationToken() == cts.Token());
  }
  // An OperationCanceledException with Run's own token cancels; another faults.
  async::CancellationTokenSource cts2;
  auto c = async::Run([&] {
    cts2.Cancel();
    cts2.Token().ThrowIfCancellationRequested();
  }, cts2.Token());
  EXPECT_THROW(c.Wait(), async::AggregateException);
  EXPECT_TRUE(c.IsCanceled());
  auto f = async::Run([] { throw async::OperationCanceledException(); });
  EXPECT_THROW(f.Wait(), async::AggregateException);
  EXPECT_TRUE(f.IsFaulted());
}

TEST(Run, LongRunningUsesADedicatedThread) {
  auto t = async::Run([] { return async::detail::IsThreadPoolThread(); },
                      async::TaskCreationOptions::LongRunning);
  EXPECT_FALSE(t.Result());
  std::thread::id caller = std::this_thread::get_id();
  auto id = async::Run([] { return std::this_thread::get_id(); }, async::TaskCreationOptions::LongRunning);
  EXPECT_NE(id.Result(), caller);
}

}  // namespace
