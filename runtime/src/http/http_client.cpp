// HttpClient: HTTP/1.1 over async::net sockets, responses parsed by
// http_parser, a per-host:port pool of idle keep-alive connections.
//
// One request is a RequestOp: a chain of socket operations (connect, send
// all, receive until the parser reports the message complete) whose
// completions run the next step. The op is touched by one step at a time,
// so it needs no lock; only the pool (shared by every request of the
// client) is locked. Steps that complete synchronously are handled in a
// loop rather than by recursion.
#include <async/http/http_client.h>

#include <http_parser.h>

#include <cstring>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

#include <async/exceptions.h>
#include <async/net/net.h>
#include <async/task_completion_source.h>

namespace async {
namespace http {

struct HttpClient::State {
  std::mutex mutex;
  std::chrono::milliseconds timeout{std::chrono::seconds(100)};
  std::size_t max_idle_per_server = 16;
  std::size_t max_buffer = std::size_t{1} << 31;
  HttpHeaders default_headers;
  bool disposed = false;
  // host:port -> idle connections, most recently used last.
  std::unordered_map<std::string, std::vector<net::Socket>> idle;

  net::Socket TakeIdle(const std::string& key) {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = idle.find(key);
    if (it == idle.end() || it->second.empty()) return {};
    net::Socket s = std::move(it->second.back());
    it->second.pop_back();
    return s;
  }
  void ReturnIdle(const std::string& key, net::Socket s) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      auto& list = idle[key];
      if (!disposed && list.size() < max_idle_per_server) {
        list.push_back(std::move(s));
        return;
      }
    }
    s.Close();
  }
};

namespace {

constexpr std::size_t kReadBufferSize = 16 * 1024;

// Runs f(t) when t completes (on the completing thread, no context).
template <class T, class F>
void Then(const Task<T>& t, F f) {
  t.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(
      Continuation([t, f = std::move(f)]() mutable { f(t); }));
}

// Where a request goes, from its URL.
struct Target {
  std::string scheme;
  std::string host;          // as written, without brackets
  std::uint16_t port = 80;
  std::string authority;     // the Host header: "127.0.0.1:8080", "[::1]:8080"
  std::string path;          // "/path?query"
  std::vector<net::IPEndPoint> endpoints;
};

// Parses with http_parser_parse_url; ArgumentException when it is not an
// absolute http(s) URL.
Target ParseTarget(std::string_view url) {
  http_parser_url u;
  http_parser_url_init(&u);
  if (url.empty() || http_parser_parse_url(url.data(), url.size(), 0, &u) != 0 ||
      !(u.field_set & (1 << UF_SCHEMA)) || !(u.field_set & (1 << UF_HOST))) {
    throw ArgumentException("An invalid request URI was provided: '" + std::string(url) +
                            "'. Either the request URI must be an absolute URI or BaseAddress must be set.");
  }
  auto field = [&](int f) {
    return std::string(url.substr(u.field_data[f].off, u.field_data[f].len));
  };
  Target t;
  t.scheme = field(UF_SCHEMA);
  for (auto& c : t.scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  t.host = field(UF_HOST);
  if (t.scheme != "http" && t.scheme != "https") {
    throw ArgumentException("Only 'http' and 'https' schemes are allowed: '" + std::string(url) + "'.");
  }
  t.port = (u.field_set & (1 << UF_PORT)) ? u.port : (t.scheme == "https" ? 443 : 80);
  t.path = (u.field_set & (1 << UF_PATH)) ? field(UF_PATH) : "/";
  if (u.field_set & (1 << UF_QUERY)) t.path += "?" + field(UF_QUERY);
  bool v6 = t.host.find(':') != std::string::npos;
  t.authority = v6 ? "[" + t.host + "]" : t.host;
  if (t.port != 80) t.authority += ":" + std::to_string(t.port);
  return t;
}

// The endpoints to try, or an error message when the host is not a literal.
std::string Resolve(Target& t) {
  std::string lower = t.host;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "localhost") {
    t.endpoints = {net::IPEndPoint(net::IPAddress::Loopback(), t.port),
                   net::IPEndPoint(net::IPAddress::IPv6Loopback(), t.port)};
    return {};
  }
  net::IPAddress address;
  if (net::IPAddress::TryParse(t.host, address)) {
    t.endpoints = {net::IPEndPoint(address, t.port)};
    return {};
  }
  return "Name resolution is not supported by this HttpClient (use an IP literal or localhost): '" +
         t.host + "'";
}

class ResponseSource : public TaskCompletionSource<HttpResponseMessage> {
 public:
  ResponseSource() : TaskCompletionSource(TaskCreationOptions::RunContinuationsAsynchronously) {}
  // Canceled with a given exception (TaskCanceledException with .NET's timeout message).
  bool TrySetCanceledWith(std::exception_ptr e) { return this->State().TryCompleteCanceled(std::move(e)); }
};

// Methods whose request always carries a Content-Length (0 without a
// body), as .NET sends them.
bool ExpectsBody(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH";
}

class RequestOp : public std::enable_shared_from_this<RequestOp> {
 public:
  RequestOp(std::shared_ptr<HttpClient::State> client, Target target, const HttpRequestMessage& request,
            CancellationToken ct)
      : client_(std::move(client)), target_(std::move(target)), user_ct_(std::move(ct)) {
    key_ = target_.host + "|" + std::to_string(target_.port);
    const std::string& method = request.Method().Method();
    head_only_ = method == "HEAD";
    // Request line, Host, the client's default headers, the request's
    // headers, the content's headers with a computed Content-Length, body.
    std::string tail = request.Headers().ToString();
    const std::optional<HttpContent>& content = request.Content();
    if (content) {
      HttpContentHeaders headers = content->Headers();
      headers.Remove("Content-Length");
      tail += headers.ToString();
      tail += "Content-Length: " + std::to_string(content->ReadAsString().size()) + "\r\n";
    } else if (ExpectsBody(method)) {
      tail += "Content-Length: 0\r\n";
    }
    tail += "\r\n";
    if (content) tail += content->ReadAsString();
    std::chrono::milliseconds timeout;
    {
      std::lock_guard<std::mutex> lock(client_->mutex);
      timeout = client_->timeout;
      max_buffer_ = client_->max_buffer;
      request_ = method + " " + target_.path + " HTTP/1.1\r\nHost: " + target_.authority + "\r\n" +
                 client_->default_headers.ToString() + tail;
    }
    cts_ = user_ct_.CanBeCanceled() ? CancellationTokenSource::CreateLinkedTokenSource(user_ct_)
                                    : CancellationTokenSource();
    timeout_ = timeout;
    if (timeout != HttpClient::InfiniteTimeout) cts_.CancelAfter(timeout);
    token_ = cts_.Token();
    buffer_.resize(kReadBufferSize);
    settings_.on_message_begin = &RequestOp::OnMessageBegin;
    settings_.on_status = &RequestOp::OnStatus;
    settings_.on_header_field = &RequestOp::OnHeaderField;
    settings_.on_header_value = &RequestOp::OnHeaderValue;
    settings_.on_headers_complete = &RequestOp::OnHeadersComplete;
    settings_.on_body = &RequestOp::OnBody;
    settings_.on_message_complete = &RequestOp::OnMessageComplete;
  }

  async::Task<HttpResponseMessage> ResultTask() { return tcs_.Task(); }

  void Start() {
    if (token_.IsCancellationRequested()) return FailCanceled();
    socket_ = client_->TakeIdle(key_);
    if (socket_.IsValid()) {
      reused_ = true;
      return Send();
    }
    Connect();
  }

 private:
  // --- connect ---
  void Connect() {
    reused_ = false;
    const net::IPEndPoint& ep = target_.endpoints[endpoint_index_];
    try {
      socket_ = net::Socket(ep.AddressFamily());
    } catch (...) {
      return Fail(ConnectError(std::current_exception()));
    }
    auto self = shared_from_this();
    Then(socket_.ConnectAsync(ep, token_), [self](const async::Task<>& t) { self->OnConnected(t); });
  }

  void OnConnected(const async::Task<>& t) {
    if (t.IsCompletedSuccessfully()) {
      try {
        socket_.SetNoDelay(true);
      } catch (...) {
      }
      return Send();
    }
    socket_.Close();
    if (t.IsCanceled() || token_.IsCancellationRequested()) return FailCanceled();
    std::exception_ptr e = ErrorOf(t);
    bool refused = false;
    try {
      std::rethrow_exception(e);
    } catch (const net::SocketException& se) {
      refused = se.SocketErrorCode() == net::SocketError::ConnectionRefused ||
                se.SocketErrorCode() == net::SocketError::AddressFamilyNotSupported ||
                se.SocketErrorCode() == net::SocketError::AddressNotAvailable;
    } catch (...) {
    }
    if (refused && endpoint_index_ + 1 < target_.endpoints.size()) {
      ++endpoint_index_;
      return Connect();
    }
    Fail(ConnectError(e));
  }

  std::exception_ptr ConnectError(std::exception_ptr inner) const {
    std::string what = "connection failed";
    try {
      std::rethrow_exception(inner);
    } catch (const std::exception& ex) {
      what = ex.what();
    } catch (...) {
    }
    return std::make_exception_ptr(HttpRequestException(
        what + " (" + target_.authority + (target_.port == 80 ? ":80" : "") + ")", inner, std::nullopt,
        HttpRequestError::ConnectionError));
  }

  // --- send ---
  void Send() {
    ResetResponse();
    auto self = shared_from_this();
    Then(socket_.SendAllAsync(request_.data(), request_.size(), token_),
         [self](const async::Task<>& t) { self->OnSent(t); });
  }

  void OnSent(const async::Task<>& t) {
    if (t.IsCompletedSuccessfully()) return Receive();
    if (t.IsCanceled() || token_.IsCancellationRequested()) return FailCanceled();
    if (reused_ && !retried_) return Retry();
    socket_.Close();
    Fail(std::make_exception_ptr(HttpRequestException("An error occurred while sending the request.",
                                                      ErrorOf(t), std::nullopt,
                                                      HttpRequestError::Unknown)));
  }

  // --- receive ---
  void Receive() {
    for (;;) {
      async::Task<std::size_t> t = socket_.ReceiveAsync(buffer_.data(), buffer_.size(), token_);
      if (!t.IsCompleted()) {
        auto self = shared_from_this();
        Then(t, [self](const async::Task<std::size_t>& done) {
          if (self->OnReceived(done)) self->Receive();
        });
        return;
      }
      if (!OnReceived(t)) return;
    }
  }

  // True when more bytes are needed.
  bool OnReceived(const async::Task<std::size_t>& t) {
    if (!t.IsCompletedSuccessfully()) {
      if (t.IsCanceled() || token_.IsCancellationRequested()) {
        FailCanceled();
        return false;
      }
      if (reused_ && !received_any_ && !retried_) {
        Retry();
        return false;
      }
      socket_.Close();
      Fail(std::make_exception_ptr(HttpRequestException(
          "An error occurred while sending the request.", ErrorOf(t), std::nullopt,
          received_any_ ? HttpRequestError::ResponseEnded : HttpRequestError::Unknown)));
      return false;
    }
    std::size_t n = t.Result();
    if (n == 0) {
      // End of stream: ends a read-to-close body, else the response is cut short.
      http_parser_execute(&parser_, &settings_, nullptr, 0);
      if (complete_) {
        Complete(false);
        return false;
      }
      if (reused_ && !received_any_ && !retried_) {
        Retry();
        return false;
      }
      socket_.Close();
      Fail(std::make_exception_ptr(HttpRequestException("The response ended prematurely.", nullptr,
                                                        std::nullopt, HttpRequestError::ResponseEnded)));
      return false;
    }
    received_any_ = true;
    std::size_t parsed = http_parser_execute(&parser_, &settings_, buffer_.data(), n);
    auto err = static_cast<http_errno>(parser_.http_errno);
    if (limit_exceeded_) {
      socket_.Close();
      Fail(std::make_exception_ptr(HttpRequestException(
          "Cannot write more bytes to the buffer than the configured maximum buffer size: " +
              std::to_string(max_buffer_) + ".",
          nullptr, std::nullopt, HttpRequestError::ConfigurationLimitExceeded)));
      return false;
    }
    if (complete_) {
      // Bytes after the response (a second message, garbage): not reusable.
      Complete(err == HPE_OK && parsed == n && http_should_keep_alive(&parser_) != 0);
      return false;
    }
    if (err != HPE_OK) {
      socket_.Close();
      Fail(std::make_exception_ptr(HttpRequestException(
          std::string("The server returned an invalid or unrecognized response: ") +
              http_errno_description(err) + " (" + http_errno_name(err) + ").",
          nullptr, std::nullopt, HttpRequestError::InvalidResponse)));
      return false;
    }
    return true;
  }

  // --- endings ---
  void Retry() {
    socket_.Close();
    retried_ = true;
    endpoint_index_ = 0;
    Connect();
  }

  void Complete(bool keepAlive) {
    HttpResponseMessage message(static_cast<HttpStatusCode>(status_), std::move(reason_),
                                parser_.http_major, parser_.http_minor, std::move(headers_),
                                HttpContent(std::move(body_), std::move(content_headers_)));
    if (keepAlive && !message.Headers().ConnectionClose()) {
      client_->ReturnIdle(key_, std::move(socket_));
    } else {
      socket_.Close();
    }
    socket_ = net::Socket();
    cts_.Dispose();
    tcs_.TrySetResult(std::move(message));
  }

  void FailCanceled() {
    if (socket_.IsValid()) socket_.Close();
    cts_.Dispose();
    if (user_ct_.IsCancellationRequested()) {
      tcs_.TrySetCanceled(user_ct_);
      return;
    }
    // The timeout: .NET's message (its InnerException is a TimeoutException).
    auto seconds = std::chrono::duration<double>(timeout_).count();
    char text[64];
    std::snprintf(text, sizeof text, "%g", seconds);
    tcs_.TrySetCanceledWith(std::make_exception_ptr(TaskCanceledException(
        std::string("The request was canceled due to the configured HttpClient.Timeout of ") + text +
            " seconds elapsing.",
        token_)));
  }

  void Fail(std::exception_ptr e) {
    cts_.Dispose();
    tcs_.TrySetException(std::move(e));
  }

  // The failed task's exception, as a copy of its own for the known types:
  // the socket task (and its exception object) is released on this pool
  // thread while the caller reads the HttpRequestException's inner
  // exception on another, and the refcount of a shared exception object
  // lives in libstdc++, which ThreadSanitizer does not see.
  template <class T>
  static std::exception_ptr ErrorOf(const async::Task<T>& t) {
    try {
      t.GetAwaiter().GetResult();
    } catch (const net::SocketException& e) {
      return std::make_exception_ptr(e);
    } catch (const ObjectDisposedException& e) {
      return std::make_exception_ptr(e);
    } catch (...) {
      return std::current_exception();
    }
    return std::make_exception_ptr(InvalidOperationException("The operation did not fail."));
  }

  // --- parsing ---
  void ResetResponse() {
    http_parser_init(&parser_, HTTP_RESPONSE);
    parser_.data = this;
    received_any_ = false;
    complete_ = false;
    limit_exceeded_ = false;
    last_was_value_ = false;
    status_ = 0;
    reason_.clear();
    field_.clear();
    value_.clear();
    headers_ = HttpResponseHeaders();
    content_headers_ = HttpContentHeaders();
    body_.clear();
  }

  // False for a field HttpHeaders rejects (the parser is then stopped: no
  // exception may cross http_parser's C frames).
  bool FlushHeader() noexcept {
    if (field_.empty()) return true;
    try {
      if (HttpContentHeaders::IsContentHeader(field_)) {
        content_headers_.Add(std::move(field_), std::move(value_));
      } else {
        headers_.Add(std::move(field_), std::move(value_));
      }
    } catch (...) {
      return false;
    }
    field_.clear();
    value_.clear();
    return true;
  }

  static RequestOp& Of(http_parser* p) { return *static_cast<RequestOp*>(p->data); }

  static int OnMessageBegin(http_parser* p) noexcept {
    // A second message on this connection: stop (the caller closes it).
    return Of(p).complete_ ? 1 : 0;
  }
  // The callbacks return non-zero to stop the parser (an error); none lets
  // an exception (bad_alloc) cross http_parser's C frames.
  static int OnStatus(http_parser* p, const char* at, std::size_t len) noexcept {
    try {
      Of(p).reason_.append(at, len);
    } catch (...) {
      return 1;
    }
    return 0;
  }
  static int OnHeaderField(http_parser* p, const char* at, std::size_t len) noexcept {
    RequestOp& op = Of(p);
    if (op.last_was_value_) {
      if (!op.FlushHeader()) return 1;
      op.last_was_value_ = false;
    }
    try {
      op.field_.append(at, len);
    } catch (...) {
      return 1;
    }
    return 0;
  }
  static int OnHeaderValue(http_parser* p, const char* at, std::size_t len) noexcept {
    RequestOp& op = Of(p);
    op.last_was_value_ = true;
    try {
      op.value_.append(at, len);
    } catch (...) {
      return 1;
    }
    return 0;
  }
  static int OnHeadersComplete(http_parser* p) noexcept {
    RequestOp& op = Of(p);
    if (!op.FlushHeader()) return -1;  // an error (1 and 2 mean "no body")
    op.status_ = static_cast<int>(p->status_code);
    // 1xx interim responses are not supported: the request sends no
    // Expect header, so a server sends none. A response to HEAD has no
    // body whatever its Content-Length says: 1 tells http_parser so.
    return op.head_only_ ? 1 : 0;
  }
  static int OnBody(http_parser* p, const char* at, std::size_t len) noexcept {
    RequestOp& op = Of(p);
    if (op.body_.size() + len > op.max_buffer_) {
      op.limit_exceeded_ = true;
      return 1;
    }
    try {
      op.body_.append(at, len);
    } catch (...) {
      return 1;
    }
    return 0;
  }
  static int OnMessageComplete(http_parser* p) noexcept {
    Of(p).complete_ = true;
    return 0;
  }

  std::shared_ptr<HttpClient::State> client_;
  Target target_;
  std::string key_;
  CancellationToken user_ct_;
  CancellationTokenSource cts_;
  CancellationToken token_;
  std::chrono::milliseconds timeout_{};
  ResponseSource tcs_;
  std::string request_;
  std::size_t max_buffer_ = 0;
  net::Socket socket_;
  bool head_only_ = false;
  bool reused_ = false;
  bool retried_ = false;
  std::size_t endpoint_index_ = 0;
  std::vector<char> buffer_;

  http_parser_settings settings_{};
  http_parser parser_{};
  bool received_any_ = false;
  bool complete_ = false;
  bool limit_exceeded_ = false;
  bool last_was_value_ = false;
  int status_ = 0;
  std::string reason_;
  std::string field_;
  std::string value_;
  HttpResponseHeaders headers_;
  HttpContentHeaders content_headers_;
  std::string body_;
};

}  // namespace

HttpClient::HttpClient() : state_(std::make_shared<State>()) {}

Task<HttpResponseMessage> HttpClient::GetAsync(std::string_view url, CancellationToken ct) const {
  return SendAsync(HttpRequestMessage(HttpMethod::Get(), std::string(url)), std::move(ct));
}

Task<HttpResponseMessage> HttpClient::PostAsync(std::string_view url, HttpContent content,
                                                CancellationToken ct) const {
  HttpRequestMessage request(HttpMethod::Post(), std::string(url));
  request.SetContent(std::move(content));
  return SendAsync(request, std::move(ct));
}

Task<HttpResponseMessage> HttpClient::PutAsync(std::string_view url, HttpContent content,
                                               CancellationToken ct) const {
  HttpRequestMessage request(HttpMethod::Put(), std::string(url));
  request.SetContent(std::move(content));
  return SendAsync(request, std::move(ct));
}

Task<HttpResponseMessage> HttpClient::PatchAsync(std::string_view url, HttpContent content,
                                                 CancellationToken ct) const {
  HttpRequestMessage request(HttpMethod::Patch(), std::string(url));
  request.SetContent(std::move(content));
  return SendAsync(request, std::move(ct));
}

Task<HttpResponseMessage> HttpClient::DeleteAsync(std::string_view url, CancellationToken ct) const {
  return SendAsync(HttpRequestMessage(HttpMethod::Delete(), std::string(url)), std::move(ct));
}

Task<HttpResponseMessage> HttpClient::SendAsync(const HttpRequestMessage& request,
                                                CancellationToken ct) const {
  std::string_view url = request.RequestUri();
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    if (state_->disposed)
      throw ObjectDisposedException("Cannot access a disposed object. Object name: 'System.Net.Http.HttpClient'.");
  }
  Target target = ParseTarget(url);  // ArgumentException, thrown here
  if (target.scheme == "https") {
    return FromException<HttpResponseMessage>(std::make_exception_ptr(HttpRequestException(
        "The 'https' scheme is not supported: this HttpClient has no TLS.", nullptr, std::nullopt,
        HttpRequestError::SecureConnectionError)));
  }
  std::string unresolved = Resolve(target);
  if (!unresolved.empty()) {
    return FromException<HttpResponseMessage>(std::make_exception_ptr(HttpRequestException(
        unresolved, nullptr, std::nullopt, HttpRequestError::NameResolutionError)));
  }
  auto op = std::make_shared<RequestOp>(state_, std::move(target), request, std::move(ct));
  Task<HttpResponseMessage> task = op->ResultTask();
  op->Start();
  return task;
}

namespace {
// GET, then the successful response's body converted by `body`.
template <class R, class F>
Task<R> GetBodyAsync(const HttpClient& client, std::string_view url, CancellationToken ct, F body) {
  Task<HttpResponseMessage> get = client.GetAsync(url, std::move(ct));
  TaskCompletionSource<R> tcs(TaskCreationOptions::RunContinuationsAsynchronously);
  Task<R> result = tcs.Task();
  Then(get, [tcs, body](const Task<HttpResponseMessage>& t) mutable {
    try {
      const HttpResponseMessage& response = t.GetAwaiter().GetResult();
      response.EnsureSuccessStatusCode();
      tcs.TrySetResult(body(response.Content().ReadAsString()));
    } catch (const OperationCanceledException& e) {
      tcs.TrySetCanceled(e.CancellationToken());
    } catch (...) {
      tcs.TrySetException(std::current_exception());
    }
  });
  return result;
}
}  // namespace

Task<std::string> HttpClient::GetStringAsync(std::string_view url, CancellationToken ct) const {
  return GetBodyAsync<std::string>(*this, url, std::move(ct), [](const std::string& b) { return b; });
}

Task<std::vector<std::uint8_t>> HttpClient::GetByteArrayAsync(std::string_view url,
                                                              CancellationToken ct) const {
  return GetBodyAsync<std::vector<std::uint8_t>>(*this, url, std::move(ct), [](const std::string& b) {
    return std::vector<std::uint8_t>(b.begin(), b.end());
  });
}

std::chrono::milliseconds HttpClient::Timeout() const noexcept {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->timeout;
}

void HttpClient::SetTimeout(std::chrono::milliseconds timeout) const {
  if (timeout <= std::chrono::milliseconds::zero() && timeout != InfiniteTimeout)
    throw ArgumentOutOfRangeException("Timeout: the value must be greater than zero or InfiniteTimeout.");
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->timeout = timeout;
}

std::size_t HttpClient::MaxIdleConnectionsPerServer() const noexcept {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->max_idle_per_server;
}

void HttpClient::SetMaxIdleConnectionsPerServer(std::size_t n) const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->max_idle_per_server = n;
}

std::size_t HttpClient::MaxResponseContentBufferSize() const noexcept {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->max_buffer;
}

void HttpClient::SetMaxResponseContentBufferSize(std::size_t bytes) const {
  if (bytes == 0) throw ArgumentOutOfRangeException("MaxResponseContentBufferSize: the value must be greater than zero.");
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->max_buffer = bytes;
}

HttpHeaders& HttpClient::DefaultRequestHeaders() const noexcept { return state_->default_headers; }

std::size_t HttpClient::IdleConnectionCount() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  std::size_t n = 0;
  for (const auto& entry : state_->idle) n += entry.second.size();
  return n;
}

void HttpClient::Dispose() const noexcept {
  std::unordered_map<std::string, std::vector<net::Socket>> idle;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->disposed = true;
    idle.swap(state_->idle);
  }
  for (auto& entry : idle) {
    for (auto& s : entry.second) s.Close();
  }
}

}  // namespace http
}  // namespace async
