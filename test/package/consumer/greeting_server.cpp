#include "greeting_server.h"

#include "greeting.h"

#include <string>
#include <vector>

namespace consumer {

ASYNC async::Task<> ServeOneGreetingAsync(async::net::TcpListener& listener) {
  async::net::Socket socket = co_await listener.AcceptAsync();
  async::net::NetworkStream stream(socket);
  std::string head;
  std::vector<char> buffer(1024);
  while (head.find("\r\n\r\n") == std::string::npos) {
    std::size_t n = co_await stream.ReadAsync(buffer.data(), buffer.size());
    if (n == 0) break;
    head.append(buffer.data(), n);
  }
  std::string body = kGreeting;
  std::string response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " +
                         std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  co_await stream.WriteAsync(response);
  socket.Close();
}

}  // namespace consumer
