// async/http/json.h: JSON bodies for HttpClient on nlohmann-json (Debian:
// nlohmann-json3-dev), after .NET's System.Net.Http.Json:
//
//   struct Product { int id; std::string name; };
//   NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Product, id, name)
//
//   Product p = co_await client.GetFromJsonAsync<Product>(url);
//   auto response = co_await client.PostAsJsonAsync(url, p);
//   Product echoed = co_await response.Content().ReadFromJsonAsync<Product>();
//
// Any T that nlohmann::json converts (to_json / from_json, the NLOHMANN_
// macros, standard containers, nlohmann::json itself) works. A body that is
// not JSON, or JSON that does not convert to T, faults the task with
// JsonException (.NET: System.Text.Json.JsonException). Only this header
// needs nlohmann-json: the rest of async::http does not include it.
#pragma once

#include <exception>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include <async/exceptions.h>
#include <async/http/http.h>
#include <async/task.h>
#include <async/task_completion_source.h>

namespace async {
namespace http {

// System.Text.Json.JsonException: the JSON is invalid or does not fit T.
class JsonException : public async::detail::ExceptionWithMessage {
 public:
  JsonException() : ExceptionWithMessage("The JSON value could not be converted.") {}
  explicit JsonException(std::string message) : ExceptionWithMessage(std::move(message)) {}
};

// System.Net.Http.Json.JsonContent: Create(value) serializes the value
// (Content-Type: application/json; charset=utf-8).
class JsonContent : public HttpContent {
 public:
  template <class T>
  static JsonContent Create(const T& value) {
    return JsonContent(nlohmann::json(value).dump());
  }

 private:
  explicit JsonContent(std::string body)
      : HttpContent(std::move(body), JsonHeaders()) {}
  static HttpContentHeaders JsonHeaders() {
    HttpContentHeaders headers;
    headers.SetContentType("application/json; charset=utf-8");
    return headers;
  }
};

namespace detail {

// The body parsed and converted to T; JsonException when it cannot be.
template <class T>
T ParseJson(const std::string& body) {
  try {
    return nlohmann::json::parse(body).template get<T>();
  } catch (const nlohmann::json::exception& e) {
    throw JsonException(std::string("The JSON value could not be converted: ") + e.what());
  }
}

}  // namespace detail

template <class T>
Task<T> HttpContent::ReadFromJsonAsync(CancellationToken ct) const {
  if (ct.IsCancellationRequested()) return FromCanceled<T>(ct);
  try {
    return FromResult(detail::ParseJson<T>(ReadAsString()));
  } catch (...) {
    return FromException<T>(std::current_exception());
  }
}

template <class T>
Task<T> HttpClient::GetFromJsonAsync(std::string_view url, CancellationToken ct) const {
  Task<HttpResponseMessage> get = GetAsync(url, std::move(ct));
  TaskCompletionSource<T> tcs(TaskCreationOptions::RunContinuationsAsynchronously);
  Task<T> result = tcs.Task();
  // Inline on the thread that completes the GET (no context captured); the
  // caller's await resumes on its own context.
  get.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(Continuation([get, tcs]() mutable {
    try {
      const HttpResponseMessage& response = get.GetAwaiter().GetResult();
      response.EnsureSuccessStatusCode();
      tcs.TrySetResult(detail::ParseJson<T>(response.Content().ReadAsString()));
    } catch (const OperationCanceledException& e) {
      tcs.TrySetCanceled(e.CancellationToken());
    } catch (...) {
      tcs.TrySetException(std::current_exception());
    }
  }));
  return result;
}

template <class T>
Task<HttpResponseMessage> HttpClient::PostAsJsonAsync(std::string_view url, const T& value,
                                                      CancellationToken ct) const {
  return PostAsync(url, JsonContent::Create(value), std::move(ct));
}

template <class T>
Task<HttpResponseMessage> HttpClient::PutAsJsonAsync(std::string_view url, const T& value,
                                                     CancellationToken ct) const {
  return PutAsync(url, JsonContent::Create(value), std::move(ct));
}

}  // namespace http
}  // namespace async
