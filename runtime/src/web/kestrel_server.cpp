// The HTTP/1.1 server: one Connection per accepted socket.
//
// A connection reads continuously (so a client that goes away cancels
// RequestAborted while its request runs) into a buffer that http_parser
// consumes one request at a time: the parser pauses at each message's end,
// the request runs, its response is written, and only then is the next
// (pipelined) request parsed, so responses go out in request order. The
// connection's state is guarded by its mutex; user code (the pipeline,
// cancellation callbacks) and socket operations run outside it. Timeouts
// are deadlines that the server's heartbeat checks (Kestrel's design).
#include "kestrel_server.h"

#include <http_parser.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <async/delay.h>
#include <async/exceptions.h>
#include <async/execution_context.h>

#include "routing.h"
#include "server_access.h"
#include "then.h"

namespace async {
namespace web {
namespace detail {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kReadBufferSize = 16 * 1024;
// Received bytes waiting for the parser (pipelined requests) before the
// connection stops reading.
constexpr std::size_t kMaxBuffered = 64 * 1024;
// The request line alone; longer: 414.
constexpr std::size_t kMaxRequestLineSize = 8 * 1024;
// How long a closing connection drains what the client still sends, so
// that its last response is not lost to a reset.
constexpr std::chrono::milliseconds kDrainTime{1000};

const char* ReasonPhrase(int code) {
  switch (code) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    default: return "";
  }
}

bool BodyAllowed(int status) { return !(status == 204 || status == 304 || (status >= 100 && status < 200)); }

// Kestrel's connection ids: 13 base-32 digits of a counter seeded from the clock.
std::string NextConnectionId() {
  static std::atomic<std::uint64_t> next{static_cast<std::uint64_t>(
      std::chrono::system_clock::now().time_since_epoch().count())};
  static const char digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUV";
  std::uint64_t v = next.fetch_add(1, std::memory_order_relaxed);
  std::string id(13, '0');
  for (int i = 12; i >= 0; --i) {
    id[static_cast<std::size_t>(i)] = digits[v & 31];
    v >>= 5;
  }
  return id;
}

std::string Hex(std::size_t n) {
  char text[24];
  std::snprintf(text, sizeof text, "%zX", n);
  return text;
}

std::string WhatOf(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    return ex.what();
  } catch (...) {
    return "unknown exception";
  }
}

bool IsCancellation(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const OperationCanceledException&) {
    return true;
  } catch (...) {
    return false;
  }
}

}  // namespace

class Connection : public std::enable_shared_from_this<Connection>, public IHttpResponseSink {
 public:
  Connection(std::shared_ptr<KestrelServer> server, net::Socket socket)
      : server_(std::move(server)), socket_(std::move(socket)), id_(NextConnectionId()) {
    buffer_.resize(kReadBufferSize);
    http_parser_init(&parser_, HTTP_REQUEST);
    parser_.data = this;
  }

  void Start() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      deadline_ = Clock::now() + server_->Limits().KeepAliveTimeout;
    }
    try {
      socket_.SetNoDelay(true);
    } catch (...) {
    }
    ReadLoop();
  }

  // Graceful stop: idle connections close now, busy ones after their response.
  void BeginShutdown() {
    bool close_now;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      shutting_down_ = true;
      close_now = !handling_;
    }
    if (close_now) Close();
  }

  // The end of the shutdown timeout, or a connection the server drops.
  void Abort() { Close(); }

  void CheckDeadline(Clock::time_point now) {
    enum { kNone, kClose, kTimeout } action = kNone;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (closed_ || (handling_ && !draining_) || deadline_ > now) return;
      deadline_ = Clock::time_point::max();
      if (!draining_ && in_message_) {
        handling_ = true;  // nothing more is parsed
        action = kTimeout;
      } else {
        action = kClose;
      }
    }
    if (action == kTimeout) {
      SendErrorAndClose(408);
    } else {
      Close();
    }
  }

  // IHttpResponseSink: a streamed write from the handler.
  Task<> SendAsync(HttpResponse& response, std::string_view body, CancellationToken ct) override {
    std::string out;
    bool& started = ServerAccess::Started(response);
    bool& chunked = ServerAccess::Chunked(response);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (closed_ || eof_) {
        return FromException<void>(std::make_exception_ptr(OperationCanceledException(
            "The client has disconnected.", request_aborted_.Token())));
      }
      if (!started) {
        started = true;
        chunked = !response.ContentLength().has_value() && http11_;
        if (!chunked && !response.ContentLength().has_value()) close_after_ = true;  // HTTP/1.0: ends by closing
        out = Head(response, response.ContentLength(), chunked, close_after_ || shutting_down_);
      }
    }
    if (head_request_) {
      // HEAD: the headers only.
    } else if (chunked) {
      if (!body.empty()) {
        out += Hex(body.size());
        out += "\r\n";
        out.append(body.data(), body.size());
        out += "\r\n";
      }
    } else {
      out.append(body.data(), body.size());
    }
    if (out.empty()) return CompletedTask();
    auto data = std::make_shared<std::string>(std::move(out));
    Task<> t = socket_.SendAllAsync(data->data(), data->size(), std::move(ct));
    Then(t, [data](const Task<>&) {});
    return t;
  }

 private:
  // ---- reading ----
  void ReadLoop() {
    for (;;) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (reading_ || closed_ || eof_ || in_.size() >= kMaxBuffered) return;
        reading_ = true;
      }
      Task<std::size_t> t;
      try {
        t = socket_.ReceiveAsync(buffer_.data(), buffer_.size());
      } catch (...) {
        t = FromException<std::size_t>(std::current_exception());
      }
      if (!t.IsCompleted()) {
        auto self = shared_from_this();
        Then(t, [self](const Task<std::size_t>& done) {
          if (self->OnRead(done)) self->ReadLoop();
        });
        return;
      }
      if (!OnRead(t)) return;
    }
  }

  // True to read on.
  bool OnRead(const Task<std::size_t>& t) {
    std::size_t n = t.IsCompletedSuccessfully() ? t.Result() : 0;
    CancellationTokenSource abort_request;
    bool aborted = false, draining_eof = false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      reading_ = false;
      if (closed_) return false;
      if (n == 0) {
        eof_ = true;
        if (draining_) {
          draining_eof = true;
        } else if (handling_) {
          aborted = true;
          abort_request = request_aborted_;
        }
      } else if (draining_) {
        return true;  // discarded
      } else {
        in_.append(buffer_.data(), n);
        if (in_message_ && body_phase_) deadline_ = Clock::now() + server_->Limits().RequestHeadersTimeout;
      }
    }
    if (draining_eof) {
      Close();
      return false;
    }
    if (aborted) {
      // The client went away while its request runs (a client that only
      // half-closes is treated the same, as Kestrel does).
      try {
        abort_request.Cancel();
      } catch (...) {
      }
      return false;
    }
    Pump(/*read_after=*/false);
    return n != 0;
  }

  // Parses buffered bytes and runs the next complete request; a loop so
  // that requests answered synchronously do not recurse. `read_after`:
  // restart reading at the end (not when called from the read loop, which
  // reads on by itself).
  void Pump(bool read_after = true) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (pumping_) {
        repump_ = true;
        return;
      }
      pumping_ = true;
    }
    for (;;) {
      std::unique_ptr<HttpContext> ready;
      int error_status = 0;
      bool eof_now = false;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!closed_ && !handling_ && !draining_) {
          Parse(ready, error_status, eof_now);
        }
      }
      if (ready) {
        Dispatch(std::move(ready));
      } else if (error_status != 0) {
        SendErrorAndClose(error_status);
      } else if (eof_now) {
        Close();
      }
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (repump_) {
          repump_ = false;
          continue;
        }
        pumping_ = false;
      }
      // Parsing made room in the buffer: read on if reading had stopped.
      if (read_after) ReadLoop();
      return;
    }
  }

  // Under the lock: feeds the parser; a complete request goes to `ready`.
  void Parse(std::unique_ptr<HttpContext>& ready, int& error_status, bool& eof_now) {
    std::size_t n = 0;
    if (!in_.empty()) n = http_parser_execute(&parser_, &Settings(), in_.data(), in_.size());
    auto err = static_cast<http_errno>(parser_.http_errno);
    if (err == HPE_PAUSED) {
      http_parser_pause(&parser_, 0);
      in_.erase(0, n);
      ready = std::move(current_);
      handling_ = true;
      deadline_ = Clock::time_point::max();
      return;
    }
    if (err != HPE_OK) {
      in_.clear();
      handling_ = true;
      error_status = error_status_ != 0 ? error_status_ : (err == HPE_HEADER_OVERFLOW ? 431 : 400);
      return;
    }
    in_.erase(0, n);
    if (eof_) {
      // The end of the stream: fine between requests, else the request was cut short.
      http_parser_execute(&parser_, &Settings(), nullptr, 0);
      if (in_message_) {
        handling_ = true;
        error_status = 400;
      } else {
        eof_now = true;
      }
    }
  }

  // ---- running a request ----
  void Dispatch(std::unique_ptr<HttpContext> context) {
    HttpContext* c = context.get();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      request_aborted_ = CancellationTokenSource();
      ServerAccess::SetRequestAborted(*c, request_aborted_.Token());
      ServerAccess::SetSink(*c, this);
      c->SetTraceIdentifier(id_ + ":" + [&] {
        char text[16];
        std::snprintf(text, sizeof text, "%08X", static_cast<unsigned>(++request_number_));
        return std::string(text);
      }());
      active_ = std::move(context);
    }
    // Each request starts from an empty ExecutionContext: its AsyncLocal
    // values are its own.
    Task<> t;
    ExecutionContext::Run(ExecutionContext::Default(), [&] {
      try {
        t = server_->App()(*c);
        if (!t.IsValid()) t = CompletedTask();
      } catch (...) {
        t = FromException<void>(std::current_exception());
      }
    });
    auto self = shared_from_this();
    Then(t, [self](const Task<>& done) { self->OnHandled(done); });
  }

  void OnHandled(const Task<> t) {
    HttpContext* c;
    bool closing;
    bool aborted_before;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      c = active_.get();
      aborted_before = closed_;
    }
    HttpResponse& r = c->Response();
    bool broken = false;  // a streamed response that cannot be finished
    if (!t.IsCompletedSuccessfully()) {
      std::exception_ptr e = ErrorOf(t);
      bool canceled_by_client = c->RequestAborted().IsCancellationRequested() && IsCancellation(e);
      if (!canceled_by_client && !aborted_before) {
        server_->Log().Log(LogLevel::Error, "Connection id \"" + id_ + "\", Request id \"" +
                                                c->TraceIdentifier() +
                                                "\": An unhandled exception was thrown by the application. " +
                                                WhatOf(e));
      }
      if (!r.HasStarted()) {
        r.Clear();
        r.SetStatusCode(500);
      } else {
        broken = true;
      }
    }
    if (t.IsCompletedSuccessfully() && !r.HasStarted() && r.ContentLength() &&
        *r.ContentLength() != ServerAccess::Body(r).size() && BodyAllowed(r.StatusCode()) && !head_request_) {
      server_->Log().Log(LogLevel::Error, "Connection id \"" + id_ + "\", Request id \"" + c->TraceIdentifier() +
                                              "\": Response Content-Length mismatch: " +
                                              std::to_string(ServerAccess::Body(r).size()) + " bytes written, " +
                                              std::to_string(*r.ContentLength()) + " declared.");
      r.Clear();
      r.SetStatusCode(500);
    }
    std::string out;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (closed_) {
        FinishRequestLocked();
        return;
      }
      closing = broken || !keep_alive_ || close_after_ || shutting_down_ || eof_ || c->AbortRequested() ||
                server_->Stopping();
      if (!broken) {
        std::string& body = ServerAccess::Body(r);
        bool send_body = BodyAllowed(r.StatusCode()) && !head_request_;
        if (!r.HasStarted()) {
          std::optional<std::uint64_t> length = r.ContentLength();
          if (!length && BodyAllowed(r.StatusCode())) length = body.size();
          out = Head(r, length, false, closing);
          if (send_body) out += body;
        } else if (ServerAccess::Chunked(r)) {
          if (!head_request_) {
            if (!body.empty()) out += Hex(body.size()) + "\r\n" + body + "\r\n";
            out += "0\r\n\r\n";
          }
        } else if (send_body) {
          out += body;
        }
      }
    }
    if (broken) {
      Close();
      std::lock_guard<std::mutex> lock(mutex_);
      FinishRequestLocked();
      return;
    }
    auto data = std::make_shared<std::string>(std::move(out));
    auto self = shared_from_this();
    Task<> sent;
    try {
      sent = socket_.SendAllAsync(data->data(), data->size());
    } catch (...) {
      sent = FromException<void>(std::current_exception());
    }
    Then(sent, [self, data, closing](const Task<>& done) { self->OnResponseSent(done, closing); });
  }

  // Under the lock: the request is over; its context goes.
  void FinishRequestLocked() {
    retired_.push_back(std::move(active_));
    handling_ = false;
  }

  void OnResponseSent(const Task<>& t, bool closing) {
    std::vector<std::unique_ptr<HttpContext>> retired;
    bool keep_alive = false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      FinishRequestLocked();
      retired.swap(retired_);
      if (closed_) return;
      keep_alive = t.IsCompletedSuccessfully() && !closing;
      if (keep_alive) {
        deadline_ = Clock::now() + (in_.empty() ? server_->Limits().KeepAliveTimeout
                                                : server_->Limits().RequestHeadersTimeout);
      } else {
        handling_ = true;  // nothing more is parsed
      }
    }
    retired.clear();  // the contexts go outside the lock (their tokens' callbacks)
    if (!keep_alive) {
      CloseGracefully(t.IsCompletedSuccessfully());
      return;
    }
    ReadLoop();
    Pump();
  }

  // An error response of the server's own (400, 408, 413, 414, 431), then
  // the connection closes.
  void SendErrorAndClose(int status) {
    std::string text = std::string("HTTP/1.1 ") + std::to_string(status) + " " + ReasonPhrase(status) +
                       "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    auto data = std::make_shared<std::string>(std::move(text));
    auto self = shared_from_this();
    Task<> sent;
    try {
      sent = socket_.SendAllAsync(data->data(), data->size());
    } catch (...) {
      sent = FromException<void>(std::current_exception());
    }
    Then(sent, [self, data](const Task<>& done) { self->CloseGracefully(done.IsCompletedSuccessfully()); });
  }

  // After a last response: when it went out and the client is still
  // sending, half-close and read (discarding) until the client closes or
  // kDrainTime passes, since closing with unread input would reset the
  // connection and could destroy the response in flight. Else close now.
  void CloseGracefully(bool sent) {
    bool drain;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (closed_) return;
      drain = sent && !eof_;
      if (drain) {
        draining_ = true;
        handling_ = true;
        in_.clear();
        deadline_ = Clock::now() + kDrainTime;
      }
    }
    if (!drain) {
      Close();
      return;
    }
    try {
      socket_.Shutdown(net::SocketShutdown::Send);
    } catch (...) {
      Close();
      return;
    }
    ReadLoop();
  }

  void Close() {
    CancellationTokenSource abort_request;
    bool had_request;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (closed_) return;
      closed_ = true;
      deadline_ = Clock::time_point::max();
      had_request = active_ != nullptr;
      abort_request = request_aborted_;
    }
    socket_.Close();
    if (had_request) {
      try {
        abort_request.Cancel();
      } catch (...) {
      }
    }
    server_->Remove(this);
  }

  // The status line and headers (the server's framing headers replace the application's).
  std::string Head(const HttpResponse& r, std::optional<std::uint64_t> length, bool chunked, bool closing) {
    std::string out = "HTTP/1.1 " + std::to_string(r.StatusCode()) + " " + ReasonPhrase(r.StatusCode()) + "\r\n";
    for (const auto& h : r.Headers()) {
      const std::string& name = h.first;
      if (EqualsIgnoreCaseAscii(name, "Content-Length") || EqualsIgnoreCaseAscii(name, "Transfer-Encoding") ||
          EqualsIgnoreCaseAscii(name, "Connection")) {
        continue;
      }
      out += name + ": " + h.second + "\r\n";
    }
    if (chunked) {
      out += "Transfer-Encoding: chunked\r\n";
    } else if (length) {
      out += "Content-Length: " + std::to_string(*length) + "\r\n";
    }
    if (closing) {
      out += "Connection: close\r\n";
    } else if (!http11_) {
      out += "Connection: keep-alive\r\n";  // an HTTP/1.0 client that asked for it
    }
    out += "\r\n";
    return out;
  }

  static bool EqualsIgnoreCaseAscii(const std::string& a, const char* b) {
    std::size_t n = std::char_traits<char>::length(b);
    if (a.size() != n) return false;
    for (std::size_t i = 0; i < n; ++i) {
      if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
        return false;
    }
    return true;
  }

  // ---- http_parser callbacks (under the lock, from Parse) ----
  static const http_parser_settings& Settings() {
    static const http_parser_settings settings = [] {
      http_parser_settings s;
      http_parser_settings_init(&s);
      s.on_message_begin = &Connection::OnMessageBegin;
      s.on_url = &Connection::OnUrl;
      s.on_header_field = &Connection::OnHeaderField;
      s.on_header_value = &Connection::OnHeaderValue;
      s.on_headers_complete = &Connection::OnHeadersComplete;
      s.on_body = &Connection::OnBody;
      s.on_message_complete = &Connection::OnMessageComplete;
      return s;
    }();
    return settings;
  }
  static Connection& Of(http_parser* p) { return *static_cast<Connection*>(p->data); }

  static int OnMessageBegin(http_parser* p) {
    Connection& c = Of(p);
    c.current_ = std::make_unique<HttpContext>();
    c.url_.clear();
    c.field_.clear();
    c.value_.clear();
    c.last_was_value_ = false;
    c.header_bytes_ = 0;
    c.header_count_ = 0;
    c.in_message_ = true;
    c.body_phase_ = false;
    c.deadline_ = Clock::now() + c.server_->Limits().RequestHeadersTimeout;
    return 0;
  }
  bool AddHeaderBytes(std::size_t n) {
    header_bytes_ += n;
    if (header_bytes_ > server_->Limits().MaxRequestHeadersTotalSize) {
      error_status_ = 431;
      return false;
    }
    return true;
  }
  static int OnUrl(http_parser* p, const char* at, std::size_t n) {
    Connection& c = Of(p);
    c.url_.append(at, n);
    if (c.url_.size() > kMaxRequestLineSize) {
      c.error_status_ = 414;
      return 1;
    }
    return c.AddHeaderBytes(n) ? 0 : 1;
  }
  bool CommitHeader() {
    if (!last_was_value_) return true;
    if (++header_count_ > server_->Limits().MaxRequestHeaderCount) {
      error_status_ = 431;
      return false;
    }
    ServerAccess::Request(*current_).Headers().Append(field_, value_);
    field_.clear();
    value_.clear();
    last_was_value_ = false;
    return true;
  }
  static int OnHeaderField(http_parser* p, const char* at, std::size_t n) {
    Connection& c = Of(p);
    if (!c.CommitHeader()) return 1;
    c.field_.append(at, n);
    return c.AddHeaderBytes(n) ? 0 : 1;
  }
  static int OnHeaderValue(http_parser* p, const char* at, std::size_t n) {
    Connection& c = Of(p);
    c.value_.append(at, n);
    c.last_was_value_ = true;
    return c.AddHeaderBytes(n) ? 0 : 1;
  }
  static int OnHeadersComplete(http_parser* p) {
    Connection& c = Of(p);
    if (!c.CommitHeader()) return 3;
    HttpRequest& req = ServerAccess::Request(*c.current_);
    std::string method = http_method_str(static_cast<http_method>(p->method));
    c.head_request_ = method == "HEAD";
    ServerAccess::SetMethod(req, std::move(method));
    c.http11_ = p->http_major == 1 && p->http_minor >= 1;
    ServerAccess::SetProtocol(req, "HTTP/" + std::to_string(p->http_major) + "." + std::to_string(p->http_minor));
    std::string target = c.url_;
    // The absolute form ("http://host/path") names the path after the authority.
    if (target.rfind("http://", 0) == 0 || target.rfind("https://", 0) == 0) {
      std::size_t slash = target.find('/', target.find("//") + 2);
      target = slash == std::string::npos ? "/" : target.substr(slash);
    }
    std::size_t q = target.find('?');
    ServerAccess::SetPath(req, PercentDecode(target.substr(0, q)));
    ServerAccess::SetQueryString(req, q == std::string::npos ? std::string() : target.substr(q));
    bool chunked = (p->flags & F_CHUNKED) != 0;
    if (!chunked && req.Headers().ContainsKey("Content-Length")) {
      ServerAccess::SetContentLength(req, p->content_length);
      const auto& max = c.server_->Limits().MaxRequestBodySize;
      if (max && p->content_length > *max) {
        c.error_status_ = 413;
        return 3;
      }
    }
    c.body_phase_ = true;
    c.deadline_ = Clock::now() + c.server_->Limits().RequestHeadersTimeout;
    return 0;
  }
  static int OnBody(http_parser* p, const char* at, std::size_t n) {
    Connection& c = Of(p);
    std::string& body = ServerAccess::Body(ServerAccess::Request(*c.current_));
    const auto& max = c.server_->Limits().MaxRequestBodySize;
    if (max && body.size() + n > *max) {
      c.error_status_ = 413;
      return 1;
    }
    body.append(at, n);
    return 0;
  }
  static int OnMessageComplete(http_parser* p) {
    Connection& c = Of(p);
    c.keep_alive_ = http_should_keep_alive(p) != 0;
    c.in_message_ = false;
    c.body_phase_ = false;
    http_parser_pause(p, 1);
    return 0;
  }

  const std::shared_ptr<KestrelServer> server_;
  const net::Socket socket_;
  const std::string id_;
  std::vector<char> buffer_;  // one receive at a time

  std::mutex mutex_;
  http_parser parser_;
  std::string in_;  // received, not yet parsed
  bool reading_ = false;
  bool eof_ = false;
  bool closed_ = false;
  bool handling_ = false;  // a request runs (or an error response goes out)
  bool draining_ = false;
  bool pumping_ = false;
  bool repump_ = false;
  bool shutting_down_ = false;
  bool close_after_ = false;
  Clock::time_point deadline_ = Clock::time_point::max();
  std::size_t request_number_ = 0;

  // The request being parsed.
  std::unique_ptr<HttpContext> current_;
  std::string url_, field_, value_;
  bool last_was_value_ = false;
  std::size_t header_bytes_ = 0;
  std::size_t header_count_ = 0;
  bool in_message_ = false;
  bool body_phase_ = false;
  int error_status_ = 0;

  // The request running.
  std::unique_ptr<HttpContext> active_;
  std::vector<std::unique_ptr<HttpContext>> retired_;
  CancellationTokenSource request_aborted_;
  bool keep_alive_ = true;
  bool http11_ = true;
  bool head_request_ = false;
};

// ---- the server ----

KestrelServer::KestrelServer(KestrelServerLimits limits, std::chrono::milliseconds shutdownTimeout,
                             RequestDelegate app, std::shared_ptr<ILogger> logger)
    : limits_(std::move(limits)),
      shutdown_timeout_(shutdownTimeout),
      app_(std::move(app)),
      logger_(std::move(logger)),
      all_closed_(TaskCreationOptions::RunContinuationsAsynchronously) {}

void KestrelServer::Start(const net::IPEndPoint& endpoint) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    listener_.emplace(endpoint);
    listener_->Start(512);
  }
  AcceptLoop();
  Heartbeat();
}

net::IPEndPoint KestrelServer::LocalEndpoint() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return listener_ ? listener_->LocalEndpoint() : net::IPEndPoint();
}

std::size_t KestrelServer::ConnectionCount() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return connections_.size();
}

bool KestrelServer::Stopping() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stopping_;
}

void KestrelServer::AcceptLoop() {
  for (;;) {
    Task<net::Socket> t;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_ || !listener_) return;
      try {
        t = listener_->AcceptAsync(stop_accepting_.Token());
      } catch (...) {
        t = FromException<net::Socket>(std::current_exception());
      }
    }
    if (!t.IsCompleted()) {
      auto self = shared_from_this();
      Then(t, [self](const Task<net::Socket>& done) {
        if (self->OnAccepted(done)) self->AcceptLoop();
      });
      return;
    }
    if (!OnAccepted(t)) return;
  }
}

bool KestrelServer::OnAccepted(const Task<net::Socket>& t) {
  if (!t.IsCompletedSuccessfully()) {
    if (Stopping()) return false;
    // A failed accept (out of descriptors, a connection reset before
    // accept): logged, the server accepts on.
    logger_->Log(LogLevel::Warning, "Accepting a connection failed: " + WhatOf(ErrorOf(t)));
    return true;
  }
  net::Socket socket = t.Result();
  std::shared_ptr<Connection> connection;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) {
      socket.Close();
      return false;
    }
    if (limits_.MaxConcurrentConnections && connections_.size() >= *limits_.MaxConcurrentConnections) {
      socket.Close();  // over the cap: closed at once, as Kestrel does
      return true;
    }
    connection = std::make_shared<Connection>(shared_from_this(), std::move(socket));
    connections_.emplace(connection.get(), connection);
  }
  connection->Start();
  return true;
}

void KestrelServer::Heartbeat() {
  auto period = std::min(limits_.RequestHeadersTimeout, limits_.KeepAliveTimeout) / 4;
  period = std::max<std::chrono::milliseconds>(std::chrono::milliseconds(5),
                                               std::min<std::chrono::milliseconds>(period, std::chrono::seconds(1)));
  period = std::min<std::chrono::milliseconds>(period, std::chrono::milliseconds(250));  // the drain deadline
  std::weak_ptr<KestrelServer> weak = shared_from_this();
  CancellationToken stop;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_ && connections_.empty()) return;
    stop = heartbeat_stop_.Token();
  }
  Then(Delay(period, stop), [weak](const Task<>& t) {
    auto self = weak.lock();
    if (!self || !t.IsCompletedSuccessfully()) return;
    std::vector<std::shared_ptr<Connection>> list;
    {
      std::lock_guard<std::mutex> lock(self->mutex_);
      for (auto& entry : self->connections_) list.push_back(entry.second);
    }
    auto now = Clock::now();
    for (auto& c : list) c->CheckDeadline(now);
    list.clear();
    self->Heartbeat();
  });
}

void KestrelServer::Remove(Connection* connection) {
  std::shared_ptr<Connection> keep;  // released outside the lock
  bool done = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = connections_.find(connection);
    if (it == connections_.end()) return;
    keep = std::move(it->second);
    connections_.erase(it);
    done = stopping_ && connections_.empty();
  }
  if (done) {
    heartbeat_stop_.Cancel();  // ends the heartbeat
    all_closed_.TrySetResult();
  }
}

void KestrelServer::AbortAll() {
  std::vector<std::shared_ptr<Connection>> list;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& entry : connections_) list.push_back(entry.second);
  }
  if (!list.empty()) {
    logger_->Log(LogLevel::Warning, "Shutdown timed out: " + std::to_string(list.size()) +
                                        " connection(s) aborted with requests in flight.");
  }
  for (auto& c : list) c->Abort();
}

Task<> KestrelServer::StopAsync(CancellationToken ct) {
  std::vector<std::shared_ptr<Connection>> list;
  bool first;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    first = !stopping_;
    stopping_ = true;
    if (first) {
      for (auto& entry : connections_) list.push_back(entry.second);
      if (listener_) listener_->Stop();
    }
  }
  if (!first) return all_closed_.Task();
  stop_accepting_.Cancel();
  for (auto& c : list) c->BeginShutdown();
  list.clear();
  bool empty;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    empty = connections_.empty();
  }
  if (empty) {
    heartbeat_stop_.Cancel();
    all_closed_.TrySetResult();
    return all_closed_.Task();
  }
  // The rest gets ShutdownTimeout (or until ct), then is aborted.
  std::weak_ptr<KestrelServer> weak = shared_from_this();
  CancellationTokenSource deadline = ct.CanBeCanceled() ? CancellationTokenSource::CreateLinkedTokenSource({ct})
                                                        : CancellationTokenSource();
  deadline.CancelAfter(shutdown_timeout_);
  auto registration = std::make_shared<CancellationTokenRegistration>(deadline.Token().Register([weak] {
    if (auto self = weak.lock()) self->AbortAll();
  }));
  Then(all_closed_.Task(), [deadline, registration](const Task<>&) mutable {
    registration->Dispose();
    deadline.Dispose();
  });
  return all_closed_.Task();
}

}  // namespace detail
}  // namespace web
}  // namespace async
