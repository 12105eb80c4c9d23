// Guide section "Async in ASP.NET Core" / "Async Filters".
//
//   public class ValidationFilter : IAsyncActionFilter
//   {
//       public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
//       {
//           if (!context.ModelState.IsValid)
//           {
//               context.Result = new BadRequestObjectResult(context.ModelState);
//               return;
//           }
//
//           await next();
//       }
//   }
//
// Differences: async::web has minimal APIs, not MVC controllers, so the
// filter is an endpoint filter (ASP.NET Core's IEndpointFilter, the minimal
// API's counterpart of IAsyncActionFilter): (HttpContext&, next) ->
// Task<IResult>. Setting context.Result and returning becomes returning
// Results::BadRequest(modelState); `await next()` becomes co_await next(context)
// and returning its result. There is no model binding, so ModelState is
// built by the filter from the JSON body (a small ValidateCreateOrder).
// Filters added to one endpoint run in order around its handler.
#include <async/async.h>
#include <async/http/http.h>
#include <async/web/json.h>
#include <async/web/web.h>

#include <atomic>
#include <cstdio>
#include <map>
#include <string>

using async::Task;
using async::web::EndpointFilterDelegate;
using async::web::HttpContext;
using async::web::IResult;
namespace Results = async::web::Results;

std::atomic<int> g_handler_runs{0};

// ModelState: field -> error, empty when valid.
std::map<std::string, std::string> ValidateCreateOrder(const std::string& body) {
  std::map<std::string, std::string> errors;
  nlohmann::json json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) {
    errors["$"] = "The body is not a JSON object.";
    return errors;
  }
  if (!json.contains("product") || !json["product"].is_string() || json["product"].get<std::string>().empty())
    errors["product"] = "The product field is required.";
  if (!json.contains("quantity") || !json["quantity"].is_number_integer() || json["quantity"].get<int>() < 1)
    errors["quantity"] = "The quantity must be at least 1.";
  return errors;
}

// public class ValidationFilter : IAsyncActionFilter
ASYNC Task<IResult> ValidationFilter(HttpContext& context, EndpointFilterDelegate next) {
  std::map<std::string, std::string> modelState = ValidateCreateOrder(context.Request().Body());
  if (!modelState.empty()) {
    co_return Results::BadRequest(nlohmann::json{{"errors", modelState}});  // context.Result = BadRequest(...)
  }
  IResult result = co_await next(context);  // await next();
  co_return result;
}

// A second filter around the first: sees the result on the way out.
ASYNC Task<IResult> AuditFilter(HttpContext& context, EndpointFilterDelegate next) {
  IResult result = co_await next(context);
  result.WithHeader("X-Audit", "status " + std::to_string(result.StatusCode()));
  co_return result;
}

ASYNC Task<IResult> CreateOrder(HttpContext& context) {
  g_handler_runs.fetch_add(1);
  co_await async::Delay(std::chrono::milliseconds(1));
  nlohmann::json order = nlohmann::json::parse(context.Request().Body());
  order["id"] = 1001;
  co_return Results::Created("/api/orders/1001", order);
}

ASYNC Task<int> PostAsync(async::http::HttpClient& client, std::string url, std::string json) {
  async::http::StringContent content(json, "application/json");
  async::http::HttpResponseMessage response = co_await client.PostAsync(url, content);
  std::string body = co_await response.Content().ReadAsStringAsync();
  std::printf("POST %s\n  -> %d %s\n", json.c_str(), static_cast<int>(response.StatusCode()), body.c_str());
  std::printf("  X-Audit: %s\n", response.Headers().GetFirst("X-Audit").value_or("(none)").c_str());
  co_return static_cast<int>(response.StatusCode());
}

ASYNC Task<int> MainAsync() {
  async::web::WebApplicationOptions options;
  options.Logger = std::make_shared<async::StderrLogger>(async::LogLevel::Warning);
  auto app = async::web::WebApplication::Create(options);
  app.MapPost("/api/orders", CreateOrder).AddEndpointFilter(AuditFilter).AddEndpointFilter(ValidationFilter);
  co_await app.StartAsync("http://127.0.0.1:0");
  std::string url = "http://127.0.0.1:" + std::to_string(app.Port()) + "/api/orders";

  async::http::HttpClient client;
  int valid = co_await PostAsync(client, url, R"({"product":"widget","quantity":3})");
  int missing = co_await PostAsync(client, url, R"({"quantity":0})");
  int garbage = co_await PostAsync(client, url, "not json");
  co_await app.StopAsync();

  std::printf("the handler ran %d time(s)\n", g_handler_runs.load());
  bool pass = valid == 201 && missing == 400 && garbage == 400 && g_handler_runs.load() == 1;
  std::printf("%s\n", pass ? "PASS" : "FAIL");
  co_return pass ? 0 : 1;
}

int main() { return MainAsync().GetAwaiter().GetResult(); }
