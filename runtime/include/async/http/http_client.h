// async/http/http_client.h: System.Net.Http.HttpClient (HTTP/1.1, http:// only).
//
//   async::http::HttpClient client;
//   auto response = co_await client.GetAsync("http://127.0.0.1:8080/hello", ct);
//   response.EnsureSuccessStatusCode();
//   std::string body = co_await response.Content().ReadAsStringAsync();
//   auto created = co_await client.PostAsync(url, async::http::StringContent("{}", "application/json"));
//
// Hosts: IPv4 literals, bracketed IPv6 literals ("http://[::1]:8080/") and
// "localhost" (127.0.0.1, then ::1 if that is refused); no DNS, no TLS
// (https:// is NotSupported, as an HttpRequestException). Responses are
// parsed by http_parser (Content-Length, chunked, and read-to-close bodies).
//
// Connections: kept alive and reused per host:port (a pool of idle
// connections, at most MaxIdleConnectionsPerServer each). A request that
// fails on a reused connection before any byte of the response arrived
// (the server closed the idle connection) is retried once on a new
// connection, as SocketsHttpHandler does.
//
// Timeout (default 100 s, like .NET) and cancellation: the whole request,
// body included, is canceled when the token is canceled or the timeout
// elapses: the task is canceled with TaskCanceledException (carrying the
// caller's token when that one was canceled; for the timeout the message
// names HttpClient.Timeout, as .NET's does) and the connection is closed.
//
// Errors: HttpRequestException (InnerException(): the SocketException),
// e.g. connection refused, a response that does not parse, a connection
// closed before the response was complete. ArgumentException for an
// invalid URL (thrown by GetAsync itself, as .NET's Uri constructor does).
//
// HttpClient is a shared handle (copies share the pool). Requests in flight
// keep the pool alive; Dispose() closes the idle connections and makes
// later requests throw ObjectDisposedException.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <async/cancellation.h>
#include <async/http/http_content.h>
#include <async/http/http_headers.h>
#include <async/http/http_request_message.h>
#include <async/http/http_request_exception.h>
#include <async/http/http_response_message.h>
#include <async/http/http_status_code.h>
#include <async/task.h>
#include <async/value_task.h>

namespace async {
namespace http {

class HttpClient {
 public:
  // System.Threading.Timeout.InfiniteTimeSpan: no timeout.
  static constexpr std::chrono::milliseconds InfiniteTimeout{-1};

  HttpClient();

  // SendAsync(request, ct): sends the request (method, URL, its headers
  // after DefaultRequestHeaders, and its content, if any, with the
  // content's headers and a Content-Length) and reads the whole response.
  Task<HttpResponseMessage> SendAsync(const HttpRequestMessage& request,
                                      CancellationToken ct = {}) const;
  // GetAsync(url, ct): sends GET and reads the whole response.
  Task<HttpResponseMessage> GetAsync(std::string_view url, CancellationToken ct = {}) const;
  // PostAsync / PutAsync / PatchAsync(url, content, ct): the method with a body.
  Task<HttpResponseMessage> PostAsync(std::string_view url, HttpContent content,
                                      CancellationToken ct = {}) const;
  Task<HttpResponseMessage> PutAsync(std::string_view url, HttpContent content,
                                     CancellationToken ct = {}) const;
  Task<HttpResponseMessage> PatchAsync(std::string_view url, HttpContent content,
                                       CancellationToken ct = {}) const;
  // DeleteAsync(url, ct): DELETE without a body.
  Task<HttpResponseMessage> DeleteAsync(std::string_view url, CancellationToken ct = {}) const;
  // GetStringAsync(url, ct): the body; HttpRequestException (with
  // StatusCode) for a non-success status, as .NET.
  Task<std::string> GetStringAsync(std::string_view url, CancellationToken ct = {}) const;
  // GetByteArrayAsync(url, ct): the same, as bytes.
  Task<std::vector<std::uint8_t>> GetByteArrayAsync(std::string_view url,
                                                    CancellationToken ct = {}) const;

  // .NET's HttpClientJsonExtensions, defined in <async/http/json.h>
  // (nlohmann-json), which a caller must include:
  // GetFromJsonAsync<T>(url, ct): GET, HttpRequestException for a
  // non-success status, the body as T.
  template <class T>
  Task<T> GetFromJsonAsync(std::string_view url, CancellationToken ct = {}) const;
  // PostAsJsonAsync / PutAsJsonAsync(url, value, ct): the value serialized
  // as JSON (Content-Type: application/json; charset=utf-8).
  template <class T>
  Task<HttpResponseMessage> PostAsJsonAsync(std::string_view url, const T& value,
                                            CancellationToken ct = {}) const;
  template <class T>
  Task<HttpResponseMessage> PutAsJsonAsync(std::string_view url, const T& value,
                                           CancellationToken ct = {}) const;

  // Timeout (default 100 s). ArgumentOutOfRangeException unless > 0 or InfiniteTimeout.
  std::chrono::milliseconds Timeout() const noexcept;
  void SetTimeout(std::chrono::milliseconds timeout) const;
  // Idle connections kept per host:port (default 16; 0 disables reuse).
  std::size_t MaxIdleConnectionsPerServer() const noexcept;
  void SetMaxIdleConnectionsPerServer(std::size_t n) const;
  // MaxResponseContentBufferSize (default 2 GiB as in .NET): larger bodies
  // fail with HttpRequestException (ConfigurationLimitExceeded).
  std::size_t MaxResponseContentBufferSize() const noexcept;
  void SetMaxResponseContentBufferSize(std::size_t bytes) const;
  // Request headers sent with every request (besides Host).
  HttpHeaders& DefaultRequestHeaders() const noexcept;

  // Idle connections currently pooled (all servers); for tests and diagnostics.
  std::size_t IdleConnectionCount() const;
  // Closes the idle connections; later requests throw ObjectDisposedException.
  void Dispose() const noexcept;
  // IAsyncDisposable: Dispose(); completes at once.
  ValueTask<> DisposeAsync() const noexcept {
    Dispose();
    return ValueTask<>();
  }

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace http
}  // namespace async
