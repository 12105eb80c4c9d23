// Guide section "ConfigureAwait".
//
//   // Library code — always use ConfigureAwait(false)
//   public async Task<string> LibraryMethodAsync()
//   {
//       var data = await httpClient.GetStringAsync(url).ConfigureAwait(false);
//       var result = await ParseAsync(data).ConfigureAwait(false);
//       return result;
//   }
//
//   // UI/ASP.NET app code — use default (continue on captured context)
//   public async Task<IActionResult> ControllerActionAsync()
//   {
//       var data = await _service.GetDataAsync(); // ConfigureAwait(true) is default
//       return Ok(data);
//   }
//
// task.ConfigureAwait(false) is the same call here. The sample runs both
// under a single-threaded context (AsyncContext::Run, standing for a UI
// thread or legacy ASP.NET's request context) and then with none (a console
// app or ASP.NET Core), and records where each continuation ran. The
// guide's three points: library code needs no context (it runs on the pool
// and never queues back to the context); app code needs it (it is back on
// the context thread); with no context it makes no difference.
#include "http_server.h"

#include <async/async.h>
#include <async/http/http.h>

#include <cctype>
#include <cstdio>
#include <string>
#include <thread>

using async::http::HttpClient;

std::thread::id g_contextThread;

// Where a continuation ran: on the context's thread, or elsewhere (the pool).
const char* Where() {
  return std::this_thread::get_id() == g_contextThread ? "the context thread" : "a pool thread";
}

ASYNC async::Task<std::string> ParseAsync(std::string data) {
  auto toUpper = [data] {
    std::string s = data;
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
  };
  std::string upper = co_await async::Run(toUpper);
  co_return upper;
}

// Library code: ConfigureAwait(false) on every await.
class Library {
 public:
  explicit Library(std::string url) : url_(std::move(url)) {}
  void Dispose() { httpClient_.Dispose(); }

  ASYNC async::Task<std::string> LibraryMethodAsync() {
    std::string data = co_await httpClient_.GetStringAsync(url_).ConfigureAwait(false);
    afterFirstAwait = Where();
    std::string result = co_await ParseAsync(data).ConfigureAwait(false);
    afterSecondAwait = Where();
    co_return result;
  }

  const char* afterFirstAwait = "";
  const char* afterSecondAwait = "";

 private:
  std::string url_;
  HttpClient httpClient_;
};

struct OkObjectResult {  // ASP.NET's Ok(value): status 200 with a body
  int StatusCode;
  std::string Value;
};
OkObjectResult Ok(std::string value) { return OkObjectResult{200, std::move(value)}; }

class Service {
 public:
  explicit Service(Library& library) : library_(library) {}
  async::Task<std::string> GetDataAsync() { return library_.LibraryMethodAsync(); }

 private:
  Library& library_;
};

// App code: the default, ConfigureAwait(true): back on the captured context.
class Controller {
 public:
  explicit Controller(Service& service) : _service(service) {}

  ASYNC async::Task<OkObjectResult> ControllerActionAsync() {
    std::string data = co_await _service.GetDataAsync();  // ConfigureAwait(true) is the default
    afterAwait = Where();
    co_return Ok(data);
  }

  const char* afterAwait = "";

 private:
  Service& _service;
};

int Check(bool ok, const char* what) {
  std::printf("  %s: %s\n", what, ok ? "yes" : "NO");
  return ok ? 0 : 1;
}

int main() {
  example::HttpTestServer server = example::HttpTestServer::Start(async::net::IPEndPoint::Loopback(0));
  // The answer comes 100 ms late, so every await of it suspends (an await
  // of an already completed task would simply go on, on the same thread).
  Library library(server.BaseUrl() + "/hello?delay=100");
  Service service(library);
  Controller controller(service);
  int failures = 0;

  std::printf("With a SynchronizationContext (a UI thread, legacy ASP.NET):\n");
  g_contextThread = std::this_thread::get_id();
  OkObjectResult result = async::AsyncContext::Run([&] { return controller.ControllerActionAsync(); });
  std::printf("  Ok(%d, \"%s\")\n", result.StatusCode, result.Value.c_str());
  std::printf("  library, after GetStringAsync(...).ConfigureAwait(false): %s\n", library.afterFirstAwait);
  std::printf("  library, after ParseAsync(...).ConfigureAwait(false): %s\n", library.afterSecondAwait);
  std::printf("  controller, after the default await: %s\n", controller.afterAwait);
  failures += Check(result.StatusCode == 200 && result.Value == "HELLO, WORLD!", "the result went through");
  failures += Check(std::string(library.afterFirstAwait) == "a pool thread" &&
                        std::string(library.afterSecondAwait) == "a pool thread",
                    "the library never came back to the context");
  failures += Check(std::string(controller.afterAwait) == "the context thread",
                    "the app code is back on the context thread");

  std::printf("With no SynchronizationContext (a console app, ASP.NET Core):\n");
  g_contextThread = std::this_thread::get_id();
  OkObjectResult again = controller.ControllerActionAsync().Result();
  std::printf("  controller, after the default await: %s\n", controller.afterAwait);
  failures += Check(again.Value == "HELLO, WORLD!" && std::string(controller.afterAwait) == "a pool thread",
                    "nothing to capture: both kinds of await resume on the pool");

  library.Dispose();
  server.StopAsync().Wait();
  std::printf("%s\n", failures == 0 ? "PASS" : "FAIL");
  return failures == 0 ? 0 : 1;
}
