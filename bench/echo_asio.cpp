// echo_asio.cpp: the peer for scripts/bench-echo.sh: a Boost.Asio (1.81)
// echo server written with C++20 awaitables (co_spawn, use_awaitable), one
// io_context run by one thread, as in Asio's own echo examples.
//   echo_asio <port> [threads]
#include <boost/asio.hpp>

#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

namespace asio = boost::asio;
using asio::ip::tcp;

asio::awaitable<void> Echo(tcp::socket socket) {
  char data[16384];
  try {
    for (;;) {
      std::size_t n = co_await socket.async_read_some(asio::buffer(data), asio::use_awaitable);
      co_await asio::async_write(socket, asio::buffer(data, n), asio::use_awaitable);
    }
  } catch (const std::exception&) {
    // end of stream or reset
  }
}

asio::awaitable<void> Listen(unsigned short port) {
  auto executor = co_await asio::this_coro::executor;
  tcp::acceptor acceptor(executor);
  tcp::endpoint ep(asio::ip::address_v4::loopback(), port);
  acceptor.open(ep.protocol());
  acceptor.set_option(asio::socket_base::reuse_address(true));
  acceptor.bind(ep);
  acceptor.listen(4096);
  for (;;) {
    tcp::socket socket = co_await acceptor.async_accept(asio::use_awaitable);
    socket.set_option(tcp::no_delay(true));
    asio::co_spawn(executor, Echo(std::move(socket)), asio::detached);
  }
}

int main(int argc, char** argv) {
  unsigned short port = static_cast<unsigned short>(argc > 1 ? std::atoi(argv[1]) : 9000);
  int threads = argc > 2 ? std::atoi(argv[2]) : 1;
  asio::io_context ctx(threads);
  asio::co_spawn(ctx, Listen(port), asio::detached);
  std::printf("echo_asio: serving on 127.0.0.1:%u (%d thread%s)\n", port, threads, threads == 1 ? "" : "s");
  std::fflush(stdout);
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([&] { ctx.run(); });
  ctx.run();
  for (auto& t : pool) t.join();
}
