// async/web/web_application.h: ASP.NET Core's WebApplication (minimal
// APIs) on async::net and the reactor: an HTTP/1.1 server (Kestrel's
// limits and timeouts), middleware, routing with route values and
// constraints, endpoint filters (docs/runtime.md, "Web applications").
//
//   auto app = async::web::WebApplication::Create();
//   app.Use([](HttpContext& ctx, RequestDelegate next) -> Task<> { ... co_await next(ctx); });
//   app.MapGet("/api/users/{id:int}", [](HttpContext& ctx) -> Task<IResult> {
//     co_return Results::Ok(ctx.Request().RouteValue("id"));
//   });
//   co_await app.RunAsync("http://127.0.0.1:5000");
//
// Handlers take the HttpContext (route values, query, body, RequestAborted)
// instead of .NET's parameter binding. Every request runs its pipeline in
// a fresh ExecutionContext: AsyncLocal values set by a middleware flow to
// the awaits of that request only.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include <async/cancellation.h>
#include <async/hosting.h>
#include <async/net/ip_endpoint.h>
#include <async/task.h>
#include <async/web/http_context.h>
#include <async/web/results.h>

namespace async {
namespace web {

using RequestDelegate = std::function<Task<>(HttpContext&)>;
// app.Use(async (context, next) => { ...; await next(context); })
using Middleware = std::function<Task<>(HttpContext&, RequestDelegate)>;
using EndpointHandler = std::function<Task<IResult>(HttpContext&)>;
using EndpointFilterDelegate = std::function<Task<IResult>(HttpContext&)>;
// IEndpointFilter.InvokeAsync(context, next): return next's result, or a
// result of its own to short-circuit the handler.
using EndpointFilter = std::function<Task<IResult>(HttpContext&, EndpointFilterDelegate)>;

// KestrelServerLimits (.NET's defaults).
struct KestrelServerLimits {
  // Request line and headers together; more: 431.
  std::size_t MaxRequestHeadersTotalSize = 32 * 1024;
  // More headers: 431.
  std::size_t MaxRequestHeaderCount = 100;
  // A larger Content-Length or chunked body: 413. nullopt: unlimited.
  std::optional<std::uint64_t> MaxRequestBodySize = 30000000;
  // Accepted connections beyond it are closed at once. nullopt: unlimited.
  std::optional<std::size_t> MaxConcurrentConnections;
  // From a request's first byte to its last header (and between the body's
  // reads); then 408 and the connection is closed.
  std::chrono::milliseconds RequestHeadersTimeout = std::chrono::seconds(30);
  // An idle keep-alive connection is closed after it.
  std::chrono::milliseconds KeepAliveTimeout = std::chrono::seconds(130);
};

struct WebApplicationOptions {
  KestrelServerLimits Limits;
  // StopAsync: how long in-flight requests may take before they are aborted.
  std::chrono::milliseconds ShutdownTimeout = std::chrono::seconds(30);
  // Server errors (unhandled handler exceptions, with TraceIdentifier).
  // Default: StderrLogger.
  std::shared_ptr<ILogger> Logger;
};

namespace detail {
class WebApplicationState;
struct Endpoint;
}  // namespace detail

// What MapGet & co. return: adds endpoint filters to that endpoint.
class RouteHandlerBuilder {
 public:
  // Filters run in the order added, the first outermost.
  RouteHandlerBuilder& AddEndpointFilter(EndpointFilter filter);

 private:
  friend class WebApplication;
  explicit RouteHandlerBuilder(std::shared_ptr<detail::Endpoint> endpoint) : endpoint_(std::move(endpoint)) {}
  std::shared_ptr<detail::Endpoint> endpoint_;
};

class WebApplication {
 public:
  // WebApplication.CreateBuilder(args).Build()
  static WebApplication Create(WebApplicationOptions options = {});

  // Adds a middleware; they run in the order added, before routing.
  WebApplication& Use(Middleware middleware);

  // Route patterns: literal segments (case-insensitive), {name},
  // {name:int|long|bool|alpha|guid} constraints, and a final {*name}
  // catch-all. A path that matches no pattern: 404; one that matches with
  // another method only: 405 with Allow. The handler returns Task<IResult>
  // (or Task<> when it writes the response itself).
  template <class F>
  RouteHandlerBuilder MapGet(std::string pattern, F handler) {
    return Map("GET", std::move(pattern), ToHandler(std::move(handler)));
  }
  template <class F>
  RouteHandlerBuilder MapPost(std::string pattern, F handler) {
    return Map("POST", std::move(pattern), ToHandler(std::move(handler)));
  }
  template <class F>
  RouteHandlerBuilder MapPut(std::string pattern, F handler) {
    return Map("PUT", std::move(pattern), ToHandler(std::move(handler)));
  }
  template <class F>
  RouteHandlerBuilder MapDelete(std::string pattern, F handler) {
    return Map("DELETE", std::move(pattern), ToHandler(std::move(handler)));
  }
  // ArgumentException for a malformed pattern or an unknown constraint.
  RouteHandlerBuilder Map(std::string method, std::string pattern, EndpointHandler handler);

  // Binds "http://host:port" (an IP literal or localhost; port 0: a free
  // one, see Urls()) and starts serving. InvalidOperationException when
  // already started; SocketException when the port is taken.
  Task<> StartAsync(const std::string& url, CancellationToken cancellationToken = {});
  // Graceful stop: stops accepting, closes idle connections, lets in-flight
  // requests finish (their responses say Connection: close) until
  // ShutdownTimeout or cancellationToken, then aborts the rest
  // (RequestAborted). Completes when every connection is closed.
  Task<> StopAsync(CancellationToken cancellationToken = {});
  // StartAsync, then waits for StopAsync, SIGINT/SIGTERM (Windows:
  // Ctrl+C) or cancellationToken, and stops gracefully.
  Task<> RunAsync(const std::string& url = "http://localhost:5000", CancellationToken cancellationToken = {});
  // The bound addresses ("http://127.0.0.1:41234").
  std::vector<std::string> Urls() const;
  // The bound port (0 before StartAsync).
  std::uint16_t Port() const;
  // Open connections (for tests and diagnostics).
  std::size_t ConnectionCount() const;
  ILogger& Logger() const;

  // An IHostedService that starts the application on `url` with the
  // host and stops it gracefully with the host (GenericWebHostService).
  std::shared_ptr<IHostedService> AsHostedService(std::string url) const;

 private:
  explicit WebApplication(std::shared_ptr<detail::WebApplicationState> state) : state_(std::move(state)) {}
  static EndpointHandler FromVoidHandler(std::function<Task<>(HttpContext&)> handler);
  template <class F>
  static EndpointHandler ToHandler(F handler) {
    using R = std::invoke_result_t<F&, HttpContext&>;
    if constexpr (std::is_same_v<R, Task<IResult>>) {
      return EndpointHandler(std::move(handler));
    } else {
      static_assert(std::is_same_v<R, Task<>>, "a handler returns Task<IResult> or Task<>");
      return FromVoidHandler(std::function<Task<>(HttpContext&)>(std::move(handler)));
    }
  }
  std::shared_ptr<detail::WebApplicationState> state_;
};

}  // namespace web
}  // namespace async
