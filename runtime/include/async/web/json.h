// async/web/json.h: JSON for async::web on nlohmann-json (Debian:
// nlohmann-json3-dev): Results::Json / Ok / Created with a value that
// nlohmann::json converts, and ReadFromJsonAsync<T>() of a request body.
// Only this header needs nlohmann-json.
#pragma once

#include <exception>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <nlohmann/json.hpp>

#include <async/exceptions.h>
#include <async/task.h>
#include <async/web/http_context.h>
#include <async/web/results.h>

namespace async {
namespace web {

// System.Text.Json.JsonException: the body is not JSON or does not fit T.
class JsonException : public async::detail::ExceptionWithMessage {
 public:
  JsonException() : ExceptionWithMessage("The JSON value could not be converted.") {}
  explicit JsonException(std::string message) : ExceptionWithMessage(std::move(message)) {}
};

namespace detail {
template <class T>
using EnableIfJsonValue = std::enable_if_t<!std::is_convertible_v<const T&, std::string_view>, int>;
}  // namespace detail

namespace Results {

template <class T>
IResult Json(const T& value, int statusCode = 200) {
  return RawJson(nlohmann::json(value).dump(), statusCode);
}
template <class T, detail::EnableIfJsonValue<T> = 0>
IResult Ok(const T& value) {
  return Json(value, 200);
}
template <class T, detail::EnableIfJsonValue<T> = 0>
IResult Created(std::string uri, const T& value) {
  return Json(value, 201).WithHeader("Location", std::move(uri));
}
template <class T, detail::EnableIfJsonValue<T> = 0>
IResult NotFound(const T& value) {
  return Json(value, 404);
}
template <class T, detail::EnableIfJsonValue<T> = 0>
IResult BadRequest(const T& value) {
  return Json(value, 400);
}

}  // namespace Results

// HttpRequest.ReadFromJsonAsync<T>(): the (already received) body as T;
// faults with JsonException when it is not JSON or not a T.
template <class T>
Task<T> ReadFromJsonAsync(const HttpRequest& request) {
  try {
    return FromResult<T>(nlohmann::json::parse(request.Body()).template get<T>());
  } catch (const nlohmann::json::exception& e) {
    return FromException<T>(std::make_exception_ptr(JsonException(e.what())));
  }
}

// HttpResponse.WriteAsJsonAsync(value): buffered, Content-Type set.
template <class T>
Task<> WriteAsJsonAsync(HttpResponse& response, const T& value) {
  response.SetContentType("application/json; charset=utf-8");
  response.Write(nlohmann::json(value).dump());
  return CompletedTask();
}

}  // namespace web
}  // namespace async
