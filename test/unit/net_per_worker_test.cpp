// epoll's per-worker mode (ReactorThreads::PerWorker): what only that mode
// can get wrong. The whole NetTcp / IoFile suites also run in both modes
// (test/unit/CMakeLists.txt registers them with ASYNCC_REACTOR_THREADS).
#if defined(__linux__)

#include <atomic>
#include <chrono>
#include <thread>

#include "io_test_util.h"

namespace {

using namespace std::chrono_literals;
using async::CancellationTokenSource;
using async::Task;
using async::io::ReactorKind;
using async::io::ReactorThreads;
using async::net::AddressFamily;
using async::net::IPEndPoint;
using async::net::Socket;
using async::net::TcpListener;

// Selects epoll in the given mode for one test; restores the mode after it
// and checks that no descriptor leaked.
class EpollModeTest : public testing::Test {
 protected:
  void Select(ReactorThreads threads) {
    bool ok = false;
    for (int i = 0; i < 200 && !ok; ++i) {
      ok = async::io::SetReactorKind(ReactorKind::Epoll) && async::io::SetReactorThreads(threads);
      if (!ok) std::this_thread::sleep_for(10ms);
    }
    ASSERT_TRUE(ok) << "could not switch the reactor (handles still open from an earlier test?)";
    ASSERT_EQ(async::io::CurrentReactorThreads(), threads);
    fds_before_ = asyncc_io_test::OpenFdCount();
  }
  void SetUp() override {
    previous_ = async::io::CurrentReactorThreads();
    Select(ReactorThreads::PerWorker);
  }
  void TearDown() override {
    if (fds_before_ >= 0) {
      int now = asyncc_io_test::OpenFdCount();
      for (int i = 0; i < 300 && now > fds_before_; ++i) {
        std::this_thread::sleep_for(10ms);
        now = asyncc_io_test::OpenFdCount();
      }
      EXPECT_EQ(now, fds_before_) << "file descriptors leaked";
    }
    for (int i = 0; i < 200 && !async::io::SetReactorThreads(previous_); ++i) std::this_thread::sleep_for(10ms);
  }
  ReactorThreads previous_ = ReactorThreads::Single;
  int fds_before_ = -1;
};

TEST_F(EpollModeTest, ModeIsSelectableAtRunTime) {
  EXPECT_EQ(async::io::CurrentReactorKind(), ReactorKind::Epoll);
  EXPECT_EQ(async::io::CurrentReactorThreads(), ReactorThreads::PerWorker);
  Select(ReactorThreads::Single);
  EXPECT_EQ(async::io::CurrentReactorThreads(), ReactorThreads::Single);
  Select(ReactorThreads::PerWorker);
  EXPECT_EQ(async::io::CurrentReactorThreads(), ReactorThreads::PerWorker);
  // A reactor with a socket on it is not replaced.
  Socket s(AddressFamily::InterNetwork);
  EXPECT_FALSE(async::io::SetReactorThreads(ReactorThreads::Single));
  EXPECT_EQ(async::io::CurrentReactorThreads(), ReactorThreads::PerWorker);
  s.Close();
}

// No thread hop: a socket created on worker W is polled by W; when W is
// idle (asleep in its epoll_wait) and data arrives, W performs the receive
// and runs the continuation itself (queued on its own deque, no other
// worker woken). With the single reactor thread the continuation goes to
// whichever worker the pool wakes (about half the time W: 10 of 20 when
// measured). 3 of 20 may miss W in per-worker mode too: when W has not
// polled within 2 ms (descheduled on a loaded machine), the reactor
// thread's fallback poll completes the read and any worker continues it.
TEST_F(EpollModeTest, IdleWorkerRunsItsOwnSocketsContinuations) {
  TcpListener listener(IPEndPoint::Loopback(0));
  listener.Start();
  const IPEndPoint endpoint = listener.LocalEndpoint();
  Task<Socket> accepted = listener.AcceptAsync();
  Socket client;
  std::atomic<int> owner{-1};
  async::Run([&] {
    owner = async::detail::CurrentWorkerIndex();
    client = Socket(AddressFamily::InterNetwork);
  }).GetAwaiter().GetResult();
  client.ConnectAsync(endpoint).GetAwaiter().GetResult();
  Socket server = accepted.GetAwaiter().GetResult();
  ASSERT_GE(owner.load(), 0);
  int on_owner = 0;
  for (int round = 0; round < 20; ++round) {
    std::this_thread::sleep_for(20ms);  // every worker goes to sleep
    char b = 0;
    std::atomic<int> ran_on{-2};
    Task<std::size_t> read = client.ReceiveAsync(&b, 1);
    asyncc_io_test::Then(read, [&](const Task<std::size_t>&) { ran_on = async::detail::CurrentWorkerIndex(); });
    server.SendAllAsync("y", 1).GetAwaiter().GetResult();
    EXPECT_EQ(read.GetAwaiter().GetResult(), 1u);
    for (int i = 0; i < 2000 && ran_on == -2; ++i) std::this_thread::sleep_for(1ms);
    if (ran_on == owner) ++on_owner;
  }
  EXPECT_GE(on_owner, 17) << "continuations (of 20) that ran on the socket's own worker";
  client.Close();
  server.Close();
  listener.Stop();
}

// A pool worker creates a socket (so it is registered with that worker's
// epoll instance), starts a connect whose continuation starts a receive,
// and then blocks in user code without returning to the pool. The connect
// and the receive must still complete (the reactor thread polls the busy
// worker's instance) and their continuations run on the other worker.
TEST_F(EpollModeTest, BlockedWorkerDoesNotStarveItsSockets) {
  TcpListener listener(IPEndPoint::Loopback(0));
  listener.Start();
  const IPEndPoint endpoint = listener.LocalEndpoint();
  Task<Socket> accepted = listener.AcceptAsync();
  std::atomic<bool> connected{false};
  std::atomic<bool> received{false};
  std::atomic<int> blocked_worker{-1};
  std::atomic<int> receive_ran_on{-1};
  std::atomic<bool> still_blocked_when_received{false};
  std::atomic<bool> blocking{false};
  char byte = 0;
  Socket client;
  Task<> blocker = async::Run([&] {
    blocked_worker = async::detail::CurrentWorkerIndex();
    client = Socket(AddressFamily::InterNetwork);
    asyncc_io_test::Then(client.ConnectAsync(endpoint), [&](const Task<>& c) {
      if (!c.IsCompletedSuccessfully()) return;
      connected = true;
      asyncc_io_test::Then(client.ReceiveAsync(&byte, 1), [&](const Task<std::size_t>& r) {
        receive_ran_on = async::detail::CurrentWorkerIndex();
        still_blocked_when_received = blocking.load();
        received = r.IsCompletedSuccessfully();
      });
    });
    // User code that holds this worker (a blocking call, a long loop).
    blocking = true;
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!received && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
    blocking = false;
  });
  Socket server = accepted.GetAwaiter().GetResult();
  for (int i = 0; i < 5000 && !connected; ++i) std::this_thread::sleep_for(1ms);
  EXPECT_TRUE(connected.load()) << "the connect on the blocked worker's socket never completed";
  server.SendAllAsync("x", 1).GetAwaiter().GetResult();
  blocker.GetAwaiter().GetResult();
  EXPECT_TRUE(received.load()) << "the receive on the blocked worker's socket never completed";
  EXPECT_TRUE(still_blocked_when_received.load());
  EXPECT_EQ(byte, 'x');
  EXPECT_NE(receive_ran_on.load(), blocked_worker.load());
  EXPECT_EQ(async::io::GetReactor()->PendingOperationCount(), 0u);
  client.Close();
  server.Close();
  listener.Stop();
}

// Cancellation from another thread of a receive pending on a blocked
// worker's instance: completes canceled at once, and the socket still works.
TEST_F(EpollModeTest, CancelFromAnotherThreadWhileTheOwnerIsBlocked) {
  TcpListener listener(IPEndPoint::Loopback(0));
  listener.Start();
  const IPEndPoint endpoint = listener.LocalEndpoint();
  Task<Socket> accepted = listener.AcceptAsync();
  CancellationTokenSource cts;
  std::atomic<bool> release{false};
  std::atomic<bool> started{false};
  char buf[4] = {};
  Socket client;
  Task<std::size_t> read;
  Task<> blocker = async::Run([&] {
    client = Socket(AddressFamily::InterNetwork);
    client.ConnectAsync(endpoint).Wait();  // completes through the reactor thread's fallback poll
    read = client.ReceiveAsync(buf, sizeof buf, cts.Token());
    started = true;
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!release && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
  });
  Socket server = accepted.GetAwaiter().GetResult();
  for (int i = 0; i < 5000 && !started; ++i) std::this_thread::sleep_for(1ms);
  ASSERT_TRUE(started.load());
  EXPECT_FALSE(read.IsCompleted());
  cts.Cancel();
  EXPECT_TRUE(asyncc_io_test::Throws<async::OperationCanceledException>(read));
  EXPECT_EQ(async::io::GetReactor()->PendingOperationCount(), 0u);
  // Still blocked: the next receive completes through the fallback poll too.
  Task<std::size_t> again = client.ReceiveAsync(buf, sizeof buf);
  server.SendAllAsync("ab", 2).GetAwaiter().GetResult();
  EXPECT_EQ(again.GetAwaiter().GetResult(), 2u);
  EXPECT_EQ(std::string(buf, 2), "ab");
  release = true;
  blocker.GetAwaiter().GetResult();
  client.Close();
  server.Close();
  listener.Stop();
}

// Timers keep firing in per-worker mode while every worker sleeps in its
// epoll instance (the reactor thread serves them).
TEST_F(EpollModeTest, DelayFiresWhileWorkersSleepInEpoll) {
  std::this_thread::sleep_for(50ms);  // the workers go to sleep
  const auto start = std::chrono::steady_clock::now();
  async::Delay(std::chrono::milliseconds(30)).GetAwaiter().GetResult();
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_GE(took, 30ms);
  EXPECT_LT(took, 5s);
  // A post while the workers sleep in epoll wakes one.
  std::this_thread::sleep_for(50ms);
  std::atomic<int> on{-1};
  async::Run([&] { on = async::detail::CurrentWorkerIndex(); }).GetAwaiter().GetResult();
  EXPECT_GE(on.load(), 0);
}

}  // namespace

#endif  // __linux__
