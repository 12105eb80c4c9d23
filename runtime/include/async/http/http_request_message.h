// async/http/http_request_message.h: HttpMethod and HttpRequestMessage, what
// HttpClient::SendAsync sends.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include <async/http/http_headers.h>
#include <async/http/http_response_message.h>

namespace async {
namespace http {

// System.Net.Http.HttpMethod: the request method (a token, compared
// case-sensitively as in .NET).
class HttpMethod {
 public:
  explicit HttpMethod(std::string method);
  static HttpMethod Get() { return HttpMethod("GET"); }
  static HttpMethod Post() { return HttpMethod("POST"); }
  static HttpMethod Put() { return HttpMethod("PUT"); }
  static HttpMethod Delete() { return HttpMethod("DELETE"); }
  static HttpMethod Patch() { return HttpMethod("PATCH"); }
  static HttpMethod Head() { return HttpMethod("HEAD"); }
  static HttpMethod Options() { return HttpMethod("OPTIONS"); }
  const std::string& Method() const noexcept { return method_; }
  friend bool operator==(const HttpMethod& a, const HttpMethod& b) noexcept { return a.method_ == b.method_; }
  friend bool operator!=(const HttpMethod& a, const HttpMethod& b) noexcept { return !(a == b); }

 private:
  std::string method_;
};

// System.Net.Http.HttpRequestMessage: method, absolute URL, request headers
// (sent after HttpClient's DefaultRequestHeaders) and an optional body. A
// value: HttpClient copies what it sends, so a message can be sent again.
class HttpRequestMessage {
 public:
  HttpRequestMessage() : method_(HttpMethod::Get()) {}
  HttpRequestMessage(HttpMethod method, std::string requestUri)
      : method_(std::move(method)), uri_(std::move(requestUri)) {}

  const HttpMethod& Method() const noexcept { return method_; }
  void SetMethod(HttpMethod method) { method_ = std::move(method); }
  const std::string& RequestUri() const noexcept { return uri_; }
  void SetRequestUri(std::string uri) { uri_ = std::move(uri); }
  // Request headers (not Content-*: those belong to the content).
  HttpHeaders& Headers() noexcept { return headers_; }
  const HttpHeaders& Headers() const noexcept { return headers_; }
  // The body, or nullopt (no body).
  const std::optional<HttpContent>& Content() const noexcept { return content_; }
  void SetContent(HttpContent content) { content_ = std::move(content); }

 private:
  HttpMethod method_;
  std::string uri_;
  HttpHeaders headers_;
  std::optional<HttpContent> content_;
};

}  // namespace http
}  // namespace async
