// async/http/http_response_message.h: HttpResponseMessage and HttpContent.
#pragma once

#include <memory>
#include <string>

#include <async/cancellation.h>
#include <async/http/http_headers.h>
#include <async/http/http_status_code.h>
#include <async/task.h>

namespace async {
namespace http {

// System.Net.Http.HttpContent for a received body. HttpClient::GetAsync
// reads the whole body before its task completes (.NET's default,
// HttpCompletionOption.ResponseContentRead), so reading it again never
// touches the network. A shared handle.
class HttpContent {
 public:
  HttpContent();
  HttpContent(std::string body, HttpContentHeaders headers);

  // ReadAsStringAsync(ct): the body (bytes as received; no charset decoding).
  // A canceled token gives a canceled task, as in .NET.
  Task<std::string> ReadAsStringAsync(CancellationToken ct = {}) const;
  // Convenience (not in .NET): the body without a task.
  const std::string& ReadAsString() const noexcept;
  const HttpContentHeaders& Headers() const noexcept;

 private:
  struct Data;
  std::shared_ptr<const Data> data_;
};

// System.Net.Http.HttpResponseMessage (a shared handle; copies share it).
class HttpResponseMessage {
 public:
  HttpResponseMessage();
  HttpResponseMessage(HttpStatusCode status, std::string reasonPhrase, int versionMajor,
                      int versionMinor, HttpResponseHeaders headers, HttpContent content);

  HttpStatusCode StatusCode() const noexcept;
  const std::string& ReasonPhrase() const noexcept;
  // True for 200..299.
  bool IsSuccessStatusCode() const noexcept;
  // Throws HttpRequestException (StatusCode() set) unless IsSuccessStatusCode;
  // .NET's message: "Response status code does not indicate success: 404 (Not Found)."
  const HttpResponseMessage& EnsureSuccessStatusCode() const;
  const HttpResponseHeaders& Headers() const noexcept;
  const HttpContent& Content() const noexcept;
  // "1.1", "1.0"
  std::string Version() const;

 private:
  struct Data;
  std::shared_ptr<const Data> data_;
};

}  // namespace http
}  // namespace async
