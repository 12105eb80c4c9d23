// Guide section "Async in ASP.NET Core" / "Async Minimal API Endpoints".
//
//   app.MapGet("/api/users", async (IUserService userService, CancellationToken ct) =>
//   {
//       var users = await userService.GetAllAsync(ct);
//       return Results.Ok(users);
//   });
//
//   app.MapPost("/api/users", async (CreateUserRequest request, IUserService userService, CancellationToken ct) =>
//   {
//       var user = await userService.CreateAsync(request, ct);
//       return Results.Created($"/api/users/{user.Id}", user);
//   });
//
// Differences: no dependency injection or parameter binding: the handler
// captures the service and takes the HttpContext; the CancellationToken
// that ASP.NET Core binds is context.RequestAborted(), and the request
// body is read with ReadFromJsonAsync<CreateUserRequest>. Results.Ok and
// Results.Created serialize with nlohmann-json. The program calls its own
// API with HttpClient, and shows what the token is for: a client that
// gives up (HttpClient's timeout) cancels the service call on the server.
#include <async/async.h>
#include <async/http/http.h>
#include <async/web/json.h>
#include <async/web/web.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

using async::CancellationToken;
using async::Task;
using async::web::HttpContext;
using async::web::IResult;
namespace Results = async::web::Results;

struct User {
  int Id = 0;
  std::string Name;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(User, Id, Name)

struct CreateUserRequest {
  std::string Name;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(CreateUserRequest, Name)

// IUserService: in memory; GetAllAsync waits `delay` like a slow database.
class UserService {
 public:
  ASYNC Task<std::vector<User>> GetAllAsync(CancellationToken ct) {
    try {
      co_await async::Delay(delay_, ct);
    } catch (const async::OperationCanceledException&) {
      canceled_ = true;
      throw;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    co_return users_;
  }
  ASYNC Task<User> CreateAsync(CreateUserRequest request, CancellationToken ct) {
    co_await async::Delay(std::chrono::milliseconds(1), ct);
    std::lock_guard<std::mutex> lock(mutex_);
    User user{static_cast<int>(users_.size()) + 1, request.Name};
    users_.push_back(user);
    co_return user;
  }
  void SetDelay(std::chrono::milliseconds delay) { delay_ = delay; }
  bool WasCanceled() const { return canceled_; }

 private:
  std::mutex mutex_;
  std::vector<User> users_{User{1, "Ada"}};
  std::chrono::milliseconds delay_{1};
  std::atomic<bool> canceled_{false};
};

ASYNC Task<int> MainAsync() {
  auto userService = std::make_shared<UserService>();
  async::web::WebApplicationOptions options;
  options.Logger = std::make_shared<async::StderrLogger>(async::LogLevel::Critical);
  auto app = async::web::WebApplication::Create(options);

  app.MapGet("/api/users", [userService](HttpContext& context) ASYNC -> Task<IResult> {
    std::vector<User> users = co_await userService->GetAllAsync(context.RequestAborted());
    co_return Results::Ok(users);
  });
  app.MapPost("/api/users", [userService](HttpContext& context) ASYNC -> Task<IResult> {
    CreateUserRequest request = co_await async::web::ReadFromJsonAsync<CreateUserRequest>(context.Request());
    User user = co_await userService->CreateAsync(request, context.RequestAborted());
    co_return Results::Created("/api/users/" + std::to_string(user.Id), user);
  });
  co_await app.StartAsync("http://127.0.0.1:0");
  std::string url = "http://127.0.0.1:" + std::to_string(app.Port()) + "/api/users";

  async::http::HttpClient client;
  async::http::HttpResponseMessage list = co_await client.GetAsync(url);
  std::string listed = co_await list.Content().ReadAsStringAsync();
  std::printf("GET /api/users -> %d %s\n", static_cast<int>(list.StatusCode()), listed.c_str());

  async::http::StringContent body(R"({"Name":"Grace"})", "application/json");
  async::http::HttpResponseMessage created = co_await client.PostAsync(url, body);
  std::string createdBody = co_await created.Content().ReadAsStringAsync();
  std::string location = created.Headers().GetFirst("Location").value_or("");
  std::printf("POST /api/users -> %d, Location: %s, %s\n", static_cast<int>(created.StatusCode()),
              location.c_str(), createdBody.c_str());

  async::http::HttpResponseMessage again = co_await client.GetAsync(url);
  std::string listedAgain = co_await again.Content().ReadAsStringAsync();
  std::printf("GET /api/users -> %d %s\n", static_cast<int>(again.StatusCode()), listedAgain.c_str());

  // The CancellationToken: the service now takes 10 s; the client gives up
  // after 100 ms, and the server's call is canceled with it.
  userService->SetDelay(std::chrono::seconds(10));
  async::http::HttpClient impatient;
  impatient.SetTimeout(std::chrono::milliseconds(100));
  bool clientTimedOut = false;
  try {
    co_await impatient.GetAsync(url);
  } catch (const async::TaskCanceledException&) {
    clientTimedOut = true;
  }
  std::printf("the impatient client timed out: %s\n", clientTimedOut ? "yes" : "no");
  for (int i = 0; i < 500 && !userService->WasCanceled(); ++i) co_await async::Delay(std::chrono::milliseconds(10));
  std::printf("GetAllAsync on the server was canceled by RequestAborted: %s\n",
              userService->WasCanceled() ? "yes" : "no");
  co_await app.StopAsync();

  bool pass = static_cast<int>(list.StatusCode()) == 200 && static_cast<int>(created.StatusCode()) == 201 &&
              location == "/api/users/2" && listedAgain == R"([{"Id":1,"Name":"Ada"},{"Id":2,"Name":"Grace"}])" &&
              clientTimedOut && userService->WasCanceled();
  std::printf("%s\n", pass ? "PASS" : "FAIL");
  co_return pass ? 0 : 1;
}

int main() { return MainAsync().GetAwaiter().GetResult(); }
