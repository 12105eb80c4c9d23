// Guide section "Why Async/Await Exists": the same HTTP read written
// blocking (.Result) and with async/await.
//
//   // Without async/await — blocking, wastes a thread
//   public string GetData()
//   {
//       var response = httpClient.GetAsync(url).Result; // blocks the thread
//       return response.Content.ReadAsStringAsync().Result;
//   }
//
//   // With async/await — non-blocking, efficient
//   public async Task<string> GetDataAsync()
//   {
//       var response = await httpClient.GetAsync(url); // thread is released
//       return await response.Content.ReadAsStringAsync(); // thread is released again
//   }
//
// The server is the HttpTestServer of examples/http-server, started in this
// process on 127.0.0.1 (a free port). The sample shows the difference the
// guide's table names: one thread running GetData serves one request at a
// time; one thread running GetDataAsync has every request in flight at once.
#include "http_server.h"

#include <async/async.h>
#include <async/http/http.h>

#include <cstdio>
#include <string>
#include <vector>

using async::http::HttpClient;

int g_inFlight = 0;     // requests started and not finished
int g_maxInFlight = 0;  // the most ever in flight together

void Started() {
  ++g_inFlight;
  if (g_inFlight > g_maxInFlight) g_maxInFlight = g_inFlight;
}

// Without async/await: .Result() blocks the calling thread until the
// response is there (C#'s .Result). Called outside any AsyncContext, the
// HttpClient completes it on the thread pool, so blocking is safe here, but
// the thread can do nothing else meanwhile.
std::string GetData(const HttpClient& httpClient, const std::string& url) {
  Started();
  auto response = httpClient.GetAsync(url).Result();  // blocks the thread
  std::string body = response.Content().ReadAsStringAsync().Result();
  --g_inFlight;
  return body;
}

// With async/await: each co_await releases the thread (here: the
// AsyncContext's one thread) until the operation has completed.
ASYNC async::Task<std::string> GetDataAsync(HttpClient httpClient, std::string url) {
  Started();
  auto response = co_await httpClient.GetAsync(url);  // thread is released
  std::string body = co_await response.Content().ReadAsStringAsync();  // released again
  --g_inFlight;
  co_return body;
}

constexpr int kRequests = 5;

int Check(bool ok, const char* what) {
  std::printf("  %s: %s\n", what, ok ? "ok" : "WRONG");
  return ok ? 0 : 1;
}

ASYNC async::Task<int> AsyncRequestsAsync(HttpClient client, std::string base) {
  std::vector<async::Task<std::string>> requests;
  for (int i = 0; i < kRequests; ++i) {
    requests.push_back(GetDataAsync(client, base + "/slow/100"));
  }
  std::vector<std::string> bodies = co_await async::WhenAll(requests);
  int failures = 0;
  for (const std::string& body : bodies) failures += body == "slow 100" ? 0 : 1;
  co_return failures;
}

int main() {
  example::HttpTestServer server = example::HttpTestServer::Start(async::net::IPEndPoint::Loopback(0));
  const std::string base = server.BaseUrl();
  HttpClient client;
  int failures = 0;

  std::printf("GetData (blocking), %d requests on one thread:\n", kRequests);
  for (int i = 0; i < kRequests; ++i) {
    std::string body = GetData(client, base + "/slow/100");
    failures += body == "slow 100" ? 0 : 1;
  }
  failures += Check(failures == 0, "every body is \"slow 100\"");
  std::printf("  most requests in flight at once: %d\n", g_maxInFlight);
  failures += Check(g_maxInFlight == 1, "one at a time: the thread waited for each");

  std::printf("GetDataAsync (co_await), %d requests on one thread:\n", kRequests);
  g_maxInFlight = 0;
  // AsyncContext::Run: a single-threaded context, like a UI thread; every
  // continuation of GetDataAsync runs on this (the main) thread.
  int asyncFailures = async::AsyncContext::Run([&] { return AsyncRequestsAsync(client, base); });
  failures += Check(asyncFailures == 0, "every body is \"slow 100\"");
  std::printf("  most requests in flight at once: %d\n", g_maxInFlight);
  failures += Check(g_maxInFlight == kRequests, "all at once: the thread was released at each await");

  client.Dispose();
  server.StopAsync().Wait();
  std::printf("%s\n", failures == 0 ? "PASS" : "FAIL");
  return failures == 0 ? 0 : 1;
}
