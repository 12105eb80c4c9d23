// web-api: the guide's ASP.NET Core minimal API on async::web.
//
//   web-api                                 a self-check: starts the service on
//                                           a free port, calls it with HttpClient,
//                                           prints what it got, stops (deterministic)
//   web-api --urls http://127.0.0.1:PORT    serves until SIGINT/SIGTERM, then lets
//                                           the requests in flight finish and exits 0
//
// Routes: GET /health, GET /api/users, GET /api/users/{id:int},
// POST /api/users (validated by an endpoint filter; 201 with Location),
// GET /api/slow?ms=N (waits, honouring RequestAborted), GET /api/fail (500).
// Middleware: the correlation id (X-Correlation-Id in, or the
// TraceIdentifier; echoed in the response; an AsyncLocal, the guide's
// CorrelationContext) and the timing middleware that logs one line per
// request (stderr). A BackgroundService logs the user count periodically.
// Built twice like every example: lowered by asyncc and as native C++20.
#include <async/async.h>
#include <async/hosting.h>
#include <async/http/http.h>
#include <async/web/json.h>
#include <async/web/web.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

using async::CancellationToken;
using async::Task;
using async::web::HttpContext;
using async::web::IResult;
using async::web::RequestDelegate;
namespace Results = async::web::Results;

struct User {
  int Id = 0;
  std::string Name;
  std::string Email;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(User, Id, Name, Email)

struct CreateUserRequest {
  std::string Name;
  std::string Email;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(CreateUserRequest, Name, Email)

// public static class CorrelationContext { AsyncLocal<string> ... }
class CorrelationContext {
 public:
  static std::string Current() { return id_.Value(); }
  static void SetCurrent(std::string value) { id_.SetValue(std::move(value)); }

 private:
  static inline async::AsyncLocal<std::string> id_;
};

// IUserService: an in-memory store with a simulated database wait.
class UserService {
 public:
  ASYNC Task<std::vector<User>> GetAllAsync(CancellationToken ct) {
    co_await async::Delay(std::chrono::milliseconds(1), ct);
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<User> users;
    for (const auto& entry : users_) users.push_back(entry.second);
    co_return users;
  }
  ASYNC Task<std::optional<User>> GetAsync(int id, CancellationToken ct) {
    co_await async::Delay(std::chrono::milliseconds(1), ct);
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = users_.find(id);
    if (it == users_.end()) co_return std::nullopt;
    co_return it->second;
  }
  ASYNC Task<User> CreateAsync(CreateUserRequest request, CancellationToken ct) {
    co_await async::Delay(std::chrono::milliseconds(1), ct);
    std::lock_guard<std::mutex> lock(mutex_);
    User user{next_id_++, request.Name, request.Email};
    users_[user.Id] = user;
    co_return user;
  }
  std::size_t Count() {
    std::lock_guard<std::mutex> lock(mutex_);
    return users_.size();
  }

 private:
  std::mutex mutex_;
  std::map<int, User> users_{{1, User{1, "Ada", "ada@example.com"}}};
  int next_id_ = 2;
};

// A BackgroundService next to the web application: logs the user count.
class UserStatsService final : public async::BackgroundService {
 public:
  UserStatsService(std::shared_ptr<UserService> users, std::shared_ptr<async::ILogger> logger)
      : users_(std::move(users)), logger_(std::move(logger)) {}

 protected:
  ASYNC Task<> ExecuteAsync(CancellationToken stoppingToken) override {
    async::PeriodicTimer timer(std::chrono::milliseconds(500));
    for (;;) {
      bool ticked = false;
      try {
        ticked = co_await timer.WaitForNextTickAsync(stoppingToken);
      } catch (const async::OperationCanceledException&) {
        ticked = false;
      }
      if (!ticked) break;
      logger_->Log(async::LogLevel::Information, "stats: " + std::to_string(users_->Count()) + " users");
    }
  }

 private:
  std::shared_ptr<UserService> users_;
  std::shared_ptr<async::ILogger> logger_;
};

// Correlation: the incoming X-Correlation-Id or the TraceIdentifier, set
// before the rest of the pipeline runs, echoed in the response; a failed
// request is logged with it.
ASYNC Task<> CorrelationMiddleware(std::shared_ptr<async::ILogger> logger, HttpContext& context,
                                   RequestDelegate next) {
  std::string id = context.Request().Headers().Get("X-Correlation-Id");
  if (id.empty()) id = context.TraceIdentifier();
  CorrelationContext::SetCurrent(id);
  context.Response().Headers().Set("X-Correlation-Id", id);
  std::exception_ptr failure;
  try {
    co_await next(context);
  } catch (const std::exception& e) {
    logger->Log(async::LogLevel::Error, "request failed (correlation " + CorrelationContext::Current() + "): " + e.what());
    failure = std::current_exception();
  }
  if (failure) std::rethrow_exception(failure);
}

// app.Use(async (context, next) => { var stopwatch = Stopwatch.StartNew(); await next(context); ... })
ASYNC Task<> TimingMiddleware(std::shared_ptr<async::ILogger> logger, HttpContext& context, RequestDelegate next) {
  auto started = std::chrono::steady_clock::now();
  std::exception_ptr failure;
  try {
    co_await next(context);
  } catch (...) {
    failure = std::current_exception();
  }
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  int status = failure ? 500 : context.Response().StatusCode();
  logger->Log(async::LogLevel::Information, context.Request().Method() + " " + context.Request().Path() + " -> " +
                                                std::to_string(status) + " in " + std::to_string(ms) + " ms (correlation " +
                                                CorrelationContext::Current() + ")");
  if (failure) std::rethrow_exception(failure);
}

// The guide's ValidationFilter, as an endpoint filter: a request without a
// name never reaches the handler.
ASYNC Task<IResult> ValidationFilter(HttpContext& context, async::web::EndpointFilterDelegate next) {
  CreateUserRequest request;
  bool valid = false;
  try {
    request = nlohmann::json::parse(context.Request().Body()).get<CreateUserRequest>();
    valid = !request.Name.empty() && request.Email.find('@') != std::string::npos;
  } catch (const std::exception&) {
    valid = false;
  }
  if (!valid) co_return Results::BadRequest(nlohmann::json{{"error", "Name and a valid Email are required"}});
  IResult result = co_await next(context);
  co_return result;
}

async::web::WebApplication BuildApp(std::shared_ptr<UserService> users, std::shared_ptr<async::ILogger> logger) {
  async::web::WebApplicationOptions options;
  options.Logger = logger;
  options.ShutdownTimeout = std::chrono::seconds(10);
  auto app = async::web::WebApplication::Create(options);
  // The correlation middleware first: an AsyncLocal set in a middleware
  // flows into what it awaits, never back out to the middleware before it.
  app.Use([logger](HttpContext& context, RequestDelegate next) { return CorrelationMiddleware(logger, context, next); });
  app.Use([logger](HttpContext& context, RequestDelegate next) { return TimingMiddleware(logger, context, next); });

  app.MapGet("/health", [](HttpContext&) { return async::FromResult(Results::Ok("Healthy")); });
  app.MapGet("/api/users", [users](HttpContext& context) ASYNC -> Task<IResult> {
    std::vector<User> all = co_await users->GetAllAsync(context.RequestAborted());
    co_return Results::Ok(all);
  });
  app.MapGet("/api/users/{id:int}", [users](HttpContext& context) ASYNC -> Task<IResult> {
    int id = std::stoi(context.Request().RouteValue("id"));
    std::optional<User> user = co_await users->GetAsync(id, context.RequestAborted());
    if (!user) co_return Results::NotFound();
    co_return Results::Ok(*user);
  });
  app.MapPost("/api/users", [users](HttpContext& context) ASYNC -> Task<IResult> {
       CreateUserRequest request = co_await async::web::ReadFromJsonAsync<CreateUserRequest>(context.Request());
       User user = co_await users->CreateAsync(request, context.RequestAborted());
       co_return Results::Created("/api/users/" + std::to_string(user.Id), user);
     })
      .AddEndpointFilter(ValidationFilter);
  app.MapGet("/api/slow", [](HttpContext& context) ASYNC -> Task<IResult> {
    std::string ms_text = context.Request().Query("ms");
    int ms = ms_text.empty() ? 100 : std::stoi(ms_text);
    co_await async::Delay(std::chrono::milliseconds(ms), context.RequestAborted());
    co_return Results::Ok("slow " + std::to_string(ms) + " (correlation " + CorrelationContext::Current() + ")");
  });
  app.MapGet("/api/fail", [](HttpContext&) ASYNC -> Task<IResult> {
    co_await async::Yield();
    throw std::runtime_error("the database is on fire");
    co_return Results::Ok();
  });
  return app;
}

// One exchange of the self-check: the request, the status and what matters.
ASYNC Task<> ShowAsync(async::http::HttpClient& client, async::http::HttpRequestMessage request, std::string shown) {
  std::string line = request.Method().Method() + " " + shown;
  async::http::HttpResponseMessage response = co_await client.SendAsync(request);
  std::string body = co_await response.Content().ReadAsStringAsync();
  std::printf("%s -> %d\n", line.c_str(), static_cast<int>(response.StatusCode()));
  if (auto location = response.Headers().GetFirst("Location")) std::printf("  Location: %s\n", location->c_str());
  if (static_cast<int>(response.StatusCode()) == 500) {
    // An unhandled exception: the server clears the response (as Kestrel does).
    std::printf("  (no body, no X-Correlation-Id: the failure was logged with it)\n");
  } else if (request.Headers().Contains("X-Correlation-Id")) {
    std::printf("  X-Correlation-Id: %s\n", response.Headers().GetFirst("X-Correlation-Id").value_or("").c_str());
  } else {
    std::printf("  X-Correlation-Id: %s\n",
                response.Headers().Contains("X-Correlation-Id") ? "(the TraceIdentifier)" : "(missing)");
  }
  if (!body.empty() && static_cast<int>(response.StatusCode()) != 500) std::printf("  %s\n", body.c_str());
}

ASYNC Task<int> DemoAsync() {
  auto logger = std::make_shared<async::StderrLogger>(async::LogLevel::Warning);
  auto users = std::make_shared<UserService>();
  auto app = BuildApp(users, logger);
  async::Host host = async::HostBuilder()
                         .AddHostedService(app.AsHostedService("http://127.0.0.1:0"))
                         .AddHostedService<UserStatsService>(users, logger)
                         .UseLogger(logger)
                         .Build();
  co_await host.StartAsync();
  std::string base = "http://127.0.0.1:" + std::to_string(app.Port());
  async::http::HttpClient client;
  using async::http::HttpMethod;
  using async::http::HttpRequestMessage;
  HttpRequestMessage health(HttpMethod::Get(), base + "/health");
  co_await ShowAsync(client, health, "/health");
  HttpRequestMessage get(HttpMethod::Get(), base + "/api/users/1");
  get.Headers().Add("X-Correlation-Id", "demo-42");
  co_await ShowAsync(client, get, "/api/users/1");
  HttpRequestMessage missing(HttpMethod::Get(), base + "/api/users/99");
  co_await ShowAsync(client, missing, "/api/users/99");
  HttpRequestMessage post(HttpMethod::Post(), base + "/api/users");
  post.SetContent(async::http::StringContent(R"({"Name":"Grace","Email":"grace@example.com"})", "application/json"));
  co_await ShowAsync(client, post, "/api/users");
  HttpRequestMessage invalid(HttpMethod::Post(), base + "/api/users");
  invalid.SetContent(async::http::StringContent(R"({"Name":"","Email":"nobody"})", "application/json"));
  co_await ShowAsync(client, invalid, "/api/users (invalid)");
  HttpRequestMessage all(HttpMethod::Get(), base + "/api/users");
  co_await ShowAsync(client, all, "/api/users");
  HttpRequestMessage slow(HttpMethod::Get(), base + "/api/slow?ms=20");
  slow.Headers().Add("X-Correlation-Id", "slow-1");
  co_await ShowAsync(client, slow, "/api/slow?ms=20");
  HttpRequestMessage fail(HttpMethod::Get(), base + "/api/fail");
  fail.Headers().Add("X-Correlation-Id", "fail-1");
  co_await ShowAsync(client, fail, "/api/fail");
  co_await host.StopAsync();
  std::printf("stopped\n");
  co_return 0;
}

ASYNC Task<int> ServeAsync(std::string url) {
  auto logger = std::make_shared<async::StderrLogger>();
  auto users = std::make_shared<UserService>();
  auto app = BuildApp(users, logger);
  async::Host host = async::HostBuilder()
                         .AddHostedService(app.AsHostedService(url))
                         .AddHostedService<UserStatsService>(users, logger)
                         .UseLogger(logger)
                         .Build();
  co_await host.RunAsync();  // until SIGINT/SIGTERM; then the graceful stop
  co_return 0;
}

int main(int argc, char** argv) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--urls") == 0) {
      try {
        return ServeAsync(argv[i + 1]).GetAwaiter().GetResult();
      } catch (const std::exception& e) {
        std::fprintf(stderr, "web-api: %s\n", e.what());
        return 1;
      }
    }
  }
  return async::AsyncContext::Run(DemoAsync);
}
