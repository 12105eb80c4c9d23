// The benchmark's async::web server: GET /plaintext ("Hello, World!") and
// GET /json ({"message":"Hello, World!"} serialized by nlohmann-json per
// request), keep-alive, on the runtime's thread pool (one worker per core).
//   asyncc_server <port>
#include <async/async.h>
#include <async/web/json.h>
#include <async/web/web.h>

#include <cstdio>
#include <string>

namespace Results = async::web::Results;
using async::web::HttpContext;

int main(int argc, char** argv) {
  std::string port = argc > 1 ? argv[1] : "8080";
  async::web::WebApplicationOptions options;
  options.Logger = std::make_shared<async::StderrLogger>(async::LogLevel::Warning);
  auto app = async::web::WebApplication::Create(options);
  app.MapGet("/plaintext", [](HttpContext&) { return async::FromResult(Results::Ok("Hello, World!")); });
  app.MapGet("/json", [](HttpContext&) {
    return async::FromResult(Results::Json(nlohmann::json{{"message", "Hello, World!"}}));
  });
  app.RunAsync("http://127.0.0.1:" + port).GetAwaiter().GetResult();
  return 0;
}
