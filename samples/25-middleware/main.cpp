// Guide section "Async in ASP.NET Core" / "Async Middleware".
//
//   app.Use(async (context, next) =>
//   {
//       var stopwatch = Stopwatch.StartNew();
//       await next(context);
//       stopwatch.Stop();
//       logger.LogInformation("Request took {Ms}ms", stopwatch.ElapsedMilliseconds);
//   });
//
// Differences: the middleware is a lambda returning async::Task<> that
// takes (HttpContext&, RequestDelegate next), as the C# one; next(context)
// is co_awaited. Stopwatch is std::chrono::steady_clock. The logger keeps
// its lines so that the program can check them; the milliseconds are
// printed as "<ms>" (output must not depend on timing), after checking that
// each is at least the handler's delay. A second middleware shows the
// order: each runs its part before next on the way in and after it on the
// way out, and one that does not call next short-circuits the rest.
#include <async/async.h>
#include <async/http/http.h>
#include <async/web/web.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <regex>
#include <string>
#include <vector>

using async::Task;
using async::web::HttpContext;
using async::web::IResult;
using async::web::RequestDelegate;
namespace Results = async::web::Results;

// An ILogger that keeps its lines (ILogger.LogInformation).
class MemoryLogger : public async::ILogger {
 public:
  void Log(async::LogLevel level, const std::string& message) override {
    if (level < async::LogLevel::Information) return;
    std::lock_guard<std::mutex> lock(mutex_);
    lines_.push_back(message);
  }
  std::vector<std::string> Lines() {
    std::lock_guard<std::mutex> lock(mutex_);
    return lines_;
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> lines_;
};

std::mutex g_trail_mutex;
std::vector<std::string> g_trail;
void Note(std::string s) {
  std::lock_guard<std::mutex> lock(g_trail_mutex);
  g_trail.push_back(std::move(s));
}

ASYNC Task<int> MainAsync() {
  auto logger = std::make_shared<MemoryLogger>();
  async::web::WebApplicationOptions options;
  options.Logger = std::make_shared<async::StderrLogger>(async::LogLevel::Warning);
  auto app = async::web::WebApplication::Create(options);

  // The guide's timing middleware.
  app.Use([logger](HttpContext& context, RequestDelegate next) ASYNC -> Task<> {
    auto stopwatch = std::chrono::steady_clock::now();
    Note("timing: before next");
    co_await next(context);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - stopwatch);
    Note("timing: after next");
    logger->Log(async::LogLevel::Information, "Request took " + std::to_string(ms.count()) + "ms");
  });
  // A second middleware: an API key check that short-circuits.
  app.Use([](HttpContext& context, RequestDelegate next) ASYNC -> Task<> {
    if (context.Request().Headers().Get("X-Api-Key") != "secret") {
      Note("auth: rejected, next not called");
      context.Response().SetStatusCode(401);
      co_return;
    }
    Note("auth: before next");
    co_await next(context);
    Note("auth: after next");
  });
  app.MapGet("/hello", [](HttpContext&) ASYNC -> Task<IResult> {
    Note("handler");
    co_await async::Delay(std::chrono::milliseconds(20));
    co_return Results::Ok("Hello from the handler");
  });
  co_await app.StartAsync("http://127.0.0.1:0");
  std::string url = "http://127.0.0.1:" + std::to_string(app.Port()) + "/hello";

  async::http::HttpClient client;
  async::http::HttpRequestMessage request(async::http::HttpMethod::Get(), url);
  request.Headers().Add("X-Api-Key", "secret");
  async::http::HttpResponseMessage ok = co_await client.SendAsync(request);
  std::string body = co_await ok.Content().ReadAsStringAsync();
  std::printf("GET /hello with the key -> %d %s\n", static_cast<int>(ok.StatusCode()), body.c_str());
  async::http::HttpResponseMessage rejected = co_await client.GetAsync(url);
  std::printf("GET /hello without it  -> %d\n", static_cast<int>(rejected.StatusCode()));
  co_await app.StopAsync();

  std::printf("the order of the parts:\n");
  for (const auto& step : g_trail) std::printf("  %s\n", step.c_str());
  std::printf("the log:\n");
  bool ok_times = true;
  std::vector<std::string> lines = logger->Lines();
  std::regex number("Request took ([0-9]+)ms");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::smatch m;
    if (!std::regex_match(lines[i], m, number)) ok_times = false;
    // The first request waited 20 ms in its handler: the middleware saw it.
    if (i == 0 && std::stoi(m[1].str()) < 20) ok_times = false;
    std::printf("  %s\n", std::regex_replace(lines[i], std::regex("[0-9]+ms"), "<ms>").c_str());
  }
  bool pass = static_cast<int>(ok.StatusCode()) == 200 && static_cast<int>(rejected.StatusCode()) == 401 &&
              lines.size() == 2 && ok_times && g_trail.size() == 8;
  std::printf("%s\n", pass ? "PASS" : "FAIL");
  co_return pass ? 0 : 1;
}

int main() { return MainAsync().GetAwaiter().GetResult(); }
