// http-fetch: SPEC.md's examples on async::http::HttpClient, against the
// HttpTestServer (examples/http-server) started in this process on a free
// port: FetchAsync, WhenAll of three fetches, retry with exponential
// backoff; then a timeout, a non-success status, and the keep-alive pool.
//
// Built twice like every example: lowered by asyncc (http-fetch) and as
// native C++20 coroutines (http-fetch_native); both must print the same.
#include "http_server.h"

#include <async/async.h>
#include <async/http/http.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using async::http::HttpClient;

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  while (!s.empty() && (s.front() == '\n' || s.front() == ' ')) s.erase(0, 1);
  return s;
}

// SPEC.md section 2's FetchAsync (EnsureSuccessStatusCode added: a 503 is
// an error to retry).
ASYNC async::Task<std::string> FetchAsync(HttpClient& c, std::string url, async::CancellationToken ct) {
  auto response = co_await c.GetAsync(url, ct);
  response.EnsureSuccessStatusCode();
  auto body = co_await response.Content().ReadAsStringAsync(ct);
  co_return Trim(body);
}

// Retry with exponential backoff: up to `attempts` tries, waiting
// initialDelay, 2 x initialDelay, ... between them; HttpRequestException
// (a failed status or a transport error) is retried, cancellation is not.
ASYNC async::Task<std::string> FetchWithRetryAsync(HttpClient& c, std::string url, int attempts,
                                                   std::chrono::milliseconds initialDelay,
                                                   async::CancellationToken ct) {
  std::chrono::milliseconds delay = initialDelay;
  for (int attempt = 1;; ++attempt) {
    try {
      std::string body = co_await FetchAsync(c, url, ct);
      std::printf("  attempt %d: %s\n", attempt, body.c_str());
      co_return body;
    } catch (const async::http::HttpRequestException& e) {
      if (attempt >= attempts) throw;
      std::printf("  attempt %d: %s -> retry in %lld ms\n", attempt, e.what(),
                  static_cast<long long>(delay.count()));
    }
    co_await async::Delay(delay, ct);
    delay *= 2;
  }
}

std::string Line(const std::string& s) {
  std::string out;
  for (char ch : s) out += ch == '\n' ? '|' : ch;
  return out;
}

ASYNC async::Task<int> MainAsync() {
  example::HttpTestServer server = example::HttpTestServer::Start(async::net::IPEndPoint::Loopback(0));
  const std::string base = server.BaseUrl();
  HttpClient client;
  async::CancellationTokenSource cts(30s);
  async::CancellationToken ct = cts.Token();

  std::printf("1. FetchAsync\n");
  std::string hello = co_await FetchAsync(client, base + "/hello", ct);
  std::printf("  /hello -> %s\n", hello.c_str());

  std::printf("2. WhenAll of three fetches\n");
  std::vector<async::Task<std::string>> fetches;
  // Each answer is delayed, so the three are in flight together (and the
  // pool's one idle connection serves only the first).
  fetches.push_back(FetchAsync(client, base + "/slow/60", ct));
  fetches.push_back(FetchAsync(client, base + "/chunked?delay=50", ct));
  fetches.push_back(FetchAsync(client, base + "/bytes/26?delay=40", ct));
  std::vector<std::string> bodies = co_await async::WhenAll(fetches);
  for (const std::string& body : bodies) {
    std::printf("  %s\n", Line(body).c_str());
  }

  std::printf("3. Retry with backoff (/flaky/2 fails twice with 503)\n");
  std::string flaky = co_await FetchWithRetryAsync(client, base + "/flaky/2?client=fetch", 4, 10ms, ct);
  std::printf("  result: %s\n", flaky.c_str());

  // 1 connection for step 1, 2 more for the concurrent fetches of step 2,
  // none for step 3 (the pool's 3 idle connections are reused).
  std::printf("  connections accepted so far: %d for %d requests\n", server.AcceptedConnections(),
              server.RequestsServed());

  std::printf("4. Timeout\n");
  HttpClient impatient;
  impatient.SetTimeout(50ms);
  try {
    auto late = co_await impatient.GetAsync(base + "/slow/300", ct);
    std::printf("  unexpected: %d\n", static_cast<int>(late.StatusCode()));
  } catch (const async::TaskCanceledException& e) {
    std::printf("  TaskCanceledException: %s\n", e.what());
  }

  std::printf("5. EnsureSuccessStatusCode\n");
  auto missing = co_await client.GetAsync(base + "/status/404", ct);
  std::printf("  /status/404 -> %d, IsSuccessStatusCode %s\n", static_cast<int>(missing.StatusCode()),
              missing.IsSuccessStatusCode() ? "true" : "false");
  try {
    missing.EnsureSuccessStatusCode();
  } catch (const async::http::HttpRequestException& e) {
    std::printf("  HttpRequestException: %s\n", e.what());
  }

  std::printf("6. Keep-alive: idle connections in the pool: %zu\n", client.IdleConnectionCount());
  client.Dispose();
  co_await server.StopAsync();
  co_return 0;
}

int main() { return async::AsyncContext::Run(MainAsync); }
