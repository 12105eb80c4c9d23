// A raw HTTP/1.1 client for the web server tests: sends bytes as given and
// parses responses with http_parser (several per read: pipelining).
#pragma once

#include <http_parser.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <async/async.h>
#include <async/net/net.h>

namespace web_test {

struct Response {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  bool chunked = false;
  std::string Header(const std::string& lower) const {
    auto it = headers.find(lower);
    return it == headers.end() ? std::string() : it->second;
  }
};

class RawClient {
 public:
  explicit RawClient(std::uint16_t port) : socket_(async::net::AddressFamily::InterNetwork) {
    socket_.ConnectAsync(async::net::IPEndPoint::Loopback(port)).GetAwaiter().GetResult();
    http_parser_init(&parser_, HTTP_RESPONSE);
    parser_.data = this;
  }
  RawClient(const RawClient&) = delete;
  ~RawClient() { socket_.Close(); }

  void Send(std::string_view data) { socket_.SendAllAsync(data.data(), data.size()).GetAwaiter().GetResult(); }
  // false when the send failed (the server closed).
  bool TrySend(std::string_view data) {
    try {
      Send(data);
      return true;
    } catch (...) {
      return false;
    }
  }
  void ShutdownSend() { socket_.Shutdown(async::net::SocketShutdown::Send); }
  void Close() { socket_.Close(); }
  // Closes with RST instead of FIN.
  void Reset() {
    socket_.SetLingerZero();
    socket_.Close();
  }

  // The next response; nullopt when the connection ends (or resets) first
  // or nothing comes within `timeout`.
  std::optional<Response> ReadResponse(bool head = false,
                                       std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    head_ = head;
    for (;;) {
      if (!done_.empty()) {
        Response r = std::move(done_.front());
        done_.erase(done_.begin());
        return r;
      }
      if (eof_) return std::nullopt;
      if (!pending_.empty()) {
        Feed();
        continue;
      }
      std::size_t n = Receive(timeout);
      if (n == 0) {
        eof_ = true;
        http_parser_execute(&parser_, &Settings(), nullptr, 0);
        continue;
      }
      pending_.assign(buffer_, n);
    }
  }

  // True when the server closes the connection (or resets it) within
  // `timeout`; what it sends before is discarded.
  bool WaitClosed(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    if (eof_) return true;
    auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
      std::size_t n = Receive(timeout);
      if (n == 0) {
        eof_ = !timed_out_;
        return !timed_out_;
      }
    }
    return false;
  }

  // Bytes received raw (for tests that read a part of a response).
  std::size_t ReceiveSome(std::chrono::milliseconds timeout = std::chrono::seconds(10)) { return Receive(timeout); }

 private:
  std::size_t Receive(std::chrono::milliseconds timeout) {
    timed_out_ = false;
    async::CancellationTokenSource cts(timeout);
    try {
      return socket_.ReceiveAsync(buffer_, sizeof buffer_, cts.Token()).GetAwaiter().GetResult();
    } catch (const async::OperationCanceledException&) {
      timed_out_ = true;
      return 0;
    } catch (...) {
      return 0;  // reset
    }
  }

  void Feed() {
    std::size_t n = http_parser_execute(&parser_, &Settings(), pending_.data(), pending_.size());
    if (parser_.http_errno == HPE_PAUSED) {
      http_parser_pause(&parser_, 0);
      pending_.erase(0, n);
      return;
    }
    if (parser_.http_errno != HPE_OK) {
      eof_ = true;  // a malformed response ends the test's reading
      pending_.clear();
      return;
    }
    pending_.clear();
  }

  static const http_parser_settings& Settings() {
    static const http_parser_settings s = [] {
      http_parser_settings x;
      http_parser_settings_init(&x);
      x.on_message_begin = [](http_parser* p) {
        auto& c = *static_cast<RawClient*>(p->data);
        c.current_ = Response();
        c.field_.clear();
        c.value_.clear();
        return 0;
      };
      x.on_header_field = [](http_parser* p, const char* at, std::size_t n) {
        auto& c = *static_cast<RawClient*>(p->data);
        if (!c.value_.empty()) c.Commit();
        c.field_.append(at, n);
        return 0;
      };
      x.on_header_value = [](http_parser* p, const char* at, std::size_t n) {
        static_cast<RawClient*>(p->data)->value_.append(at, n);
        return 0;
      };
      x.on_headers_complete = [](http_parser* p) {
        auto& c = *static_cast<RawClient*>(p->data);
        if (!c.field_.empty()) c.Commit();
        c.current_.status = static_cast<int>(p->status_code);
        c.current_.chunked = (p->flags & F_CHUNKED) != 0;
        return c.head_ ? 1 : 0;
      };
      x.on_body = [](http_parser* p, const char* at, std::size_t n) {
        static_cast<RawClient*>(p->data)->current_.body.append(at, n);
        return 0;
      };
      x.on_message_complete = [](http_parser* p) {
        auto& c = *static_cast<RawClient*>(p->data);
        c.done_.push_back(std::move(c.current_));
        http_parser_pause(p, 1);
        return 0;
      };
      return x;
    }();
    return s;
  }
  void Commit() {
    std::string lower;
    for (char ch : field_) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    current_.headers[lower] = value_;
    field_.clear();
    value_.clear();
  }

  async::net::Socket socket_;
  http_parser parser_;
  char buffer_[16384];
  std::string pending_;
  std::vector<Response> done_;
  Response current_;
  std::string field_, value_;
  bool head_ = false;
  bool eof_ = false;
  bool timed_out_ = false;
};

}  // namespace web_test
