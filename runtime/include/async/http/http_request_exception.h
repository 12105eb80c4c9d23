// async/http/http_request_exception.h: System.Net.Http.HttpRequestException.
#pragma once

#include <exception>
#include <optional>
#include <string>

#include <async/exceptions.h>
#include <async/http/http_status_code.h>

namespace async {
namespace http {

// System.Net.Http.HttpRequestError (.NET 8): why a request failed.
enum class HttpRequestError {
  Unknown = 0,
  NameResolutionError,   // a host this client cannot resolve (no DNS here)
  ConnectionError,       // connect failed (refused, unreachable, reset while connecting)
  SecureConnectionError,
  HttpProtocolError,     // a response that does not parse
  ExtendedConnectNotSupported,
  VersionNegotiationError,
  UserAuthenticationError,
  ProxyTunnelError,
  InvalidResponse,
  ResponseEnded,         // the connection closed before the response was complete
  ConfigurationLimitExceeded,  // e.g. a response larger than MaxResponseContentBufferSize
};

// Thrown by HttpClient for transport and protocol errors, and by
// EnsureSuccessStatusCode (with StatusCode() set). InnerException(): the
// SocketException (or other cause) when there is one.
class HttpRequestException : public async::detail::ExceptionWithMessage {
 public:
  explicit HttpRequestException(std::string message,
                                std::exception_ptr inner = nullptr,
                                std::optional<HttpStatusCode> statusCode = std::nullopt,
                                http::HttpRequestError error = http::HttpRequestError::Unknown)
      : ExceptionWithMessage(std::move(message)),
        inner_(std::move(inner)),
        status_(statusCode),
        error_(error) {}

  std::optional<HttpStatusCode> StatusCode() const noexcept { return status_; }
  http::HttpRequestError HttpRequestError() const noexcept { return error_; }
  std::exception_ptr InnerException() const noexcept { return inner_; }

 private:
  std::exception_ptr inner_;
  std::optional<HttpStatusCode> status_;
  http::HttpRequestError error_;
};

}  // namespace http
}  // namespace async
