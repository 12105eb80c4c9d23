// async/web/results.h: IResult and the Results factory of ASP.NET Core's
// minimal APIs (Microsoft.AspNetCore.Http.Results). JSON results are in
// <async/web/json.h> (nlohmann-json).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <async/task.h>
#include <async/web/http_context.h>

namespace async {
namespace web {

// What an endpoint returns: a status, headers and a body, written to the
// response by ExecuteAsync. A value type (.NET: the IResult interface and
// its implementations). A default IResult writes nothing: the handler has
// written the response itself.
class IResult {
 public:
  IResult() = default;
  IResult(int statusCode, std::string contentType, std::string body)
      : status_code_(statusCode), content_type_(std::move(contentType)), body_(std::move(body)), empty_(false) {}

  int StatusCode() const noexcept { return status_code_; }
  const std::string& ContentType() const noexcept { return content_type_; }
  const std::string& Body() const noexcept { return body_; }
  const std::vector<std::pair<std::string, std::string>>& Headers() const noexcept { return headers_; }
  bool IsEmpty() const noexcept { return empty_; }
  IResult& WithHeader(std::string name, std::string value) {
    headers_.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  // Sets the status, headers and body of context.Response() (buffered).
  Task<> ExecuteAsync(HttpContext& context) const;

 private:
  int status_code_ = 200;
  std::string content_type_;
  std::string body_;
  std::vector<std::pair<std::string, std::string>> headers_;
  bool empty_ = true;
};

namespace Results {

constexpr const char* kTextPlain = "text/plain; charset=utf-8";

// 200 without a body.
inline IResult Ok() { return IResult(200, "", ""); }
// 200 with a text body (JSON values: <async/web/json.h>).
inline IResult Ok(std::string_view text) { return IResult(200, kTextPlain, std::string(text)); }
inline IResult Ok(const char* text) { return Ok(std::string_view(text)); }
// 201 with Location: uri.
inline IResult Created(std::string uri) { return IResult(201, "", "").WithHeader("Location", std::move(uri)); }
inline IResult Created(std::string uri, std::string_view text) {
  return IResult(201, kTextPlain, std::string(text)).WithHeader("Location", std::move(uri));
}
inline IResult Created(std::string uri, const char* text) { return Created(std::move(uri), std::string_view(text)); }
inline IResult NoContent() { return IResult(204, "", ""); }
inline IResult BadRequest() { return IResult(400, "", ""); }
inline IResult BadRequest(std::string_view text) { return IResult(400, kTextPlain, std::string(text)); }
inline IResult BadRequest(const char* text) { return BadRequest(std::string_view(text)); }
inline IResult NotFound() { return IResult(404, "", ""); }
inline IResult NotFound(std::string_view text) { return IResult(404, kTextPlain, std::string(text)); }
inline IResult NotFound(const char* text) { return NotFound(std::string_view(text)); }
inline IResult StatusCode(int statusCode) { return IResult(statusCode, "", ""); }
inline IResult Text(std::string content, std::string contentType = kTextPlain, int statusCode = 200) {
  return IResult(statusCode, std::move(contentType), std::move(content));
}
// Content already serialized as JSON.
inline IResult RawJson(std::string json, int statusCode = 200) {
  return IResult(statusCode, "application/json; charset=utf-8", std::move(json));
}
// The empty result: the handler wrote the response itself.
inline IResult Empty() { return IResult(); }

}  // namespace Results

}  // namespace web
}  // namespace async
