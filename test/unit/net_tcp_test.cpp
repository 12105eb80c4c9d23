// async::net over each reactor backend (loopback only).
#if !defined(_WIN32)
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#endif

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "io_test_util.h"

#if !defined(_WIN32)
extern char** environ;
#endif

namespace {

using namespace std::chrono_literals;
using async::CancellationTokenSource;
using async::Task;
using async::net::IPEndPoint;
using async::net::NetworkStream;
using async::net::Socket;
using async::net::SocketError;
using async::net::SocketException;
using async::net::SocketShutdown;
using async::net::TcpClient;
using async::net::TcpListener;
using asyncc_io_test::ReactorTest;
using asyncc_io_test::Throws;

struct Pair {
  TcpListener listener{IPEndPoint::Loopback(0)};
  TcpClient client;
  Socket server;
};

std::unique_ptr<Pair> Connect(const IPEndPoint& where = IPEndPoint::Loopback(0)) {
  auto p = std::make_unique<Pair>();
  p->listener = TcpListener(where);
  p->listener.Start();
  Task<Socket> accept = p->listener.AcceptAsync();
  p->client.ConnectAsync(p->listener.LocalEndpoint()).GetAwaiter().GetResult();
  p->server = accept.GetAwaiter().GetResult();
  return p;
}

std::string ReadExactly(const NetworkStream& s, std::size_t n) {
  std::string out(n, '\0');
  std::size_t got = 0;
  while (got < n) {
    std::size_t r = s.ReadAsync(&out[got], n - got).GetAwaiter().GetResult();
    if (r == 0) break;
    got += r;
  }
  out.resize(got);
  return out;
}

class NetTcp : public ReactorTest {};

TEST_P(NetTcp, AcceptConnectReadWrite) {
  auto p = Connect();
  EXPECT_TRUE(p->client.Connected());
  NetworkStream c = p->client.GetStream();
  NetworkStream s(p->server);
  c.WriteAsync(std::string_view("hello")).GetAwaiter().GetResult();
  EXPECT_EQ(ReadExactly(s, 5), "hello");
  s.WriteAsync(std::string_view("world!")).GetAwaiter().GetResult();
  EXPECT_EQ(ReadExactly(c, 6), "world!");
  EXPECT_EQ(p->server.RemoteEndPoint(), p->client.Client().LocalEndPoint());
  p->client.Close();
  char b;
  EXPECT_EQ(s.ReadAsync(&b, 1).GetAwaiter().GetResult(), 0u);  // EOF
  p->server.Close();
  p->listener.Stop();
}

TEST_P(NetTcp, ContinuationsDoNotRunOnTheReactorThread) {
  auto p = Connect();
  char b = 0;
  Task<std::size_t> read = NetworkStream(p->server).ReadAsync(&b, 1);
  std::atomic<int> on_reactor{-1};
  std::atomic<bool> ran{false};
  asyncc_io_test::Then(read, [&](const Task<std::size_t>&) {
    on_reactor = async::io::IsReactorThread() ? 1 : 0;
    ran = true;
  });
  p->client.GetStream().WriteAsync(std::string_view("x")).GetAwaiter().GetResult();
  EXPECT_EQ(read.GetAwaiter().GetResult(), 1u);
  for (int i = 0; i < 500 && !ran; ++i) std::this_thread::sleep_for(1ms);
  EXPECT_EQ(on_reactor.load(), 0);
}

TEST_P(NetTcp, CancelPendingAcceptThenListenerStillWorks) {
  TcpListener listener(IPEndPoint::Loopback(0));
  listener.Start();
  CancellationTokenSource cts;
  Task<Socket> accept = listener.AcceptAsync(cts.Token());
  std::this_thread::sleep_for(20ms);
  EXPECT_FALSE(accept.IsCompleted());
  cts.Cancel();
  EXPECT_TRUE(Throws<async::OperationCanceledException>(accept));
  EXPECT_TRUE(accept.IsCanceled());
  // The listener still serves, and no connection was lost.
  TcpClient client;
  Task<Socket> accept2 = listener.AcceptAsync();
  client.ConnectAsync(listener.LocalEndpoint()).GetAwaiter().GetResult();
  Socket s = accept2.GetAwaiter().GetResult();
  client.GetStream().WriteAsync(std::string_view("ok")).GetAwaiter().GetResult();
  EXPECT_EQ(ReadExactly(NetworkStream(s), 2), "ok");
  EXPECT_EQ(async::io::GetReactor()->PendingOperationCount(), 0u);
  s.Close();
  client.Close();
  listener.Stop();
}

TEST_P(NetTcp, CancelPendingReadThenSocketStillWorks) {
  auto p = Connect();
  NetworkStream c = p->client.GetStream();
  char buf[8] = {};
  CancellationTokenSource cts;
  Task<std::size_t> read = c.ReadAsync(buf, sizeof buf, cts.Token());
  std::this_thread::sleep_for(20ms);
  EXPECT_FALSE(read.IsCompleted());
  cts.Cancel();
  EXPECT_TRUE(Throws<async::OperationCanceledException>(read));
  EXPECT_EQ(async::io::GetReactor()->PendingOperationCount(), 0u);
  NetworkStream(p->server).WriteAsync(std::string_view("abc")).GetAwaiter().GetResult();
  EXPECT_EQ(ReadExactly(c, 3), "abc");
  p->client.Close();
  p->server.Close();
}

TEST_P(NetTcp, AlreadyCanceledTokenCompletesCanceledAtOnce) {
  auto p = Connect();
  char b;
  Task<std::size_t> read = p->client.GetStream().ReadAsync(&b, 1, async::CancellationToken(true));
  EXPECT_TRUE(read.IsCanceled());
  p->client.Close();
  p->server.Close();
}

TEST_P(NetTcp, CancelPendingConnectThenClientConnectsAgain) {
  // A listener whose accept queue is full drops SYNs: connects stay pending.
  TcpListener listener(IPEndPoint::Loopback(0));
  listener.Start(1);
  std::vector<TcpClient> queued;
  TcpClient pending_client;
  bool saw_pending = false;
  for (int i = 0; i < 16 && !saw_pending; ++i) {
    TcpClient c;
    CancellationTokenSource cts(200ms);
    Task<> t = c.ConnectAsync(listener.LocalEndpoint(), cts.Token());
    if (Throws<async::OperationCanceledException>(t)) {
      saw_pending = true;
      pending_client = c;
      EXPECT_FALSE(c.Connected());
    } else {
      ASSERT_TRUE(t.IsCompletedSuccessfully());
      queued.push_back(c);
    }
  }
  ASSERT_TRUE(saw_pending) << "no connect stayed pending";
  EXPECT_EQ(async::io::GetReactor()->PendingOperationCount(), 0u);
  // Drain the queue; the canceled client can connect again.
  std::vector<Socket> accepted;
  for (std::size_t i = 0; i < queued.size(); ++i) accepted.push_back(listener.AcceptAsync().GetAwaiter().GetResult());
  Task<Socket> accept = listener.AcceptAsync();
  pending_client.ConnectAsync(listener.LocalEndpoint()).GetAwaiter().GetResult();
  Socket s = accept.GetAwaiter().GetResult();
  pending_client.GetStream().WriteAsync(std::string_view("again")).GetAwaiter().GetResult();
  EXPECT_EQ(ReadExactly(NetworkStream(s), 5), "again");
  for (auto& a : accepted) a.Close();
  for (auto& q : queued) q.Close();
  s.Close();
  pending_client.Close();
  listener.Stop();
}

TEST_P(NetTcp, ConnectionRefusedIsSocketException) {
  TcpListener l(IPEndPoint::Loopback(0));
  l.Start();
  IPEndPoint where = l.LocalEndpoint();
  l.Stop();
  TcpClient c;
  std::exception_ptr e = asyncc_io_test::ErrorOf(c.ConnectAsync(where));
  ASSERT_TRUE(e);
  try {
    std::rethrow_exception(e);
  } catch (const SocketException& se) {
    EXPECT_EQ(se.SocketErrorCode(), SocketError::ConnectionRefused);
  }
  c.Close();
}

TEST_P(NetTcp, PeerResetReachesReaderAsSocketException) {
  auto p = Connect();
  char b[4];
  Task<std::size_t> read = p->client.GetStream().ReadAsync(b, sizeof b);
  p->server.SetLingerZero();
  p->server.Close();  // RST
  std::exception_ptr e = asyncc_io_test::ErrorOf(read);
  ASSERT_TRUE(e);
  try {
    std::rethrow_exception(e);
  } catch (const SocketException& se) {
    EXPECT_EQ(se.SocketErrorCode(), SocketError::ConnectionReset) << se.what();
    EXPECT_EQ(se.NativeErrorCode(), asyncc_io_test::kConnResetCode);
  } catch (const std::exception& other) {
    ADD_FAILURE() << "unexpected: " << other.what();
  }
  p->client.Close();
}

TEST_P(NetTcp, HalfCloseThenPeerWritesBack) {
  auto p = Connect();
  NetworkStream c = p->client.GetStream();
  NetworkStream s(p->server);
  c.WriteAsync(std::string_view("ping")).GetAwaiter().GetResult();
  c.ShutdownAsync(SocketShutdown::Send).GetAwaiter().GetResult();
  EXPECT_EQ(ReadExactly(s, 100), "ping");  // then EOF
  s.WriteAsync(std::string_view("pong")).GetAwaiter().GetResult();
  s.Shutdown(SocketShutdown::Send);
  EXPECT_EQ(ReadExactly(c, 100), "pong");
  p->client.Close();
  p->server.Close();
}

TEST_P(NetTcp, PartialWritesUnderSlowReader) {
  auto p = Connect();
  constexpr std::size_t kSize = 6 << 20;
  std::vector<unsigned char> data(kSize);
  for (std::size_t i = 0; i < kSize; ++i) data[i] = static_cast<unsigned char>((i * 31 + 7) ^ (i >> 13));
  Task<> write = NetworkStream(p->server).WriteAsync(data.data(), data.size());
  NetworkStream c = p->client.GetStream();
  std::vector<unsigned char> got(kSize);
  std::size_t n = 0;
  int reads = 0;
  while (n < kSize) {
    if (reads++ < 40) std::this_thread::sleep_for(2ms);  // slow at first: the writer must wait
    std::size_t r = c.ReadAsync(&got[n], std::min<std::size_t>(65536, kSize - n)).GetAwaiter().GetResult();
    ASSERT_GT(r, 0u);
    n += r;
  }
  write.GetAwaiter().GetResult();
  EXPECT_TRUE(got == data);
  p->client.Close();
  p->server.Close();
}

TEST_P(NetTcp, CloseAbortsPendingOperation) {
  auto p = Connect();
  char b;
  Task<std::size_t> read = NetworkStream(p->server).ReadAsync(&b, 1);
  std::this_thread::sleep_for(10ms);
  p->server.Close();
  std::exception_ptr e = asyncc_io_test::ErrorOf(read);
  ASSERT_TRUE(e);
  try {
    std::rethrow_exception(e);
  } catch (const SocketException& se) {
    EXPECT_EQ(se.SocketErrorCode(), SocketError::OperationAborted);
  }
  EXPECT_TRUE(Throws<async::ObjectDisposedException>(NetworkStream(p->server).ReadAsync(&b, 1)));
  p->client.Close();
}

TEST_P(NetTcp, EmfileOnAcceptThenListenerKeepsServing) {
#if defined(_WIN32)
  GTEST_SKIP() << "Windows has no per-process descriptor limit (RLIMIT_NOFILE) to exhaust: AcceptEx's socket "
                  "is created before the accept, so WSAEMFILE/WSAENOBUFS can only come from system-wide "
                  "exhaustion (see SocketErrors.NativeCodesMapToDotNetNames for the mapping)";
#else
  TcpListener listener(IPEndPoint::Loopback(0));
  listener.Start();
  TcpClient client;
  Socket cs(async::net::AddressFamily::InterNetwork);  // created before fds run out
  rlimit old{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &old), 0);
  rlimit low = old;
  int top = ::dup(0);
  ASSERT_GE(top, 0);
  ::close(top);
  low.rlim_cur = static_cast<rlim_t>(top) + 4;
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &low), 0);
  std::vector<int> hogs;
  for (int fd; (fd = ::dup(0)) >= 0;) hogs.push_back(fd);
  ASSERT_EQ(errno, EMFILE);
  cs.ConnectAsync(listener.LocalEndpoint()).GetAwaiter().GetResult();  // queued by the kernel
  std::exception_ptr e = asyncc_io_test::ErrorOf(listener.AcceptAsync());
  for (int fd : hogs) ::close(fd);
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &old), 0);
  ASSERT_TRUE(e) << "accept succeeded with no fd left";
  try {
    std::rethrow_exception(e);
  } catch (const SocketException& se) {
    EXPECT_EQ(se.SocketErrorCode(), SocketError::TooManyOpenSockets) << se.what();
    EXPECT_EQ(se.NativeErrorCode(), EMFILE);
  }
  // With fds free again the same connection is accepted.
  Socket s = listener.AcceptAsync().GetAwaiter().GetResult();
  cs.SendAllAsync("z", 1).GetAwaiter().GetResult();
  EXPECT_EQ(ReadExactly(NetworkStream(s), 1), "z");
  s.Close();
  cs.Close();
  listener.Stop();
#endif
}

TEST_P(NetTcp, IPv6Loopback) {
  TcpListener probe(IPEndPoint::IPv6Loopback(0));
  try {
    probe.Start();
  } catch (const SocketException& e) {
    GTEST_SKIP() << "no IPv6 loopback here: " << e.what();
  }
  probe.Stop();
  auto p = Connect(IPEndPoint::IPv6Loopback(0));
  EXPECT_EQ(p->listener.LocalEndpoint().AddressFamily(), async::net::AddressFamily::InterNetworkV6);
  EXPECT_EQ(p->server.RemoteEndPoint().Address(), async::net::IPAddress::IPv6Loopback());
  p->client.GetStream().WriteAsync(std::string_view("six")).GetAwaiter().GetResult();
  EXPECT_EQ(ReadExactly(NetworkStream(p->server), 3), "six");
  p->client.Close();
  p->server.Close();
  p->listener.Stop();
}

// The OS's error codes map to .NET's SocketError names (on Windows they
// are the WSA codes themselves, plus the Win32 codes overlapped calls give).
TEST(SocketErrors, NativeCodesMapToDotNetNames) {
  using async::net::SocketErrorFromNative;
#if defined(_WIN32)
  EXPECT_EQ(SocketErrorFromNative(WSAEMFILE), SocketError::TooManyOpenSockets);
  EXPECT_EQ(SocketErrorFromNative(WSAECONNRESET), SocketError::ConnectionReset);
  EXPECT_EQ(SocketErrorFromNative(ERROR_NETNAME_DELETED), SocketError::ConnectionReset);
  EXPECT_EQ(SocketErrorFromNative(WSAECONNREFUSED), SocketError::ConnectionRefused);
  EXPECT_EQ(SocketErrorFromNative(ERROR_CONNECTION_REFUSED), SocketError::ConnectionRefused);
  EXPECT_EQ(SocketErrorFromNative(ERROR_OPERATION_ABORTED), SocketError::OperationAborted);
  EXPECT_EQ(SocketErrorFromNative(WSAEADDRINUSE), SocketError::AddressAlreadyInUse);
  EXPECT_EQ(SocketErrorFromNative(WSAETIMEDOUT), SocketError::TimedOut);
  SocketException e(WSAECONNREFUSED);
#else
  EXPECT_EQ(SocketErrorFromNative(EMFILE), SocketError::TooManyOpenSockets);
  EXPECT_EQ(SocketErrorFromNative(ECONNRESET), SocketError::ConnectionReset);
  EXPECT_EQ(SocketErrorFromNative(EPIPE), SocketError::ConnectionReset);
  EXPECT_EQ(SocketErrorFromNative(ECONNREFUSED), SocketError::ConnectionRefused);
  EXPECT_EQ(SocketErrorFromNative(ECANCELED), SocketError::OperationAborted);
  EXPECT_EQ(SocketErrorFromNative(EADDRINUSE), SocketError::AddressAlreadyInUse);
  EXPECT_EQ(SocketErrorFromNative(ETIMEDOUT), SocketError::TimedOut);
  SocketException e(ECONNREFUSED);
#endif
  EXPECT_EQ(SocketErrorFromNative(123456), SocketError::SocketError);
  EXPECT_EQ(e.SocketErrorCode(), SocketError::ConnectionRefused);
  EXPECT_EQ(e.ErrorCode(), 10061);  // .NET's value, the WSA code
  EXPECT_STRNE(e.what(), "");       // the OS's text
}

// ---- Many concurrent connections ---------------------------------------------

constexpr std::size_t kMessage = 64;

unsigned char PatternByte(std::size_t conn, std::size_t i) {
  return static_cast<unsigned char>(conn * 131 + i * 7 + (conn >> 8));
}

struct EchoServer : std::enable_shared_from_this<EchoServer> {
  explicit EchoServer(Socket s) : socket(std::move(s)) {}
  Socket socket;
  unsigned char buf[kMessage * 2];
  void Read() {
    auto self = shared_from_this();
    asyncc_io_test::Then(socket.ReceiveAsync(buf, sizeof buf), [self](const Task<std::size_t>& t) {
      std::size_t n = 0;
      try {
        n = t.GetAwaiter().GetResult();
      } catch (...) {
      }
      if (n == 0) {
        self->socket.Close();
        return;
      }
      asyncc_io_test::Then(self->socket.SendAllAsync(self->buf, n), [self](const Task<>& w) {
        if (w.IsCompletedSuccessfully()) {
          self->Read();
        } else {
          self->socket.Close();
        }
      });
    });
  }
};

#if defined(_WIN32)
// Windows has no per-process descriptor limit.
bool RaiseFdLimit(std::size_t) { return true; }
#else
bool RaiseFdLimit(rlim_t want) {
  rlimit r{};
  if (::getrlimit(RLIMIT_NOFILE, &r) != 0) return false;
  if (r.rlim_cur >= want) return true;
  if (r.rlim_max < want) return false;
  r.rlim_cur = want;
  return ::setrlimit(RLIMIT_NOFILE, &r) == 0;
}
#endif

// Under wine every socket is also a wineserver object and a host
// descriptor held by the one wineserver process, which serves all the
// overlapped calls of both test processes: kWineDefaultConnections
// connections there (docs/io.md, IOCP, has the measurements).
constexpr std::size_t kWineDefaultConnections = 1000;

std::size_t LoadCount() {
  const char* n = std::getenv("ASYNCC_IO_CONNECTIONS");
  if (n != nullptr) return std::strtoul(n, nullptr, 10);
  return asyncc_io_test::RunningUnderWine() ? kWineDefaultConnections : 10000;
}

// Runs this test binary again with `env` added to the environment and
// gtest's filter set to the load client; returns its exit code (-1: could
// not start it).
int RunClientProcess(const std::vector<std::string>& env) {
#if defined(_WIN32)
  // The child inherits the environment: set the variables for it.
  for (const auto& kv : env) {
    const auto eq = kv.find('=');
    ::SetEnvironmentVariableA(kv.substr(0, eq).c_str(), kv.substr(eq + 1).c_str());
  }
  ::SetEnvironmentVariableA("GTEST_FILTER", nullptr);
  char self[MAX_PATH] = {};
  ::GetModuleFileNameA(nullptr, self, MAX_PATH);
  std::string cmd = std::string("\"") + self +
                    "\" --gtest_filter=NetLoadClient.DISABLED_Clients --gtest_also_run_disabled_tests";
  STARTUPINFOA si{};
  si.cb = sizeof si;
  PROCESS_INFORMATION pi{};
  const BOOL ok = ::CreateProcessA(self, &cmd[0], nullptr, nullptr, FALSE, 0, nullptr, nullptr, &si, &pi);
  for (const auto& kv : env) ::SetEnvironmentVariableA(kv.substr(0, kv.find('=')).c_str(), nullptr);
  if (!ok) return -1;
  ::WaitForSingleObject(pi.hProcess, INFINITE);
  DWORD code = 1;
  ::GetExitCodeProcess(pi.hProcess, &code);
  ::CloseHandle(pi.hThread);
  ::CloseHandle(pi.hProcess);
  return static_cast<int>(code);
#else
  std::vector<std::string> env_strings = env;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::strncmp(*e, "ASYNCC_", 7) != 0 && std::strncmp(*e, "GTEST_", 6) != 0) env_strings.push_back(*e);
  }
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::string self = "/proc/self/exe";
  std::string filter = "--gtest_filter=NetLoadClient.DISABLED_Clients";
  std::string disabled = "--gtest_also_run_disabled_tests";
  char* argv[] = {self.data(), filter.data(), disabled.data(), nullptr};
  pid_t pid = 0;
  if (::posix_spawn(&pid, "/proc/self/exe", nullptr, nullptr, argv, envp.data()) != 0) return -1;
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
#endif
}

// The client side of ManyConcurrentConnections, run in a child process (so
// each process needs one fd per connection): connects all, then sends each
// connection its pattern and checks every echoed byte.
TEST(NetLoadClient, DISABLED_Clients) {
  const char* port = std::getenv("ASYNCC_LOAD_PORT");
  if (port == nullptr) GTEST_SKIP() << "only run by ManyConcurrentConnections";
  const std::size_t n = LoadCount();
  ASSERT_TRUE(RaiseFdLimit(n + 64));
  IPEndPoint where(async::net::IPAddress::Loopback(), static_cast<std::uint16_t>(std::atoi(port)));
  std::vector<TcpClient> clients(n);
  std::vector<Task<>> connects;
  for (auto& c : clients) connects.push_back(c.ConnectAsync(where));
  async::WhenAll(connects).GetAwaiter().GetResult();
  std::vector<std::vector<unsigned char>> out(n, std::vector<unsigned char>(kMessage));
  std::vector<std::vector<unsigned char>> in(n, std::vector<unsigned char>(kMessage));
  std::vector<Task<>> writes;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < kMessage; ++j) out[i][j] = PatternByte(i, j);
    writes.push_back(clients[i].GetStream().WriteAsync(out[i].data(), kMessage));
  }
  async::WhenAll(writes).GetAwaiter().GetResult();
  std::atomic<std::size_t> bad{0};
  std::atomic<std::size_t> done{0};
  async::TaskCompletionSource<> all;
  struct Reader : std::enable_shared_from_this<Reader> {
    NetworkStream s;
    unsigned char* dst;
    std::size_t got = 0;
    std::function<void(bool)> finish;
    void Go() {
      auto self = shared_from_this();
      asyncc_io_test::Then(s.ReadAsync(dst + got, kMessage - got), [self](const Task<std::size_t>& t) {
        std::size_t r = 0;
        try {
          r = t.GetAwaiter().GetResult();
        } catch (...) {
        }
        if (r == 0) return self->finish(false);
        self->got += r;
        if (self->got == kMessage) return self->finish(true);
        self->Go();
      });
    }
  };
  for (std::size_t i = 0; i < n; ++i) {
    auto r = std::make_shared<Reader>();
    r->s = clients[i].GetStream();
    r->dst = in[i].data();
    r->finish = [&, n](bool ok) {
      if (!ok) ++bad;
      if (++done == n) all.TrySetResult();
    };
    r->Go();
  }
  all.Task().GetAwaiter().GetResult();
  EXPECT_EQ(bad.load(), 0u);
  for (std::size_t i = 0; i < n; ++i) ASSERT_TRUE(in[i] == out[i]) << "connection " << i;
  for (auto& c : clients) c.Close();
}

TEST_P(NetTcp, ManyConcurrentConnections) {
  const std::size_t n = LoadCount();
  if (!RaiseFdLimit(n + 256)) {
#if !defined(_WIN32)
    rlimit r{};
    ::getrlimit(RLIMIT_NOFILE, &r);
    GTEST_SKIP() << "RLIMIT_NOFILE hard limit " << r.rlim_max << " is below the " << n + 256
                 << " descriptors this test needs (raise it, or set ASYNCC_IO_CONNECTIONS)";
#endif
  }
  TcpListener listener(IPEndPoint::Loopback(0));
  listener.Start(4096);
  std::atomic<std::size_t> accepted{0};
  std::atomic<int> max_threads{0};
  async::TaskCompletionSource<> all_accepted;
  std::function<void()> accept_loop;
  std::atomic<bool> stop{false};
  accept_loop = [&] {
    asyncc_io_test::Then(listener.AcceptAsync(), [&](const Task<Socket>& t) {
      if (!t.IsCompletedSuccessfully()) return;
      auto e = std::make_shared<EchoServer>(t.GetAwaiter().GetResult());
      e->Read();
      if (++accepted == n) {
        max_threads = asyncc_io_test::ThreadCount();  // all n connections are open now
        all_accepted.TrySetResult();
        return;
      }
      if (!stop) accept_loop();
    });
  };
  accept_loop();
  // The clients: this test binary again, in a child process.
  std::string port = "ASYNCC_LOAD_PORT=" + std::to_string(listener.LocalEndpoint().Port());
  std::string count = "ASYNCC_IO_CONNECTIONS=" + std::to_string(n);
  std::string kind = std::string("ASYNCC_REACTOR=") + async::io::ToString(GetParam());
  const auto start = std::chrono::steady_clock::now();
  const int exit_code = RunClientProcess({port, count, kind});
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_NE(exit_code, -1) << "could not start the client process";
  EXPECT_EQ(exit_code, 0) << "the client process failed";
  if (exit_code == 0) all_accepted.Task().Wait();  // else some were never accepted
  const int limit = static_cast<int>(std::thread::hardware_concurrency()) + 2 +
#if defined(__SANITIZE_THREAD__)
                    1;  // TSan's background thread
#else
                    0;
#endif
  EXPECT_LE(max_threads.load(), limit) << "threads while " << n << " connections were open";
  std::printf("[ %s ] %zu connections echoed in %.2f s, %d threads in the server process\n",
              async::io::ToString(GetParam()), n, secs, max_threads.load());
  stop = true;
  listener.Stop();
  accept_loop = nullptr;
}

INSTANTIATE_TEST_SUITE_P(Backends, NetTcp, ASYNCC_IO_BACKENDS);

}  // namespace
