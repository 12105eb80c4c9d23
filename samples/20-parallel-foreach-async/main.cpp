// Guide section "Parallel.ForEachAsync".
//
//   public async Task ProcessUrlsAsync(IEnumerable<string> urls)
//   {
//       await Parallel.ForEachAsync(
//           urls,
//           new ParallelOptions
//           {
//               MaxDegreeOfParallelism = 5,
//               CancellationToken = cancellationToken
//           },
//           async (url, ct) =>
//           {
//               var data = await httpClient.GetStringAsync(url, ct);
//               await ProcessDataAsync(data, ct);
//           });
//   }
//
// Differences: httpClient.GetStringAsync is replaced by a local
// asynchronous fetch (a short delay, then a page text), so that the sample
// needs no server; the program counts how many bodies run at once to show
// that MaxDegreeOfParallelism = 5 holds. ParallelOptions is an aggregate
// with public fields. The bodies run on the thread pool, in any order: the
// output is printed after the loop, sorted.
#include <async/async.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

using namespace std::chrono_literals;

// Stands in for httpClient.GetStringAsync(url, ct).
ASYNC async::Task<std::string> GetStringAsync(std::string url, async::CancellationToken ct) {
  co_await async::Delay(2ms, ct);
  co_return "<page of " + url + ">";
}

struct Processor {
  std::mutex mutex;
  std::vector<std::string> processed;
  std::atomic<int> active{0};
  std::atomic<int> peak{0};

  ASYNC async::Task<> ProcessDataAsync(std::string data, async::CancellationToken ct) {
    co_await async::Yield();
    ct.ThrowIfCancellationRequested();
    std::lock_guard<std::mutex> lock(mutex);
    processed.push_back(data);
  }

  ASYNC async::Task<> ProcessUrlsAsync(std::vector<std::string> urls, async::CancellationToken cancellationToken) {
    async::ParallelOptions options;
    options.MaxDegreeOfParallelism = 5;
    options.CancellationToken = cancellationToken;
    co_await async::Parallel::ForEachAsync(urls, options,
        [this](const std::string& url, async::CancellationToken ct) ASYNC -> async::Task<> {
          int now = ++active;
          int seen = peak.load();
          while (now > seen && !peak.compare_exchange_weak(seen, now)) {
          }
          std::string data = co_await GetStringAsync(url, ct);
          co_await ProcessDataAsync(data, ct);
          --active;
        });
  }
};

ASYNC async::Task<int> MainAsync() {
  std::vector<std::string> urls;
  for (int i = 1; i <= 12; ++i) urls.push_back("https://example.com/" + std::to_string(i));
  Processor p;
  async::CancellationTokenSource cts;
  co_await p.ProcessUrlsAsync(urls, cts.Token());
  std::sort(p.processed.begin(), p.processed.end());
  for (const std::string& d : p.processed) std::printf("%s\n", d.c_str());
  bool ok = p.processed.size() == urls.size() && p.peak.load() <= 5;
  std::printf("%zu pages, at most 5 at once: %s\n", p.processed.size(), p.peak.load() <= 5 ? "yes" : "no");
  co_return ok ? 0 : 1;
}

int main() { return async::AsyncContext::Run(MainAsync); }
