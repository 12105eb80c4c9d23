// CancellationTokenSource / CancellationToken / CancellationTokenRegistration.
#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include <async/async.h>
#include <async/detail/thread_pool.h>

#include "test_util.h"

namespace {

using namespace std::chrono_literals;
using asyncc_test::Log;
using asyncc_test::WaitUntil;

TEST(CancellationCallbacks, RunOnceInLifoOrder) {
  async::CancellationTokenSource cts;
  Log log;
  for (int i = 0; i < 3; ++i) cts.Token().Register([&log, i] { log.Add(std::to_string(i)); });
  cts.Token().Register([&log](const async::CancellationToken& t) {
    log.Add(t.IsCancellationRequested() ? "tok" : "?");
  });
  cts.Cancel();
  cts.Cancel();
  EXPECT_EQ(log.Joined(), "tok 2 1 0");
}

TEST(CancellationCallbacks, RegisteredAfterCancellationRunsSynchronously) {
  async::CancellationTokenSource cts;
  cts.Cancel();
  std::thread::id ran_on;
  auto r = cts.Token().Register([&] { ran_on = std::this_thread::get_id(); });
  EXPECT_EQ(ran_on, std::this_thread::get_id());
  EXPECT_FALSE(r.Unregister());
  bool ran = false;
  async::CancellationToken::None().Register([&] { ran = true; });
  EXPECT_FALSE(ran);
}

TEST(CancellationCallbacks, DisposeUnregistersDestroyingDoesNot) {
  async::CancellationTokenSource cts;
  int a = 0, b = 0;
  {
    auto r = cts.Token().Register([&] { ++a; });
    (void)r;  // destroyed: stays registered
  }
  auto rb = cts.Token().Register([&] { ++b; });
  EXPECT_TRUE(rb.Token() == cts.Token());
  rb.Dispose();
  EXPECT_FALSE(rb.Unregister());
  cts.Cancel();
  EXPECT_EQ(a, 1);
  EXPECT_EQ(b, 0);
}

TEST(CancellationCallbacks, DisposeWaitsForARunningCallback) {
  async::CancellationTokenSource cts;
  std::atomic<bool> entered{false}, finished{false};
  auto r = cts.Token().Register([&] {
    entered = true;
    std::this_thread::sleep_for(50ms);
    finished = true;
  });
  std::thread canceler([&] { cts.Cancel(); });
  ASSERT_TRUE(WaitUntil([&] { return entered.load(); }));
  r.Dispose();
  EXPECT_TRUE(finished.load());  // Dispose returned only after the callback
  canceler.join();
  // A callback disposing its own registration does not deadlock.
  async::CancellationTokenSource self;
  async::CancellationTokenRegistration own;
  bool ran = false;
  own = self.Token().Register([&] {
    own.Dispose();
    ran = true;
  });
  self.Cancel();
  EXPECT_TRUE(ran);
}

TEST(CancellationCallbacks, ExceptionsAreAggregatedAfterAllRan) {
  async::CancellationTokenSource cts;
  Log log;
  cts.Token().Register([&] { log.Add("a"); });
  cts.Token().Register([] { throw std::runtime_error("x"); });
  cts.Token().Register([&] { log.Add("c"); });
  try {
    cts.Cancel();
    FAIL();
  } catch (const async::AggregateException& e) {
    EXPECT_EQ(e.InnerExceptions().size(), 1u);
  }
  EXPECT_EQ(log.Joined(), "c a");
  async::CancellationTokenSource first;
  Log log2;
  first.Token().Register([&] { log2.Add("never"); });
  first.Token().Register([] { throw std::logic_error("y"); });
  EXPECT_THROW(first.Cancel(true), std::logic_error);
  EXPECT_EQ(log2.Joined(), "");
}

TEST(CancellationTokenSource, CancelAfterAndTimedConstructor) {
  async::CancellationTokenSource cts;
  cts.CancelAfter(10ms);
  EXPECT_FALSE(cts.IsCancellationRequested());
  ASSERT_TRUE(WaitUntil([&] { return cts.IsCancellationRequested(); }));
  async::CancellationTokenSource timed(10ms);
  ASSERT_TRUE(WaitUntil([&] { return timed.IsCancellationRequested(); }));
  // CancelAfter replaces the previous timer; -1 ms stops it.
  async::CancellationTokenSource later;
  later.CancelAfter(10ms);
  later.CancelAfter(std::chrono::hours(1));
  std::this_thread::sleep_for(40ms);
  EXPECT_FALSE(later.IsCancellationRequested());
  later.CancelAfter(-1);
  EXPECT_THROW(later.CancelAfter(-2ms), async::ArgumentOutOfRangeException);
  async::CancellationTokenSource now(0ms);
  EXPECT_TRUE(now.IsCancellationRequested());
}

TEST(CancellationTokenSource, LinkedSources) {
  async::CancellationTokenSource a, b;
  auto linked = async::CancellationTokenSource::CreateLinkedTokenSource(a.Token(), b.Token(),
                                                                        async::CancellationToken::None());
  bool ran = false;
  linked.Token().Register([&] { ran = true; });
  b.Cancel();
  EXPECT_TRUE(linked.IsCancellationRequested());
  EXPECT_TRUE(ran);
  EXPECT_FALSE(a.IsCancellationRequested());
  // Canceling the linked source does not cancel its parents.
  async::CancellationTokenSource p;
  auto l2 = async::CancellationTokenSource::CreateLinkedTokenSource(p.Token());
  l2.Cancel();
  EXPECT_FALSE(p.IsCancellationRequested());
  // Already canceled parent.
  auto l3 = async::CancellationTokenSource::CreateLinkedTokenSource(std::vector<async::CancellationToken>{a.Token(), b.Token()});
  EXPECT_TRUE(l3.IsCancellationRequested());
  // A disposed linked source is no longer canceled by its parent.
  async::CancellationTokenSource q;
  auto l4 = async::CancellationTokenSource::CreateLinkedTokenSource(q.Token());
  l4.Dispose();
  q.Cancel();
  EXPECT_FALSE(l4.IsCancellationRequested());
}

TEST(CancellationTokenSource, Dispose) {
  async::CancellationTokenSource cts;
  bool ran = false;
  cts.Token().Register([&] { ran = true; });
  cts.CancelAfter(5ms);
  cts.Dispose();
  cts.Dispose();
  EXPECT_THROW(cts.Cancel(), async::ObjectDisposedException);
  EXPECT_THROW(cts.CancelAfter(1ms), async::ObjectDisposedException);
  EXPECT_THROW((void)cts.Token(), async::ObjectDisposedException);
  std::this_thread::sleep_for(30ms);
  EXPECT_FALSE(ran);
  EXPECT_FALSE(cts.IsCancellationRequested());
}

TEST(CancellationExceptions, CarryTheToken) {
  async::CancellationTokenSource cts;
  cts.Cancel();
  try {
    cts.Token().ThrowIfCancellationRequested();
    FAIL();
  } catch (const async::OperationCanceledException& e) {
    EXPECT_TRUE(e.CancellationToken() == cts.Token());
  }
  async::CancellationTokenSource c2;
  auto d = async::Delay(30s, c2.Token());
  c2.Cancel();
  try {
    d.GetAwaiter().GetResult();
    FAIL();
  } catch (const async::TaskCanceledException& e) {
    EXPECT_TRUE(e.CancellationToken() == c2.Token());
  }
}

TEST(Delay, CanceledDelayFreesItsTimerAtOnce) {
  const std::size_t before = async::detail::PendingTimerCount();
  async::CancellationTokenSource cts;
  std::vector<async::Task<>> delays;
  for (int i = 0; i < 100; ++i) delays.push_back(async::Delay(std::chrono::hours(1), cts.Token()));
  EXPECT_GE(async::detail::PendingTimerCount(), before + 100);
  cts.Cancel();
  EXPECT_LE(async::detail::PendingTimerCount(), before);
  for (auto& d : delays) EXPECT_TRUE(d.IsCanceled());
  // A delay that completes normally unregisters from the token.
  async::CancellationTokenSource c2;
  auto d = async::Delay(1ms, c2.Token());
  d.Wait();
  bool ran = false;
  c2.Token().Register([&] { ran = true; });
  c2.Cancel();
  EXPECT_TRUE(ran);
  EXPECT_TRUE(d.IsCompletedSuccessfully());
}

}  // namespace
