// Where and when continuations run: inline, posted, RunContinuationsAsynchronously,
// contexts, AsyncContext::Run, Delay, Yield, blocking waits across threads.
#include <atomic>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <async/async.h>
#include <async/detail/thread_pool.h>

#include "machines.h"
#include "test_util.h"

namespace {

using namespace std::chrono_literals;
using asyncc_test::ContextScope;
using asyncc_test::Log;
using asyncc_test::ManualContext;
using asyncc_test::WaitUntil;
using async::Continuation;
using async::TaskCompletionSource;

TEST(Scheduling, RegisteredContinuationRunsInlineOnTheCompletingThread) {
  TaskCompletionSource<int> tcs;
  std::atomic<bool> ran{false};
  std::thread::id ran_on;
  tcs.Task().GetAwaiter().OnCompleted(Continuation([&] {
    ran_on = std::this_thread::get_id();
    ran = true;
  }));
  std::thread::id completer;
  std::thread t([&] {
    completer = std::this_thread::get_id();
    tcs.SetResult(1);
    EXPECT_TRUE(ran.load());  // ran before SetResult returned
  });
  t.join();
  EXPECT_TRUE(ran.load());
  EXPECT_EQ(ran_on, completer);
}

TEST(Scheduling, ContinuationsRunInRegistrationOrder) {
  TaskCompletionSource<> tcs;
  std::string order;
  for (char c : std::string("abcd"))
    tcs.Task().GetAwaiter().OnCompleted(Continuation([&order, c] { order += c; }));
  EXPECT_EQ(order, "");
  tcs.SetResult();
  EXPECT_EQ(order, "abcd");
}

TEST(Scheduling, RegistrationAfterCompletionIsQueuedNotInline) {
  TaskCompletionSource<> tcs;
  tcs.SetResult();
  std::atomic<bool> ran{false};
  std::atomic<bool> on_pool{false};
  std::promise<void> registered;
  std::shared_future<void> registered_f = registered.get_future().share();
  tcs.Task().GetAwaiter().UnsafeOnCompleted(Continuation([&, registered_f] {
    registered_f.wait();
    on_pool = async::detail::IsThreadPoolThread();
    ran = true;
  }));
  registered.set_value();  // would deadlock if it had run inline
  ASSERT_TRUE(WaitUntil([&] { return ran.load(); }));
  EXPECT_TRUE(on_pool.load());
}

TEST(Scheduling, CapturedContextGetsThePost) {
  ManualContext ctx;
  TaskCompletionSource<int> tcs;
  std::atomic<int> ran{0};
  std::thread::id ran_on;
  {
    ContextScope scope(&ctx);
    tcs.Task().GetAwaiter().OnCompleted(Continuation([&] {
      ran_on = std::this_thread::get_id();
      ++ran;
    }));
  }
  std::thread t([&] { tcs.SetResult(1); });
  t.join();
  EXPECT_EQ(ran.load(), 0);
  EXPECT_EQ(ctx.Pending(), 1u);
  EXPECT_EQ(ctx.RunAll(), 1);
  EXPECT_EQ(ran.load(), 1);
  EXPECT_EQ(ran_on, std::this_thread::get_id());
}

TEST(Scheduling, ConfigureAwaitFalseDoesNotCaptureTheContext) {
  ManualContext ctx;
  TaskCompletionSource<int> tcs;
  std::atomic<int> ran{0};
  {
    ContextScope scope(&ctx);
    tcs.Task().ConfigureAwait(false).GetAwaiter().OnCompleted(Continuation([&] { ++ran; }));
  }
  std::thread t([&] { tcs.SetResult(1); });
  t.join();
  EXPECT_EQ(ran.load(), 1);
  EXPECT_EQ(ctx.Pending(), 0u);
}

TEST(Scheduling, SameContextOnTheCompletingThreadRunsInline) {
  ManualContext ctx;
  ContextScope scope(&ctx);
  TaskCompletionSource<int> tcs;
  int ran = 0;
  tcs.Task().GetAwaiter().OnCompleted(Continuation([&] { ++ran; }));
  tcs.SetResult(1);
  EXPECT_EQ(ran, 1);
  EXPECT_EQ(ctx.Pending(), 0u);
}

TEST(Scheduling, RunContinuationsAsynchronouslyNeverRunsInline) {
  TaskCompletionSource<int> tcs(async::TaskCreationOptions::RunContinuationsAsynchronously);
  std::promise<void> set_returned;
  std::shared_future<void> set_returned_f = set_returned.get_future().share();
  std::atomic<bool> ran{false};
  std::thread::id ran_on;
  tcs.Task().GetAwaiter().OnCompleted(Continuation([&, set_returned_f] {
    set_returned_f.wait();  // deadlocks (test times out) if run inline
    ran_on = std::this_thread::get_id();
    ran = true;
  }));
  tcs.SetResult(1);
  set_returned.set_value();
  ASSERT_TRUE(WaitUntil([&] { return ran.load(); }));
  EXPECT_NE(ran_on, std::this_thread::get_id());
}

TEST(Scheduling, RunContinuationsAsynchronouslyPostsToTheCapturedContext) {
  ManualContext ctx;
  ContextScope scope(&ctx);
  TaskCompletionSource<int> tcs(async::TaskCreationOptions::RunContinuationsAsynchronously);
  int ran = 0;
  tcs.Task().GetAwaiter().OnCompleted(Continuation([&] { ++ran; }));
  tcs.SetResult(1);
  EXPECT_EQ(ran, 0);
  EXPECT_EQ(ctx.RunAll(), 1);
  EXPECT_EQ(ran, 1);
}

TEST(Scheduling, InlineDepthIsBounded) {
  constexpr int kChain = 2000;
  std::vector<TaskCompletionSource<>> sources(kChain);
  std::atomic<int> max_depth{0};
  std::atomic<int> done{0};
  for (int i = 0; i < kChain; ++i) {
    sources[i].Task().GetAwaiter().OnCompleted(Continuation([&, i] {
      int d = async::detail::InlineContinuationDepth();
      int m = max_depth.load();
      while (d > m && !max_depth.compare_exchange_weak(m, d)) {}
      ++done;
      if (i + 1 < kChain) sources[i + 1].SetResult();
    }));
  }
  sources[0].SetResult();
  ASSERT_TRUE(WaitUntil([&] { return done.load() == kChain; }));
  EXPECT_LE(max_depth.load(), async::detail::kMaxInlineContinuationDepth);
  EXPECT_GE(max_depth.load(), 100);  // it did run inline, nested
}

TEST(Scheduling, ResultBlocksUntilAnotherThreadCompletes) {
  TaskCompletionSource<int> tcs;
  std::thread t([tcs]() mutable {
    std::this_thread::sleep_for(20ms);
    tcs.SetResult(42);
  });
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(tcs.Task().Result(), 42);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 15ms);
  t.join();
}

TEST(Scheduling, WaitOnAFaultFromAnotherThreadThrowsAggregate) {
  TaskCompletionSource<> tcs;
  std::thread t([tcs]() mutable {
    std::this_thread::sleep_for(10ms);
    tcs.SetException(std::make_exception_ptr(std::runtime_error("late")));
  });
  EXPECT_THROW(tcs.Task().Wait(), async::AggregateException);
  EXPECT_THROW(tcs.Task().GetAwaiter().GetResult(), std::runtime_error);
  t.join();
}

TEST(Delay, CompletesInDeadlineOrder) {
  Log log;
  // Measured from before the delay exists: a never completes before its
  // due time (the other work below may take long on a loaded machine).
  auto start = std::chrono::steady_clock::now();
  auto a = async::Delay(60ms);
  auto b = async::Delay(std::chrono::milliseconds(10));
  auto c = async::Delay(35);
  EXPECT_FALSE(a.IsCompleted());
  a.GetAwaiter().OnCompleted(Continuation([&] { log.Add("a"); }));
  b.GetAwaiter().OnCompleted(Continuation([&] { log.Add("b"); }));
  c.GetAwaiter().OnCompleted(Continuation([&] { log.Add("c"); }));
  a.Wait();
  EXPECT_GE(std::chrono::steady_clock::now() - start, 59ms);
  ASSERT_TRUE(WaitUntil([&] { return log.Entries().size() == 3; }));
  EXPECT_EQ(log.Joined(), "b c a");
  EXPECT_TRUE(async::Delay(0ms).IsCompletedSuccessfully());
}

TEST(Delay, CancellationCancelsTheDelay) {
  async::CancellationTokenSource cts;
  auto d = async::Delay(std::chrono::seconds(30), cts.Token());
  EXPECT_FALSE(d.IsCompleted());
  cts.Cancel();
  EXPECT_TRUE(d.IsCanceled());
  EXPECT_THROW(d.GetAwaiter().GetResult(), async::TaskCanceledException);
  EXPECT_TRUE(async::Delay(10ms, cts.Token()).IsCanceled());
  async::CancellationTokenSource timed(20ms);
  auto d2 = async::Delay(std::chrono::seconds(30), timed.Token());
  EXPECT_THROW(d2.Wait(), async::AggregateException);
  EXPECT_TRUE(d2.IsCanceled());
}

TEST(Yield, PostsToTheCurrentContext) {
  ManualContext ctx;
  ContextScope scope(&ctx);
  Log log;
  async::Task<> t = asyncc_test::AwaitThenLogAsync(async::Yield(), &log);
  EXPECT_FALSE(t.IsCompleted());
  EXPECT_EQ(log.Joined(), "+local");
  EXPECT_EQ(ctx.Pending(), 1u);
  ctx.RunAll();
  EXPECT_TRUE(t.IsCompletedSuccessfully());
  EXPECT_EQ(log.Joined(), "+local after ~local");
}

TEST(Yield, GoesToThePoolWithoutAContext) {
  Log log;
  std::thread::id here = std::this_thread::get_id();
  std::atomic<bool> on_pool{false};
  async::Task<> t = asyncc_test::AwaitThenLogAsync(async::Yield(), &log);
  t.GetAwaiter().OnCompleted(Continuation([&] { on_pool = async::detail::IsThreadPoolThread(); }));
  t.Wait();
  ASSERT_TRUE(WaitUntil([&] { return on_pool.load(); }));
  (void)here;
  EXPECT_EQ(log.Joined(), "+local after ~local");
}

async::Task<int> MainAsync() { return async::FromResult(17); }

TEST(AsyncContext, RunsPostedWorkInFifoOrderOnTheCallingThread) {
  Log log;
  std::thread::id here = std::this_thread::get_id();
  std::atomic<bool> all_here{true};
  async::AsyncContext::Run([&] {
    auto* ctx = async::SynchronizationContext::Current();
    EXPECT_NE(ctx, nullptr);
    for (int i = 1; i <= 3; ++i) {
      ctx->Post([&, i] {
        if (std::this_thread::get_id() != here) all_here = false;
        log.Add(std::to_string(i));
      });
    }
    return asyncc_test::AwaitThenLogAsync(async::Yield(), &log);
  });
  EXPECT_EQ(log.Joined(), "+local 1 2 3 after ~local");
  EXPECT_TRUE(all_here.load());
  EXPECT_EQ(async::SynchronizationContext::Current(), nullptr);
}

TEST(AsyncContext, ResumesOnTheContextAndReturnsTheResult) {
  Log log;
  TaskCompletionSource<int> tcs;
  std::thread completer;
  std::thread::id here = std::this_thread::get_id();
  std::thread::id resumed_on;
  int r = async::AsyncContext::Run([&] {
    completer = std::thread([tcs]() mutable {
      std::this_thread::sleep_for(10ms);
      tcs.SetResult(41);
    });
    async::Task<int> inner = asyncc_test::AddOneAsync(tcs.Task(), &log);
    inner.GetAwaiter().OnCompleted(Continuation([&] { resumed_on = std::this_thread::get_id(); }));
    return inner;
  });
  completer.join();
  EXPECT_EQ(r, 42);
  EXPECT_EQ(resumed_on, here);
  EXPECT_EQ(async::AsyncContext::Run(MainAsync), 17);
}

TEST(AsyncContext, RethrowsTheFirstExceptionItself) {
  Log log;
  EXPECT_THROW(async::AsyncContext::Run([&] {
                 return asyncc_test::ThrowAfterAsync(async::FromResult(1), &log, false);
               }),
               std::runtime_error);
  EXPECT_THROW(async::AsyncContext::Run([&] {
                 TaskCompletionSource<int> tcs;
                 async::Delay(5ms).ConfigureAwait(false).GetAwaiter().OnCompleted(
                     Continuation([tcs]() mutable { tcs.SetResult(1); }));
                 return asyncc_test::ThrowAfterAsync(tcs.Task(), &log, true);
               }),
               async::OperationCanceledException);
  EXPECT_EQ(log.Joined(), "+local ~local +local ~local");
}

}  // namespace
