// A bounded-time fuzz test of the request-parsing path: random bytes and
// mutations of a small corpus of valid requests, each sent over a real
// connection. Every connection must end in a well-formed response (or a
// close), and the server must keep serving: it must answer a valid request
// after every fuzzed one. ASan/UBSan watch the parser and the server.
// ASYNCC_WEB_FUZZ_MS sets the time budget (default 1500 ms per backend);
// ASYNCC_WEB_FUZZ_SEED the seed (default: fixed, reported on failure).
#include <chrono>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <async/async.h>
#include <async/web/web.h>

#include "../io_test_util.h"
#include "web_test_client.h"

namespace {

using namespace std::chrono_literals;
using async::Task;
using async::web::HttpContext;
using async::web::IResult;
namespace Results = async::web::Results;

class NullLogger : public async::ILogger {
 public:
  void Log(async::LogLevel, const std::string&) override {}
};

const std::vector<std::string> kCorpus = {
    "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n",
    "GET /api/users/12?x=1&y=%20z HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n",
    "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
    "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nwiki\r\n5\r\npedia\r\n0\r\n\r\n",
    "PUT /api/users/3 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
    "DELETE /api/users/3 HTTP/1.0\r\n\r\n",
    "GET /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
};

std::string Mutate(std::string s, std::mt19937& rng) {
  std::uniform_int_distribution<int> op(0, 5);
  int steps = 1 + static_cast<int>(rng() % 4);
  for (int k = 0; k < steps && !s.empty(); ++k) {
    std::size_t at = rng() % s.size();
    switch (op(rng)) {
      case 0: s[at] = static_cast<char>(rng() & 0xff); break;               // flip a byte
      case 1: s.erase(at, 1 + rng() % 8); break;                              // delete
      case 2: s.insert(at, std::string(1 + rng() % 4, "\r\n:; \x00\x7f"[rng() % 7])); break;
      case 3: s.insert(at, s.substr(rng() % s.size(), rng() % 16)); break;     // duplicate a piece
      case 4: s = s.substr(0, at); break;                                      // truncate
      case 5: s.insert(at, std::to_string(static_cast<long long>(rng()) * 7919)); break;  // numbers
    }
  }
  return s;
}

class WebFuzz : public asyncc_io_test::ReactorTest {};

TEST_P(WebFuzz, RequestParsingSurvivesRandomAndMutatedInput) {
  const char* ms_env = std::getenv("ASYNCC_WEB_FUZZ_MS");
  const char* seed_env = std::getenv("ASYNCC_WEB_FUZZ_SEED");
  auto budget = std::chrono::milliseconds(ms_env ? std::atoi(ms_env) : 1500);
  unsigned seed = seed_env ? static_cast<unsigned>(std::strtoul(seed_env, nullptr, 10)) : 20261207u;
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 rng(seed);

  async::web::WebApplicationOptions options;
  options.Logger = std::make_shared<NullLogger>();
  options.Limits.RequestHeadersTimeout = 100ms;  // truncated requests end quickly
  options.Limits.MaxRequestBodySize = 4096;
  auto app = async::web::WebApplication::Create(options);
  app.MapGet("/hello", [](HttpContext&) -> Task<IResult> { co_return Results::Ok("hi"); });
  app.MapGet("/api/users/{id:int}", [](HttpContext& ctx) -> Task<IResult> {
    co_return Results::Ok(ctx.Request().RouteValue("id") + ctx.Request().Query("y"));
  });
  app.MapPut("/api/users/{id:int}", [](HttpContext&) -> Task<IResult> { co_return Results::NoContent(); });
  app.MapDelete("/api/users/{id}", [](HttpContext&) -> Task<IResult> { co_return Results::NoContent(); });
  app.MapPost("/echo", [](HttpContext& ctx) -> Task<IResult> { co_return Results::Ok(ctx.Request().Body()); });
  app.StartAsync("http://127.0.0.1:0").GetAwaiter().GetResult();

  int cases = 0, answered = 0;
  auto until = std::chrono::steady_clock::now() + budget;
  while (std::chrono::steady_clock::now() < until) {
    std::string input;
    if (rng() % 4 == 0) {
      input.resize(1 + rng() % 200);
      for (char& c : input) c = static_cast<char>(rng() & 0xff);
    } else {
      input = Mutate(kCorpus[rng() % kCorpus.size()], rng);
    }
    ++cases;
    {
      web_test::RawClient client(app.Port());
      if (client.TrySend(input)) {
        client.ShutdownSend();
        // Each answer must parse as HTTP with a known status; then the
        // server closes (timeouts bound the wait for truncated input).
        while (auto r = client.ReadResponse(false, 5s)) {
          ASSERT_GE(r->status, 200) << "input: " << testing::PrintToString(input);
          ASSERT_LT(r->status, 600);
          ++answered;
        }
      }
    }
    if (cases % 25 == 0) {
      web_test::RawClient check(app.Port());
      check.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
      auto r = check.ReadResponse();
      ASSERT_TRUE(r) << "the server stopped answering after case " << cases;
      ASSERT_EQ(r->body, "hi");
    }
  }
  app.StopAsync().GetAwaiter().GetResult();
  EXPECT_GT(cases, 20);
  EXPECT_GT(answered, 0);
  std::printf("[ fuzz ] %d inputs, %d responses (seed %u)\n", cases, answered, seed);
}

INSTANTIATE_TEST_SUITE_P(Backends, WebFuzz, ASYNCC_IO_BACKENDS);

}  // namespace
