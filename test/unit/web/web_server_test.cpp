// async::web over real sockets, on every reactor backend: HTTP/1.1
// framing (keep-alive, pipelining, chunked both ways), limits and their
// statuses, timeouts, the connection cap, clients that go away, handler
// failures, routing, middleware, filters, AsyncLocal correlation and the
// graceful shutdown. Handlers are native C++20 coroutines.
#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <async/async.h>
#include <async/web/json.h>
#include <async/web/web.h>

#include "../io_test_util.h"
#include "web_test_client.h"

namespace {

using namespace std::chrono_literals;
using async::CancellationToken;
using async::Task;
using async::web::HttpContext;
using async::web::IResult;
using async::web::RequestDelegate;
namespace Results = async::web::Results;
using async::web::WebApplication;
using async::web::WebApplicationOptions;
using web_test::RawClient;
using web_test::Response;

class CapturingLogger : public async::ILogger {
 public:
  void Log(async::LogLevel level, const std::string& message) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (level >= async::LogLevel::Warning) lines_.push_back(message);
  }
  std::vector<std::string> Lines() {
    std::lock_guard<std::mutex> lock(mutex_);
    return lines_;
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> lines_;
};

class Web : public asyncc_io_test::ReactorTest {
 protected:
  WebApplication MakeApp(WebApplicationOptions options = {}) {
    logger_ = std::make_shared<CapturingLogger>();
    options.Logger = logger_;
    return WebApplication::Create(std::move(options));
  }
  static void Start(WebApplication& app) { app.StartAsync("http://127.0.0.1:0").GetAwaiter().GetResult(); }
  static void Stop(WebApplication& app) { app.StopAsync().GetAwaiter().GetResult(); }
  static std::string Get(const std::string& path) { return "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n"; }
  std::shared_ptr<CapturingLogger> logger_;
};

// A few routes shared by the framing tests.
void MapBasics(WebApplication& app) {
  app.MapGet("/hello", [](HttpContext&) -> Task<IResult> { co_return Results::Ok("Hello, World!"); });
  app.MapGet("/delay/{ms:int}", [](HttpContext& ctx) -> Task<IResult> {
    int ms = std::stoi(ctx.Request().RouteValue("ms"));
    co_await async::Delay(std::chrono::milliseconds(ms));
    co_return Results::Ok("delay " + std::to_string(ms));
  });
  app.MapPost("/echo", [](HttpContext& ctx) -> Task<IResult> {
    co_await async::Yield();
    co_return Results::Text(ctx.Request().Body(), "application/octet-stream");
  });
  app.MapGet("/stream", [](HttpContext& ctx) -> Task<> {
    for (int i = 1; i <= 3; ++i) {
      co_await ctx.Response().WriteAsync("chunk " + std::to_string(i) + "\n");
      co_await async::Delay(1ms);
    }
  });
  app.MapGet("/bad-length", [](HttpContext& ctx) -> Task<> {
    ctx.Response().SetContentLength(100);
    ctx.Response().Write("short");
    co_return;
  });
  app.MapGet("/throw", [](HttpContext&) -> Task<IResult> {
    co_await async::Yield();
    throw std::runtime_error("boom");
  });
}

TEST_P(Web, KeepAliveServesRequestsOnOneConnection) {
  auto app = MakeApp();
  MapBasics(app);
  Start(app);
  {
    RawClient client(app.Port());
    for (int i = 0; i < 3; ++i) {
      client.Send(Get("/hello"));
      auto r = client.ReadResponse();
      ASSERT_TRUE(r);
      EXPECT_EQ(r->status, 200);
      EXPECT_EQ(r->body, "Hello, World!");
      EXPECT_EQ(r->Header("content-length"), "13");
      EXPECT_EQ(r->Header("content-type"), "text/plain; charset=utf-8");
      EXPECT_EQ(r->Header("connection"), "");
    }
    EXPECT_EQ(app.ConnectionCount(), 1u);
    // HTTP/1.0 with keep-alive: kept, and said so.
    client.Send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    auto kept = client.ReadResponse();
    ASSERT_TRUE(kept);
    EXPECT_EQ(kept->Header("connection"), "keep-alive");
    EXPECT_EQ(kept->body, "Hello, World!");
    // HTTP/1.0 without keep-alive: the server closes after the response.
    client.Send("GET /hello HTTP/1.0\r\n\r\n");
    auto r = client.ReadResponse();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->Header("connection"), "close");
    EXPECT_TRUE(client.WaitClosed());
  }
  Stop(app);
}

TEST_P(Web, PipelinedRequestsAreAnsweredInOrder) {
  auto app = MakeApp();
  MapBasics(app);
  Start(app);
  {
    RawClient client(app.Port());
    // The slowest first: responses must still come in request order.
    client.Send(Get("/delay/60") + Get("/delay/0") +
                "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nabcde" + Get("/delay/20") +
                "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nxyz\r\n0\r\n\r\n" +
                Get("/hello"));
    std::vector<std::string> bodies;
    for (int i = 0; i < 6; ++i) {
      auto r = client.ReadResponse();
      ASSERT_TRUE(r) << i;
      EXPECT_EQ(r->status, 200);
      bodies.push_back(r->body);
    }
    EXPECT_EQ(bodies, (std::vector<std::string>{"delay 60", "delay 0", "abcde", "delay 20", "xyz", "Hello, World!"}));
    // More pipelined input than the server buffers (64 KiB) behind a slow
    // request: it stops reading, then reads on as it answers.
    std::string many = Get("/delay/30");
    for (int i = 0; i < 4000; ++i) many += Get("/hello");
    ASSERT_GT(many.size(), 100000u);
    client.Send(many);
    int answered = 0;
    for (int i = 0; i < 4001; ++i) {
      auto r = client.ReadResponse();
      if (!r || r->status != 200) break;
      ++answered;
    }
    EXPECT_EQ(answered, 4001);
    // A large body queued behind a slow request: the server's buffer fills
    // with body bytes that parse into no complete request.
    std::string big(300000, 'b');
    client.Send(Get("/delay/30") + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                std::to_string(big.size()) + "\r\n\r\n" + big);
    auto slow = client.ReadResponse();
    ASSERT_TRUE(slow);
    EXPECT_EQ(slow->body, "delay 30");
    auto echoed = client.ReadResponse();
    ASSERT_TRUE(echoed);
    EXPECT_EQ(echoed->body.size(), big.size());
  }
  Stop(app);
}

TEST_P(Web, ChunkedBodiesBothWays) {
  auto app = MakeApp();
  MapBasics(app);
  Start(app);
  {
    RawClient client(app.Port());
    // A chunked request body, sent in pieces that split chunk headers.
    client.Send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel");
    std::this_thread::sleep_for(5ms);
    client.Send("lo\r\n7\r\n, world\r");
    std::this_thread::sleep_for(5ms);
    client.Send("\n0\r\n\r\n");
    auto r = client.ReadResponse();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "hello, world");
    EXPECT_EQ(r->Header("content-length"), "12");
    // A streamed response goes out chunked; the connection stays usable.
    client.Send(Get("/stream"));
    r = client.ReadResponse();
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->chunked);
    EXPECT_EQ(r->Header("transfer-encoding"), "chunked");
    EXPECT_EQ(r->body, "chunk 1\nchunk 2\nchunk 3\n");
    client.Send(Get("/hello"));
    r = client.ReadResponse();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "Hello, World!");
    // HEAD: the headers of GET, no body (also for a streamed response).
    client.Send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n");
    r = client.ReadResponse(/*head=*/true);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->Header("content-length"), "13");
    EXPECT_EQ(r->body, "");
    client.Send("HEAD /stream HTTP/1.1\r\nHost: x\r\n\r\n");
    r = client.ReadResponse(/*head=*/true);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->Header("transfer-encoding"), "chunked");
    // A declared Content-Length the body does not match: 500, framing intact.
    client.Send(Get("/bad-length"));
    r = client.ReadResponse();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 500);
    EXPECT_EQ(r->body, "");
    client.Send(Get("/hello"));
    r = client.ReadResponse();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "Hello, World!");
  }
  Stop(app);
}

// Each bad request gets its status and a closed connection; the server
// serves the next client.
TEST_P(Web, LimitsAndMalformedRequests) {
  WebApplicationOptions options;
  options.Limits.MaxRequestHeadersTotalSize = 1024;
  options.Limits.MaxRequestHeaderCount = 10;
  options.Limits.MaxRequestBodySize = 100;
  auto app = MakeApp(options);
  MapBasics(app);
  Start(app);
  struct Case {
    std::string name;
    std::string request;
    int status;
  };
  std::string many_headers = "GET /hello HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 11; ++i) many_headers += "X-H" + std::to_string(i) + ": v\r\n";
  std::vector<Case> cases = {
      {"header size", "GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(2000, 'a') + "\r\n\r\n", 431},
      {"header count", many_headers + "\r\n", 431},
      {"content-length too big", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n", 413},
      {"chunked body too big",
       "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n64\r\n" + std::string(100, 'b') +
           "\r\n1\r\nc\r\n0\r\n\r\n",
       413},
      {"request line", "GET /hello HTTP/1.1 extra\r\nHost: x\r\n\r\n", 400},
      {"method", "G@T /hello HTTP/1.1\r\nHost: x\r\n\r\n", 400},
      {"header without colon", "GET /hello HTTP/1.1\r\nHost x\r\n\r\n", 400},
      {"bad content-length", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: ab\r\n\r\n", 400},
      {"bad chunk size", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400},
      {"url too long", "GET /" + std::string(9000, 'u') + " HTTP/1.1\r\nHost: x\r\n\r\n", 414},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    RawClient client(app.Port());
    client.Send(c.request);
    auto r = client.ReadResponse();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, c.status);
    EXPECT_EQ(r->Header("connection"), "close");
    EXPECT_TRUE(client.WaitClosed());
  }
  RawClient client(app.Port());
  client.Send(Get("/hello"));
  auto r = client.ReadResponse();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  client.Close();
  Stop(app);
}

TEST_P(Web, BodyShorterThanContentLengthGets400) {
  auto app = MakeApp();
  MapBasics(app);
  Start(app);
  {
    RawClient client(app.Port());
    client.Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabcde");
    client.ShutdownSend();
    auto r = client.ReadResponse();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400);
    EXPECT_TRUE(client.WaitClosed());
  }
  Stop(app);
}

TEST_P(Web, ClientsThatGoAwayDoNotStopTheServer) {
  std::atomic<int> aborted{0};
  auto app = MakeApp();
  MapBasics(app);
  app.MapGet("/wait", [&aborted](HttpContext& ctx) -> Task<IResult> {
    try {
      co_await async::Delay(10s, ctx.RequestAborted());
    } catch (const async::OperationCanceledException&) {
      aborted.fetch_add(1);
      throw;
    }
    co_return Results::Ok("waited");
  });
  app.MapGet("/big", [](HttpContext& ctx) -> Task<> {
    std::string block(64 * 1024, 'z');
    for (int i = 0; i < 400; ++i) co_await ctx.Response().WriteAsync(block, ctx.RequestAborted());
  });
  Start(app);
  {
    // Stops mid-request (headers half sent).
    RawClient a(app.Port());
    a.Send("GET /hello HTTP/1.1\r\nHo");
    a.Close();
    // Stops mid-body.
    RawClient b(app.Port());
    b.Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc");
    b.Reset();
    // Goes away while its request runs: RequestAborted fires.
    RawClient c(app.Port());
    c.Send(Get("/wait"));
    std::this_thread::sleep_for(50ms);
    c.Close();
    // Resets while a large response streams.
    RawClient d(app.Port());
    d.Send(Get("/big"));
    ASSERT_GT(d.ReceiveSome(), 0u);
    d.Reset();
  }
  for (int i = 0; i < 500 && (aborted.load() < 1 || app.ConnectionCount() > 0); ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(aborted.load(), 1);
  EXPECT_EQ(app.ConnectionCount(), 0u);
  RawClient client(app.Port());
  client.Send(Get("/hello"));
  auto r = client.ReadResponse();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  client.Close();
  Stop(app);
  // A client that went away is not the application's error.
  for (const auto& line : logger_->Lines()) EXPECT_EQ(line.find("/wait"), std::string::npos) << line;
}

TEST_P(Web, HandlerExceptionIs500ForThatRequestOnly) {
  auto app = MakeApp();
  MapBasics(app);
  app.MapGet("/throw-now", [](HttpContext&) -> Task<IResult> {
    throw std::logic_error("thrown before a co_await");
    co_return Results::Ok();
  });
  Start(app);
  {
    RawClient client(app.Port());
    client.Send(Get("/throw") + Get("/hello") + Get("/throw-now") + Get("/hello"));
    std::vector<int> statuses;
    for (int i = 0; i < 4; ++i) {
      auto r = client.ReadResponse();
      ASSERT_TRUE(r);
      statuses.push_back(r->status);
      if (r->status == 500) EXPECT_EQ(r->body, "");
    }
    EXPECT_EQ(statuses, (std::vector<int>{500, 200, 500, 200}));
  }
  Stop(app);
  auto lines = logger_->Lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[0].find("boom"), std::string::npos);
  EXPECT_NE(lines[0].find(":00000001"), std::string::npos) << lines[0];  // its TraceIdentifier
  EXPECT_NE(lines[1].find(":00000003"), std::string::npos) << lines[1];
}

struct User {
  int id = 0;
  std::string name;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(User, id, name)

TEST_P(Web, RoutingResultsAndJson) {
  auto app = MakeApp();
  app.MapGet("/api/users/{id:int}", [](HttpContext& ctx) -> Task<IResult> {
    int id = std::stoi(ctx.Request().RouteValue("id"));
    if (id == 0) co_return Results::NotFound();
    co_return Results::Ok(User{id, "user" + std::to_string(id)});
  });
  app.MapGet("/api/users/me", [](HttpContext&) -> Task<IResult> { co_return Results::Ok("me"); });
  app.MapGet("/api/users/{name}", [](HttpContext& ctx) -> Task<IResult> {
    co_return Results::Ok("name " + ctx.Request().RouteValue("name") + " q=" + ctx.Request().Query("q"));
  });
  app.MapPost("/api/users", [](HttpContext& ctx) -> Task<IResult> {
    User user = co_await async::web::ReadFromJsonAsync<User>(ctx.Request());
    user.id = 42;
    co_return Results::Created("/api/users/42", user);
  });
  app.MapDelete("/api/users/{id:int}", [](HttpContext&) -> Task<IResult> { co_return Results::NoContent(); });
  app.MapPut("/files/{*path}", [](HttpContext& ctx) -> Task<IResult> {
    co_return Results::StatusCode(202).WithHeader("X-Path", ctx.Request().RouteValue("path"));
  });
  EXPECT_THROW(app.MapGet("/x/{id:nope}", [](HttpContext&) -> Task<IResult> { co_return Results::Ok(); }),
               async::ArgumentException);
  Start(app);
  RawClient client(app.Port());
  auto call = [&](const std::string& request) {
    client.Send(request);
    auto r = client.ReadResponse();
    EXPECT_TRUE(r);
    return r ? *r : Response();
  };
  Response r = call(Get("/api/users/7"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(nlohmann::json::parse(r.body), nlohmann::json({{"id", 7}, {"name", "user7"}}));
  EXPECT_EQ(call(Get("/api/users/0")).status, 404);
  EXPECT_EQ(call(Get("/API/Users/me")).body, "me");  // literals before parameters, case-insensitive
  EXPECT_EQ(call(Get("/api/users/bob%20b?q=a+b%21")).body, "name bob b q=a b!");
  EXPECT_EQ(call(Get("/nowhere")).status, 404);
  r = call("POST /api/users/7 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.Header("allow"), "GET, DELETE");
  std::string json = R"({"id":0,"name":"ada"})";
  r = call("POST /api/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
           std::to_string(json.size()) + "\r\n\r\n" + json);
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.Header("location"), "/api/users/42");
  EXPECT_EQ(nlohmann::json::parse(r.body)["name"], "ada");
  // Not JSON: the handler's JsonException is a 500.
  r = call("POST /api/users HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n{{{");
  EXPECT_EQ(r.status, 500);
  r = call("DELETE /api/users/3 HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.Header("content-length"), "");
  r = call("PUT /files/a/b/c.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(r.status, 202);
  EXPECT_EQ(r.Header("x-path"), "a/b/c.txt");
  client.Close();
  Stop(app);
}

TEST_P(Web, MiddlewareAndEndpointFiltersRunInOrder) {
  auto app = MakeApp();
  auto trail = std::make_shared<std::vector<std::string>>();
  auto mu = std::make_shared<std::mutex>();
  auto note = [trail, mu](std::string s) {
    std::lock_guard<std::mutex> lock(*mu);
    trail->push_back(std::move(s));
  };
  app.Use([note](HttpContext& ctx, RequestDelegate next) -> Task<> {
    note("outer in");
    co_await next(ctx);
    note("outer out " + std::to_string(ctx.Response().StatusCode()));
    ctx.Response().Headers().Set("X-Outer", "1");
  });
  app.Use([note](HttpContext& ctx, RequestDelegate next) -> Task<> {
    if (ctx.Request().Path() == "/blocked") {
      ctx.Response().SetStatusCode(403);
      co_return;  // short-circuits: next is not called
    }
    note("inner in");
    co_await next(ctx);
    note("inner out");
  });
  // The guide's validation filter: a bad request never reaches the handler.
  app.MapPost("/api/orders", [note](HttpContext&) -> Task<IResult> {
       note("handler");
       co_return Results::Created("/api/orders/1");
     })
      .AddEndpointFilter([note](HttpContext& ctx, async::web::EndpointFilterDelegate next) -> Task<IResult> {
        note("filter 1");
        if (ctx.Request().Body().empty()) co_return Results::BadRequest("body required");
        IResult result = co_await next(ctx);
        note("filter 1 after " + std::to_string(result.StatusCode()));
        co_return result;
      })
      .AddEndpointFilter([note](HttpContext& ctx, async::web::EndpointFilterDelegate next) -> Task<IResult> {
        note("filter 2");
        co_return co_await next(ctx);
      });
  Start(app);
  RawClient client(app.Port());
  client.Send("POST /api/orders HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}");
  auto r = client.ReadResponse();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 201);
  EXPECT_EQ(r->Header("x-outer"), "1");
  client.Send("POST /api/orders HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
  r = client.ReadResponse();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->body, "body required");
  client.Send(Get("/blocked"));
  r = client.ReadResponse();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  client.Close();
  Stop(app);
  EXPECT_EQ(*trail, (std::vector<std::string>{"outer in", "inner in", "filter 1", "filter 2", "handler",
                                              "filter 1 after 201", "inner out", "outer out 201", "outer in",
                                              "inner in", "filter 1", "inner out", "outer out 400", "outer in",
                                              "outer out 403"}));
}

// The guide's CorrelationContext: set in middleware, read after awaits that
// hop threads, never seen by another request.
class CorrelationContext {
 public:
  static std::string Current() { return id_.Value(); }
  static void SetCurrent(std::string value) { id_.SetValue(std::move(value)); }

 private:
  static inline async::AsyncLocal<std::string> id_;
};

Task<std::string> ReadCorrelationDeepAsync(int depth) {
  co_await async::Delay(std::chrono::milliseconds(depth % 3));
  if (depth == 0) co_return CorrelationContext::Current();
  std::string inner = co_await async::Run([depth]() { return ReadCorrelationDeepAsync(depth - 1); });
  co_return inner;
}

TEST_P(Web, AsyncLocalCorrelationFlowsPerRequest) {
  auto app = MakeApp();
  app.Use([](HttpContext& ctx, RequestDelegate next) -> Task<> {
    // Empty at the start of every request: nothing leaks from the last one.
    if (!CorrelationContext::Current().empty()) throw std::logic_error("leaked: " + CorrelationContext::Current());
    CorrelationContext::SetCurrent(ctx.Request().Headers().Get("X-Correlation-Id"));
    co_await next(ctx);
    ctx.Response().Headers().Set("X-Correlation-Id", CorrelationContext::Current());
  });
  app.MapGet("/work/{n:int}", [](HttpContext& ctx) -> Task<IResult> {
    int n = std::stoi(ctx.Request().RouteValue("n"));
    std::string before = CorrelationContext::Current();
    co_await async::Delay(std::chrono::milliseconds(n % 5));
    std::string deep = co_await ReadCorrelationDeepAsync(n % 4);
    co_await async::Yield();
    co_return Results::Ok(before + "|" + deep + "|" + CorrelationContext::Current());
  });
  Start(app);
  constexpr int kClients = 16, kRequests = 12;
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kClients; ++t) {
    threads.emplace_back([&, t] {
      RawClient client(app.Port());
      for (int i = 0; i < kRequests; ++i) {
        std::string id = "c" + std::to_string(t) + "-" + std::to_string(i);
        client.Send("GET /work/" + std::to_string(t + i) + " HTTP/1.1\r\nHost: x\r\nX-Correlation-Id: " + id +
                    "\r\n\r\n");
        auto r = client.ReadResponse();
        if (r && r->status == 200 && r->body == id + "|" + id + "|" + id && r->Header("x-correlation-id") == id)
          good.fetch_add(1);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(good.load(), kClients * kRequests);
  Stop(app);
  EXPECT_TRUE(logger_->Lines().empty());
}

TEST_P(Web, HeaderAndIdleTimeouts) {
  WebApplicationOptions options;
  options.Limits.RequestHeadersTimeout = 150ms;
  options.Limits.KeepAliveTimeout = 150ms;
  auto app = MakeApp(options);
  MapBasics(app);
  Start(app);
  {
    // A slow client: half a request, then nothing: 408.
    RawClient slow(app.Port());
    slow.Send("GET /hello HTTP/1.1\r\nHost:");
    auto r = slow.ReadResponse();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 408);
    EXPECT_TRUE(slow.WaitClosed());
    // An idle keep-alive connection is closed without a response.
    RawClient idle(app.Port());
    idle.Send(Get("/hello"));
    ASSERT_TRUE(idle.ReadResponse());
    EXPECT_TRUE(idle.WaitClosed(5s));
    EXPECT_FALSE(idle.ReadResponse());
  }
  Stop(app);
}

TEST_P(Web, ConnectionCap) {
  WebApplicationOptions options;
  options.Limits.MaxConcurrentConnections = 1;
  auto app = MakeApp(options);
  MapBasics(app);
  Start(app);
  {
    RawClient first(app.Port());
    first.Send(Get("/hello"));
    ASSERT_TRUE(first.ReadResponse());
    RawClient second(app.Port());
    EXPECT_TRUE(second.WaitClosed());
    first.Close();
    for (int i = 0; i < 300 && app.ConnectionCount() > 0; ++i) std::this_thread::sleep_for(10ms);
    RawClient third(app.Port());
    third.Send(Get("/hello"));
    auto r = third.ReadResponse();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
  }
  Stop(app);
}

TEST_P(Web, GracefulShutdownFinishesInFlightRequests) {
  auto app = MakeApp();
  MapBasics(app);
  Start(app);
  std::uint16_t port = app.Port();
  RawClient busy(port);
  RawClient idle(port);
  idle.Send(Get("/hello"));
  ASSERT_TRUE(idle.ReadResponse());
  busy.Send(Get("/delay/200"));
  std::this_thread::sleep_for(50ms);
  Task<> stopping = app.StopAsync();
  EXPECT_TRUE(idle.WaitClosed());  // idle connections close at once
  auto r = busy.ReadResponse();    // the request in flight finishes
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "delay 200");
  EXPECT_EQ(r->Header("connection"), "close");
  EXPECT_TRUE(busy.WaitClosed());
  stopping.GetAwaiter().GetResult();
  EXPECT_EQ(app.ConnectionCount(), 0u);
  // No longer accepting.
  async::net::Socket s(async::net::AddressFamily::InterNetwork);
  EXPECT_ANY_THROW(s.ConnectAsync(async::net::IPEndPoint::Loopback(port)).GetAwaiter().GetResult());
  s.Close();
}

TEST_P(Web, ShutdownTimeoutAbortsRequestsThatDoNotFinish) {
  WebApplicationOptions options;
  options.ShutdownTimeout = 100ms;
  auto app = MakeApp(options);
  std::atomic<bool> saw_abort{false};
  app.MapGet("/forever", [&saw_abort](HttpContext& ctx) -> Task<IResult> {
    try {
      co_await async::Delay(30s, ctx.RequestAborted());
    } catch (const async::OperationCanceledException&) {
      saw_abort = true;
      throw;
    }
    co_return Results::Ok();
  });
  Start(app);
  RawClient client(app.Port());
  client.Send(Get("/forever"));
  std::this_thread::sleep_for(50ms);
  Stop(app);
  EXPECT_TRUE(client.WaitClosed());
  for (int i = 0; i < 300 && !saw_abort; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_TRUE(saw_abort.load());
}

TEST_P(Web, RunAsyncServesUntilStoppedOrCanceled) {
  auto app = MakeApp();
  MapBasics(app);
  async::CancellationTokenSource cts;
  Task<> running = app.RunAsync("http://127.0.0.1:0", cts.Token());
  ASSERT_FALSE(running.IsCompleted());
  {
    RawClient client(app.Port());
    client.Send(Get("/hello"));
    auto r = client.ReadResponse();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
  }
  cts.Cancel();
  running.GetAwaiter().GetResult();  // stopped gracefully
  EXPECT_EQ(app.ConnectionCount(), 0u);
  EXPECT_THROW(app.StartAsync("http://127.0.0.1:0").GetAwaiter().GetResult(), async::InvalidOperationException);

  // StopAsync ends RunAsync too; a bad url faults it at once.
  auto second = MakeApp();
  Task<> run2 = second.RunAsync("http://127.0.0.1:0");
  second.StopAsync().GetAwaiter().GetResult();
  run2.GetAwaiter().GetResult();
  auto third = MakeApp();
  EXPECT_THROW(third.RunAsync("ftp://127.0.0.1:1").GetAwaiter().GetResult(), async::ArgumentException);
  EXPECT_THROW(third.RunAsync("http://example.com:80").GetAwaiter().GetResult(), async::ArgumentException);
}

// GenericWebHostService: the application starts and stops with a Host.
TEST_P(Web, RunsAsAHostedService) {
  auto app = MakeApp();
  MapBasics(app);
  async::Host host = async::HostBuilder()
                         .AddHostedService(app.AsHostedService("http://127.0.0.1:0"))
                         .UseLogger(logger_)
                         .Build();
  host.StartAsync().GetAwaiter().GetResult();
  ASSERT_NE(app.Port(), 0);
  {
    RawClient client(app.Port());
    client.Send(Get("/delay/100"));
    std::this_thread::sleep_for(30ms);
    Task<> stopping = host.StopAsync();  // the request in flight still finishes
    auto r = client.ReadResponse();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "delay 100");
    EXPECT_TRUE(client.WaitClosed());
    client.Close();
    stopping.GetAwaiter().GetResult();
  }
  EXPECT_EQ(app.ConnectionCount(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Backends, Web, ASYNCC_IO_BACKENDS);

}  // namespace
