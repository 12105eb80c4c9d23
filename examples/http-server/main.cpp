// http-server: the HttpTestServer (http_server.h) on its own.
//
//   http-server              starts on a free port, sends a few raw requests
//                            over one keep-alive TCP connection, prints the
//                            wire responses, stops (a deterministic demo)
//   http-server --serve [port]   serves until killed (default port 8080)
//
// Built twice like every example: lowered by asyncc (http-server) and as
// native C++20 coroutines (http-server_native).
#include "http_server.h"

#include <async/async.h>
#include <async/net/net.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

// Reads one response from `stream` (which must end with `terminator`).
ASYNC async::Task<std::string> ReadUntilAsync(async::net::NetworkStream stream, std::string terminator) {
  std::string text;
  std::vector<char> buffer(4096);
  while (text.size() < terminator.size() ||
         text.compare(text.size() - terminator.size(), terminator.size(), terminator) != 0) {
    std::size_t n = co_await stream.ReadAsync(buffer.data(), buffer.size());
    if (n == 0) break;
    text.append(buffer.data(), n);
  }
  co_return text;
}

void PrintWire(const std::string& text) {
  std::string line;
  for (char c : text) {
    if (c == '\n') {
      std::printf("  | %s\\n\n", line.c_str());
      line.clear();
    } else if (c == '\r') {
      line += "\\r";
    } else {
      line += c;
    }
  }
  if (!line.empty()) std::printf("  | %s\n", line.c_str());
}

struct Exchange {
  const char* request;
  const char* terminator;  // the response ends with it
};

ASYNC async::Task<int> DemoAsync() {
  example::HttpTestServer server = example::HttpTestServer::Start(async::net::IPEndPoint::Loopback(0));
  async::net::TcpClient client;
  co_await client.ConnectAsync(async::net::IPEndPoint::Loopback(server.Port()));
  async::net::NetworkStream stream = client.GetStream();

  const std::vector<Exchange> exchanges = {
      {"GET /hello HTTP/1.1\r\nHost: demo\r\n\r\n", "Hello, World!"},
      {"GET /chunked HTTP/1.1\r\nHost: demo\r\n\r\n", "0\r\n\r\n"},
      {"GET /status/404 HTTP/1.1\r\nHost: demo\r\n\r\n", "status 404"},
      {"GET /flaky/1?client=demo HTTP/1.1\r\nHost: demo\r\n\r\n", "try again"},
      {"GET /flaky/1?client=demo HTTP/1.1\r\nHost: demo\r\n\r\n", "failures"},
      {"GET /slow/20 HTTP/1.1\r\nHost: demo\r\nConnection: close\r\n\r\n", "slow 20"},
  };
  for (const Exchange& e : exchanges) {
    std::printf("> %s\n", std::string(e.request, std::strchr(e.request, '\r')).c_str());
    co_await stream.WriteAsync(std::string(e.request));
    std::string response = co_await ReadUntilAsync(stream, e.terminator);
    PrintWire(response);
  }
  std::vector<char> rest(16);
  std::size_t after_close = co_await stream.ReadAsync(rest.data(), rest.size());
  std::printf("after Connection: close the server closed the stream: %s\n", after_close == 0 ? "yes" : "no");
  client.Close();
  std::printf("connections accepted: %d, requests served: %d\n", server.AcceptedConnections(),
              server.RequestsServed());
  co_await server.StopAsync();
  co_return 0;
}

int main(int argc, char** argv) {
  if (argc >= 2 && std::strcmp(argv[1], "--serve") == 0) {
    int port = argc >= 3 ? std::atoi(argv[2]) : 8080;
    auto server = example::HttpTestServer::Start(
        async::net::IPEndPoint(async::net::IPAddress::Any(), static_cast<std::uint16_t>(port)));
    std::printf("serving on http://127.0.0.1:%u/ (Ctrl-C to stop)\n", server.Port());
    std::fflush(stdout);
    for (;;) std::this_thread::sleep_for(std::chrono::hours(1));
  }
  return async::AsyncContext::Run(DemoAsync);
}
