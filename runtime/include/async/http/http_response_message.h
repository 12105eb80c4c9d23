// async/http/http_response_message.h: HttpResponseMessage and HttpContent.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <async/cancellation.h>
#include <async/http/http_headers.h>
#include <async/http/http_status_code.h>
#include <async/task.h>

namespace async {
namespace http {

// System.Net.Http.HttpContent: a body and its content headers (Content-*).
// A received body: HttpClient reads the whole body before its task
// completes (.NET's default, HttpCompletionOption.ResponseContentRead), so
// reading it again never touches the network. A body to send: StringContent,
// ByteArrayContent (<async/http/http_content.h>) or JsonContent
// (<async/http/json.h>). A shared handle (copies share body and headers, as
// .NET's reference).
class HttpContent {
 public:
  HttpContent();
  HttpContent(std::string body, HttpContentHeaders headers);

  // ReadAsStringAsync(ct): the body (bytes as received; no charset decoding).
  // A canceled token gives a canceled task, as in .NET.
  Task<std::string> ReadAsStringAsync(CancellationToken ct = {}) const;
  // ReadAsByteArrayAsync(ct): the body's bytes.
  Task<std::vector<std::uint8_t>> ReadAsByteArrayAsync(CancellationToken ct = {}) const;
  // ReadFromJsonAsync<T>(ct) (.NET's HttpContentJsonExtensions): the body
  // parsed as JSON and converted to T. Defined in <async/http/json.h>
  // (nlohmann-json), which a caller must include.
  template <class T>
  Task<T> ReadFromJsonAsync(CancellationToken ct = {}) const;
  // Convenience (not in .NET): the body without a task.
  const std::string& ReadAsString() const noexcept;
  const HttpContentHeaders& Headers() const noexcept;
  // Content headers of a body to send (ContentType, ...). Content-Length is
  // always computed from the body when it is sent.
  HttpContentHeaders& Headers() noexcept;

 private:
  struct Data;
  std::shared_ptr<Data> data_;
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
