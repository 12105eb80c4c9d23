// Guide section "Concurrent Execution".
//
//   // Sequential — total time = sum of all operations
//   public async Task SequentialAsync()
//   {
//       await Task.Delay(1000); // 1s
//       await Task.Delay(1000); // 1s
//       await Task.Delay(1000); // 1s → total: 3s
//   }
//
//   // Concurrent — all tasks run simultaneously
//   public async Task ConcurrentAsync()
//   {
//       var t1 = Task.Delay(1000);
//       var t2 = Task.Delay(1000);
//       var t3 = Task.Delay(1000);
//       await Task.WhenAll(t1, t2, t3); // total: ~1s
//   }
//
//   // WhenAll — wait for all, get all results
//   public async Task<int[]> GetAllResultsAsync()
//   {
//       var tasks = new[] { GetScoreAsync("Alice"), GetScoreAsync("Bob"), GetScoreAsync("Charlie") };
//       return await Task.WhenAll(tasks); // int[] with all results
//   }
//
//   // WhenAny — wait for the first to complete
//   public async Task<string> GetFastestAsync()
//   {
//       var tasks = urls.Select(url => FetchAsync(url)).ToArray();
//       Task<string> first = await Task.WhenAny(tasks);
//       return await first;
//   }
//
// Tests here check behaviour, not time, so the sample does not print how
// long each way took; it shows why the times differ: sequentially, each
// delay is started after the previous one has ended (one in flight at a
// time); concurrently, all three are started before any has ended. The
// delays are 100 ms instead of 1 s. GetFastestAsync asks three "mirrors" of
// the in-process HttpTestServer that answer after 600, 20 and 1200 ms.
#include "http_server.h"

#include <async/async.h>
#include <async/http/http.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using async::http::HttpClient;

int g_inFlight = 0;
int g_maxInFlight = 0;

// Task.Delay, counting how many delays are pending at once.
ASYNC async::Task<> TrackedDelayAsync(std::chrono::milliseconds d) {
  if (++g_inFlight > g_maxInFlight) g_maxInFlight = g_inFlight;
  co_await async::Delay(d);
  --g_inFlight;
}

// Sequential: total time = sum of all operations.
ASYNC async::Task<> SequentialAsync() {
  co_await TrackedDelayAsync(100ms);  // 0.1 s
  co_await TrackedDelayAsync(100ms);  // 0.1 s
  co_await TrackedDelayAsync(100ms);  // 0.1 s → total: 0.3 s
}

// Concurrent: all tasks run simultaneously.
ASYNC async::Task<> ConcurrentAsync() {
  async::Task<> t1 = TrackedDelayAsync(100ms);
  async::Task<> t2 = TrackedDelayAsync(100ms);
  async::Task<> t3 = TrackedDelayAsync(100ms);
  co_await async::WhenAll(t1, t2, t3);  // total: ~0.1 s
}

ASYNC async::Task<int> GetScoreAsync(std::string name) {
  co_await async::Delay(std::chrono::milliseconds(10 * static_cast<int>(name.size())));
  co_return static_cast<int>(name.size()) * 10;
}

// WhenAll: wait for all, get all results (in the order of the tasks, not
// the order they completed in).
ASYNC async::Task<std::vector<int>> GetAllResultsAsync() {
  std::vector<async::Task<int>> tasks = {
      GetScoreAsync("Alice"),
      GetScoreAsync("Bob"),
      GetScoreAsync("Charlie"),
  };
  std::vector<int> scores = co_await async::WhenAll(tasks);  // all results
  co_return scores;
}

class Mirrors {
 public:
  explicit Mirrors(std::vector<std::string> urls) : urls_(std::move(urls)) {}

  ASYNC async::Task<std::string> FetchAsync(std::string url) {
    std::string body = co_await httpClient_.GetStringAsync(url);
    co_return body;
  }

  // WhenAny: wait for the first to complete.
  ASYNC async::Task<std::string> GetFastestAsync() {
    for (const std::string& url : urls_) tasks_.push_back(FetchAsync(url));
    async::Task<std::string> first = co_await async::WhenAny(tasks_);
    std::string body = co_await first;
    co_return body;
  }

  // The others run on (as in .NET); wait for them before the server stops.
  ASYNC async::Task<> DrainAsync() { co_await async::WhenAll(tasks_); }
  void Dispose() { httpClient_.Dispose(); }

 private:
  std::vector<std::string> urls_;
  std::vector<async::Task<std::string>> tasks_;
  HttpClient httpClient_;
};

int Check(bool ok, const char* what) {
  std::printf("  %s: %s\n", what, ok ? "yes" : "NO");
  return ok ? 0 : 1;
}

ASYNC async::Task<int> MainAsync() {
  int failures = 0;

  std::printf("SequentialAsync:\n");
  g_maxInFlight = 0;
  co_await SequentialAsync();
  std::printf("  delays in flight at once: at most %d\n", g_maxInFlight);
  failures += Check(g_maxInFlight == 1, "each waited for the previous one: the times add up");

  std::printf("ConcurrentAsync:\n");
  g_maxInFlight = 0;
  co_await ConcurrentAsync();
  std::printf("  delays in flight at once: at most %d\n", g_maxInFlight);
  failures += Check(g_maxInFlight == 3, "all three waited together: the time is the longest one");

  std::printf("GetAllResultsAsync:\n");
  std::vector<int> scores = co_await GetAllResultsAsync();
  std::printf("  Alice %d, Bob %d, Charlie %d\n", scores[0], scores[1], scores[2]);
  failures += Check(scores == std::vector<int>({50, 30, 70}), "results in the order of the tasks");

  std::printf("GetFastestAsync:\n");
  example::HttpTestServer server = example::HttpTestServer::Start(async::net::IPEndPoint::Loopback(0));
  const std::string base = server.BaseUrl();
  Mirrors mirrors({base + "/slow/600", base + "/slow/20", base + "/slow/1200"});
  std::string fastest = co_await mirrors.GetFastestAsync();
  std::printf("  first answer: \"%s\"\n", fastest.c_str());
  failures += Check(fastest == "slow 20", "the 20 ms mirror won");
  co_await mirrors.DrainAsync();
  mirrors.Dispose();
  co_await server.StopAsync();

  std::printf("%s\n", failures == 0 ? "PASS" : "FAIL");
  co_return failures == 0 ? 0 : 1;
}

int main() { return async::AsyncContext::Run(MainAsync); }
