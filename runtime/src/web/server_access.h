// The server's access to the private parts of HttpContext, HttpRequest and
// HttpResponse (they have no public setters for what the wire decides).
#pragma once

#include <string>
#include <utility>

#include <async/web/http_context.h>

namespace async {
namespace web {

class ServerAccess {
 public:
  static HttpRequest& Request(HttpContext& c) { return c.request_; }
  static void SetMethod(HttpRequest& r, std::string m) { r.method_ = std::move(m); }
  static void SetPath(HttpRequest& r, std::string p) { r.path_ = std::move(p); }
  static void SetQueryString(HttpRequest& r, std::string q) { r.query_string_ = std::move(q); }
  static void SetProtocol(HttpRequest& r, std::string p) { r.protocol_ = std::move(p); }
  static void SetContentLength(HttpRequest& r, std::optional<std::uint64_t> n) { r.content_length_ = n; }
  static std::string& Body(HttpRequest& r) { return r.body_; }
  static std::map<std::string, std::string>& RouteValues(HttpRequest& r) { return r.route_values_; }

  static void SetSink(HttpContext& c, IHttpResponseSink* sink) { c.sink_ = sink; }
  static void SetRequestAborted(HttpContext& c, CancellationToken t) { c.request_aborted_ = std::move(t); }
  static bool& Started(HttpResponse& r) { return r.started_; }
  static bool& Chunked(HttpResponse& r) { return r.chunked_; }
  static std::string& Body(HttpResponse& r) { return r.body_; }
};

}  // namespace web
}  // namespace async
