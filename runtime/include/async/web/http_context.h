// async/web/http_context.h: ASP.NET Core's HttpContext, HttpRequest,
// HttpResponse and IHeaderDictionary for async::web (docs/runtime.md,
// "Web applications").
//
// One HttpContext per request, owned by the server until the request's
// pipeline task completes: handlers take it by reference and must not keep
// it after that. The request body is read whole before the pipeline runs
// (up to the server's MaxRequestBodySize), so Body() is a string rather
// than .NET's Stream. The response is buffered (Write/Results) and sent
// with a Content-Length when the pipeline completes, unless the handler
// streams it with WriteAsync: then the headers go out with the first write
// and the body is sent chunked (or as is when ContentLength was set).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <async/cancellation.h>
#include <async/task.h>

namespace async {
namespace web {

// IHeaderDictionary: names compare case-insensitively; a name may repeat.
class HeaderDictionary {
 public:
  using Entry = std::pair<std::string, std::string>;

  // The values of `name` joined with ", " (StringValues.ToString()); empty
  // when absent.
  std::string Get(std::string_view name) const;
  bool ContainsKey(std::string_view name) const;
  // headers[name] = value: replaces every value of `name`.
  void Set(std::string_view name, std::string value);
  void Append(std::string_view name, std::string value);
  bool Remove(std::string_view name);
  std::size_t Count() const noexcept { return entries_.size(); }
  void Clear() noexcept { entries_.clear(); }
  std::vector<Entry>::const_iterator begin() const noexcept { return entries_.begin(); }
  std::vector<Entry>::const_iterator end() const noexcept { return entries_.end(); }

 private:
  std::vector<Entry> entries_;
};

class HttpRequest {
 public:
  const std::string& Method() const noexcept { return method_; }
  // The path, percent-decoded ("/api/users/7"), without the query.
  const std::string& Path() const noexcept { return path_; }
  // "?a=1&b=2" as sent, or empty.
  const std::string& QueryString() const noexcept { return query_string_; }
  // The first value of a query parameter, percent-decoded ('+' is a space);
  // empty when absent.
  std::string Query(std::string_view name) const;
  const std::string& Protocol() const noexcept { return protocol_; }
  std::string Scheme() const { return "http"; }
  std::string Host() const { return headers_.Get("Host"); }
  HeaderDictionary& Headers() noexcept { return headers_; }
  const HeaderDictionary& Headers() const noexcept { return headers_; }
  std::string ContentType() const { return headers_.Get("Content-Type"); }
  std::optional<std::uint64_t> ContentLength() const noexcept { return content_length_; }
  // The whole body (Content-Length or chunked, de-chunked).
  const std::string& Body() const noexcept { return body_; }
  // Route values of the matched endpoint ({id} in "/api/users/{id}").
  const std::map<std::string, std::string>& RouteValues() const noexcept { return route_values_; }
  std::string RouteValue(const std::string& name) const {
    auto it = route_values_.find(name);
    return it == route_values_.end() ? std::string() : it->second;
  }

 private:
  friend class ServerAccess;
  std::string method_;
  std::string path_;
  std::string query_string_;
  std::string protocol_ = "HTTP/1.1";
  HeaderDictionary headers_;
  std::optional<std::uint64_t> content_length_;
  std::string body_;
  std::map<std::string, std::string> route_values_;
};

class HttpContext;

class HttpResponse {
 public:
  int StatusCode() const noexcept { return status_code_; }
  // InvalidOperationException once the response has started.
  void SetStatusCode(int statusCode);
  HeaderDictionary& Headers() noexcept { return headers_; }
  const HeaderDictionary& Headers() const noexcept { return headers_; }
  std::string ContentType() const { return headers_.Get("Content-Type"); }
  void SetContentType(std::string contentType) { headers_.Set("Content-Type", std::move(contentType)); }
  std::optional<std::uint64_t> ContentLength() const noexcept { return content_length_; }
  void SetContentLength(std::optional<std::uint64_t> length) { content_length_ = length; }
  // True once the headers were sent (the first WriteAsync).
  bool HasStarted() const noexcept { return started_; }

  // Appends to the buffered body (sent when the pipeline completes).
  // After the response has started, use WriteAsync.
  void Write(std::string_view text);
  // Sends the headers (first call) and `text` now: chunked unless
  // ContentLength was set. Faults with OperationCanceledException when the
  // client has gone (RequestAborted) and IOException-like SocketException
  // on a send error.
  Task<> WriteAsync(std::string_view text, CancellationToken ct = {});
  // The buffered body (not what was already streamed).
  const std::string& BufferedBody() const noexcept { return body_; }
  // Drops the buffered body and headers and resets the status to 200
  // (before the response has started), as the server does before a 500.
  void Clear();

 private:
  friend class ServerAccess;
  friend class HttpContext;
  HttpContext* context_ = nullptr;
  int status_code_ = 200;
  HeaderDictionary headers_;
  std::optional<std::uint64_t> content_length_;
  std::string body_;
  bool started_ = false;
  bool chunked_ = false;
};

// The connection's side of a request (the server implements it).
class IHttpResponseSink {
 public:
  virtual ~IHttpResponseSink() = default;
  // Sends the head (when not yet sent) and `body` (one chunk when chunked).
  virtual Task<> SendAsync(HttpResponse& response, std::string_view body, CancellationToken ct) = 0;
};

class HttpContext {
 public:
  HttpContext() { response_.context_ = this; }
  HttpContext(const HttpContext&) = delete;
  HttpContext& operator=(const HttpContext&) = delete;

  HttpRequest& Request() noexcept { return request_; }
  HttpResponse& Response() noexcept { return response_; }
  // "<connection id>:<request number, 8 hex digits>", as Kestrel.
  const std::string& TraceIdentifier() const noexcept { return trace_identifier_; }
  void SetTraceIdentifier(std::string id) { trace_identifier_ = std::move(id); }
  // Canceled when the client goes away (or the server aborts the request
  // at the end of a graceful shutdown).
  CancellationToken RequestAborted() const { return request_aborted_; }
  // Per-request state for middleware (HttpContext.Items, string values).
  std::map<std::string, std::string>& Items() noexcept { return items_; }
  // Closes the connection after this request (HttpContext.Abort aborts at
  // once; here the response in progress still goes out, then the close).
  void Abort() noexcept { abort_requested_ = true; }
  bool AbortRequested() const noexcept { return abort_requested_; }

 private:
  friend class ServerAccess;
  friend class HttpResponse;
  HttpRequest request_;
  HttpResponse response_;
  std::string trace_identifier_;
  CancellationToken request_aborted_;
  std::map<std::string, std::string> items_;
  IHttpResponseSink* sink_ = nullptr;
  bool abort_requested_ = false;
};

}  // namespace web
}  // namespace async
