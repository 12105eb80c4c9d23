// echo: a TCP echo server and a client that checks every byte (ASYNC code
// on TcpListener / TcpClient / NetworkStream).
//
//   echo                          server on a free port + client in this
//                                 process: 8 connections x 50 messages of
//                                 64 B and 8 x 20 of 4 KiB; prints a summary
//   echo --serve <port>           the server only, until killed (the
//                                 benchmark's asyncc server: scripts/bench-echo.sh)
//   echo --client <port> <connections> <messages> <size>
//                                 the client only, against 127.0.0.1:<port>
//
// Built twice like every example: lowered by asyncc (echo) and as native
// C++20 coroutines (echo_native); both must print the same.
#include <async/async.h>
#include <async/net/net.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

struct ServerState {
  async::net::TcpListener listener{async::net::IPEndPoint::Loopback(0)};
  std::atomic<long> connections{0};
  std::atomic<long long> bytes{0};
  std::mutex mutex;
  std::vector<async::Task<>> loops;
};

// Echoes until the peer shuts down its side, then closes.
ASYNC async::Task<> EchoConnectionAsync(std::shared_ptr<ServerState> st, async::net::Socket socket) {
  async::net::NetworkStream stream(socket);
  // Not zero-filled: only the pages a read touches become resident (RSS
  // per connection stays near what the messages need, as with Asio's frame).
  constexpr std::size_t kBufferSize = 16 * 1024;
  std::unique_ptr<char[]> buffer(new char[kBufferSize]);
  try {
    for (;;) {
      std::size_t n = co_await stream.ReadAsync(buffer.get(), kBufferSize);
      if (n == 0) break;
      co_await stream.WriteAsync(buffer.get(), n);
      st->bytes.fetch_add(static_cast<long long>(n), std::memory_order_relaxed);
    }
  } catch (const std::exception&) {
    // reset by the peer, or the server is stopping
  }
  socket.Close();
}

ASYNC async::Task<> AcceptLoopAsync(std::shared_ptr<ServerState> st) {
  for (;;) {
    async::net::Socket socket;
    try {
      socket = co_await st->listener.AcceptAsync();
    } catch (const async::net::SocketException& e) {
      if (e.SocketErrorCode() == async::net::SocketError::OperationAborted) break;  // Stop()
      std::fprintf(stderr, "echo: accept: %s\n", e.what());
      continue;  // EMFILE and the like: keep serving
    }
    socket.SetNoDelay(true);
    st->connections.fetch_add(1, std::memory_order_relaxed);
    async::Task<> loop = EchoConnectionAsync(st, socket);
    std::lock_guard<std::mutex> lock(st->mutex);
    st->loops.push_back(loop);
  }
  std::vector<async::Task<>> loops;
  {
    std::lock_guard<std::mutex> lock(st->mutex);
    loops = st->loops;
  }
  co_await async::WhenAll(loops);
}

std::shared_ptr<ServerState> StartServer(const async::net::IPEndPoint& ep, async::Task<>& loop) {
  auto st = std::make_shared<ServerState>();
  st->listener = async::net::TcpListener(ep);
  st->listener.Start(4096);
  loop = async::Run([st] { return AcceptLoopAsync(st); });
  return st;
}

// Message i of connection c: `size` bytes, different for every (c, i).
void FillMessage(std::vector<char>& msg, int c, int i) {
  std::uint32_t x = static_cast<std::uint32_t>(c) * 2654435761u + static_cast<std::uint32_t>(i) * 40503u + 1u;
  for (auto& b : msg) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    b = static_cast<char>(x & 0xff);
  }
}

struct ClientResult {
  long long messages = 0;
  long long bytes = 0;
  long long mismatches = 0;
};

// One connection: `messages` request/response round trips of `size` bytes,
// every echoed byte compared with what was sent.
ASYNC async::Task<ClientResult> ClientConnectionAsync(std::uint16_t port, int c, int messages, int size) {
  ClientResult result;
  async::net::TcpClient client;
  co_await client.ConnectAsync(async::net::IPEndPoint::Loopback(port));
  client.SetNoDelay(true);
  async::net::NetworkStream stream = client.GetStream();
  std::vector<char> msg(static_cast<std::size_t>(size));
  std::vector<char> echo(static_cast<std::size_t>(size));
  for (int i = 0; i < messages; ++i) {
    FillMessage(msg, c, i);
    co_await stream.WriteAsync(msg.data(), msg.size());
    std::size_t got = 0;
    while (got < msg.size()) {
      std::size_t n = co_await stream.ReadAsync(echo.data() + got, echo.size() - got);
      if (n == 0) break;
      got += n;
    }
    if (got != msg.size() || std::memcmp(msg.data(), echo.data(), msg.size()) != 0) ++result.mismatches;
    ++result.messages;
    result.bytes += static_cast<long long>(got);
  }
  stream.Shutdown(async::net::SocketShutdown::Send);
  std::size_t tail = co_await stream.ReadAsync(echo.data(), echo.size());
  if (tail != 0) ++result.mismatches;  // the server must close after our shutdown
  client.Close();
  co_return result;
}

ASYNC async::Task<ClientResult> RunClientsAsync(std::uint16_t port, int connections, int messages, int size) {
  std::vector<async::Task<ClientResult>> tasks;
  for (int c = 0; c < connections; ++c) {
    tasks.push_back(ClientConnectionAsync(port, c, messages, size));
  }
  std::vector<ClientResult> results = co_await async::WhenAll(tasks);
  ClientResult total;
  for (const ClientResult& r : results) {
    total.messages += r.messages;
    total.bytes += r.bytes;
    total.mismatches += r.mismatches;
  }
  co_return total;
}

void PrintRound(const char* label, int connections, int messages, int size, const ClientResult& r) {
  std::printf("%-6s %3d connections x %3d messages x %5d B: %lld echoed, %lld bytes, %s\n", label,
              connections, messages, size, r.messages, r.bytes,
              r.mismatches == 0 ? "every byte matches" : "MISMATCH");
}

ASYNC async::Task<int> DemoAsync() {
  async::Task<> loop;
  std::shared_ptr<ServerState> server = StartServer(async::net::IPEndPoint::Loopback(0), loop);
  std::uint16_t port = server->listener.LocalEndpoint().Port();
  ClientResult small = co_await RunClientsAsync(port, 8, 50, 64);
  PrintRound("small", 8, 50, 64, small);
  ClientResult large = co_await RunClientsAsync(port, 8, 20, 4096);
  PrintRound("large", 8, 20, 4096, large);
  server->listener.Stop();
  co_await loop;
  std::printf("server: %ld connections accepted, %lld bytes echoed\n", server->connections.load(),
              server->bytes.load());
  bool ok = small.mismatches == 0 && large.mismatches == 0 &&
            server->bytes.load() == small.bytes + large.bytes;
  std::printf("%s\n", ok ? "echo: OK" : "echo: FAILED");
  co_return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 3 && std::strcmp(argv[1], "--serve") == 0) {
    async::Task<> loop;
    auto ep = async::net::IPEndPoint(async::net::IPAddress::Loopback(), static_cast<std::uint16_t>(std::atoi(argv[2])));
    auto server = StartServer(ep, loop);
    std::printf("echo: serving on %s\n", server->listener.LocalEndpoint().ToString().c_str());
    std::fflush(stdout);
    loop.Wait();
    return 0;
  }
  if (argc >= 6 && std::strcmp(argv[1], "--client") == 0) {
    auto port = static_cast<std::uint16_t>(std::atoi(argv[2]));
    int connections = std::atoi(argv[3]);
    int messages = std::atoi(argv[4]);
    int size = std::atoi(argv[5]);
    ClientResult r = RunClientsAsync(port, connections, messages, size).Result();
    PrintRound("client", connections, messages, size, r);
    return r.mismatches == 0 ? 0 : 1;
  }
  return async::AsyncContext::Run(DemoAsync);
}
