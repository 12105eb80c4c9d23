// The benchmark's Boost.Beast 1.81 server doing the same work as
// asyncc_server.cpp: GET /plaintext and GET /json (nlohmann-json per
// request), keep-alive, one strand per connection, N threads running one
// io_context (Beast's advanced async server pattern).
//   beast_server <port> <threads>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

class Session : public std::enable_shared_from_this<Session> {
 public:
  explicit Session(tcp::socket&& socket) : stream_(std::move(socket)) {}
  void Run() { asio::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::Read, shared_from_this())); }

 private:
  void Read() {
    request_ = {};
    http::async_read(stream_, buffer_, request_, beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }
  void OnRead(beast::error_code ec, std::size_t) {
    if (ec) {
      stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
      return;
    }
    auto response = std::make_shared<http::response<http::string_body>>();
    response->version(request_.version());
    response->keep_alive(request_.keep_alive());
    if (request_.method() == http::verb::get && request_.target() == "/plaintext") {
      response->result(http::status::ok);
      response->set(http::field::content_type, "text/plain; charset=utf-8");
      response->body() = "Hello, World!";
    } else if (request_.method() == http::verb::get && request_.target() == "/json") {
      response->result(http::status::ok);
      response->set(http::field::content_type, "application/json; charset=utf-8");
      response->body() = nlohmann::json{{"message", "Hello, World!"}}.dump();
    } else {
      response->result(http::status::not_found);
    }
    response->prepare_payload();
    http::async_write(stream_, *response, [self = shared_from_this(), response](beast::error_code ec, std::size_t) {
      if (ec) return;
      if (!response->keep_alive()) {
        self->stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        return;
      }
      self->Read();
    });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(asio::io_context& ioc, tcp::endpoint endpoint) : ioc_(ioc), acceptor_(asio::make_strand(ioc)) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(asio::socket_base::max_listen_connections);
  }
  void Accept() {
    acceptor_.async_accept(asio::make_strand(ioc_), [self = shared_from_this()](beast::error_code ec, tcp::socket s) {
      if (!ec) {
        s.set_option(tcp::no_delay(true), ec);
        std::make_shared<Session>(std::move(s))->Run();
      }
      self->Accept();
    });
  }

 private:
  asio::io_context& ioc_;
  tcp::acceptor acceptor_;
};

int main(int argc, char** argv) {
  unsigned short port = static_cast<unsigned short>(std::stoi(argc > 1 ? argv[1] : "8081"));
  int threads = argc > 2 ? std::stoi(argv[2]) : static_cast<int>(std::thread::hardware_concurrency());
  asio::io_context ioc{threads};
  std::make_shared<Listener>(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), port))->Accept();
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  return 0;
}
