// Guide section "Retry and Resilience".
//
//   // Manual retry with exponential backoff
//   public async Task<string> FetchWithRetryAsync(string url, int maxRetries = 3)
//   {
//       for (int attempt = 0; attempt <= maxRetries; attempt++)
//       {
//           try
//           {
//               return await httpClient.GetStringAsync(url);
//           }
//           catch (HttpRequestException) when (attempt < maxRetries)
//           {
//               var delay = TimeSpan.FromSeconds(Math.Pow(2, attempt)); // 1s, 2s, 4s
//               await Task.Delay(delay);
//           }
//       }
//       throw new HttpRequestException($"Failed after {maxRetries} retries");
//   }
//
//   // Using Polly
//   var retryPolicy = Policy
//       .Handle<HttpRequestException>()
//       .Or<TaskCanceledException>()
//       .WaitAndRetryAsync(3, attempt => TimeSpan.FromSeconds(Math.Pow(2, attempt)));
//
//   var result = await retryPolicy.ExecuteAsync(async () =>
//   {
//       var response = await httpClient.GetAsync(url);
//       response.EnsureSuccessStatusCode();
//       return await response.Content.ReadAsStringAsync();
//   });
//
// Differences: the HttpClient calls are replaced by a local flaky
// operation (FlakyEndpoint) that fails a given number of times with
// HttpRequestException (or, once, with TaskCanceledException, as a
// timeout would) and then answers, so that the retries are deterministic
// and no server is needed. The backoff is in milliseconds (1, 2, 4 ms)
// instead of seconds. C++ has no exception filter (`when`) and no await
// in a catch block: the handler records the failure and the delay is
// awaited after it.
#include <async/async.h>
#include <async/http/http_request_exception.h>

#include <chrono>
#include <cstdio>
#include <string>

using namespace std::chrono_literals;
using async::http::HttpRequestException;

// Stands in for httpClient.GetStringAsync(url): fails `failures` times.
struct FlakyEndpoint {
  int failures;
  bool first_is_timeout = false;
  int calls = 0;
  ASYNC async::Task<std::string> GetStringAsync(std::string url) {
    ++calls;
    co_await async::Delay(1ms);
    if (calls <= failures) {
      if (first_is_timeout && calls == 1) throw async::TaskCanceledException();
      throw HttpRequestException("503 from " + url + " (call " + std::to_string(calls) + ")");
    }
    co_return "content of " + url;
  }
};

ASYNC async::Task<std::string> FetchWithRetryAsync(FlakyEndpoint& http, std::string url, int maxRetries = 3) {
  for (int attempt = 0; attempt <= maxRetries; attempt++) {
    bool retry = false;
    try {
      co_return co_await http.GetStringAsync(url);
    } catch (const HttpRequestException& e) {
      if (attempt >= maxRetries) throw;  // the `when` filter
      std::printf("  attempt %d failed: %s\n", attempt, e.what());
      retry = true;
    }
    if (retry) {
      auto delay = std::chrono::milliseconds(1 << attempt);  // 1ms, 2ms, 4ms
      co_await async::Delay(delay);
    }
  }
  throw HttpRequestException("Failed after " + std::to_string(maxRetries) + " retries");
}

ASYNC async::Task<int> MainAsync() {
  int wrong = 0;

  std::printf("manual retry:\n");
  FlakyEndpoint twice{2};
  std::string a = co_await FetchWithRetryAsync(twice, "https://api.example.com/a");
  std::printf("  -> %s after %d calls\n", a.c_str(), twice.calls);
  wrong += twice.calls != 3;

  FlakyEndpoint down{100};
  try {
    co_await FetchWithRetryAsync(down, "https://api.example.com/down");
  } catch (const HttpRequestException& e) {
    std::printf("  -> gave up: %s (%d calls)\n", e.what(), down.calls);
    wrong += down.calls != 4;
  }

  std::printf("policy:\n");
  auto retryPolicy = async::Policy::Handle<HttpRequestException>()
                         .Or<async::TaskCanceledException>()
                         .WaitAndRetryAsync(3, [](int attempt) {
                           std::printf("  retry %d after %d ms\n", attempt, 1 << attempt);
                           return std::chrono::milliseconds(1 << attempt);
                         });
  FlakyEndpoint flaky{2, /*first_is_timeout=*/true};
  std::string result = co_await retryPolicy.ExecuteAsync([&]() ASYNC -> async::Task<std::string> {
    std::string body = co_await flaky.GetStringAsync("https://api.example.com/b");
    co_return body;
  });
  std::printf("  -> %s after %d calls\n", result.c_str(), flaky.calls);
  wrong += flaky.calls != 3;

  std::printf("%s\n", wrong == 0 ? "ok" : "WRONG");
  co_return wrong == 0 ? 0 : 1;
}

int main() { return async::AsyncContext::Run(MainAsync); }
