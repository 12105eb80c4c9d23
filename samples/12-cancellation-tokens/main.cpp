// Guide section "Cancellation Tokens".
//
//   // Defining a cancellable async method
//   public async Task<Data> FetchDataAsync(CancellationToken cancellationToken)
//   {
//       var response = await httpClient.GetAsync(url, cancellationToken);
//       response.EnsureSuccessStatusCode();
//       return await response.Content.ReadFromJsonAsync<Data>(cancellationToken);
//   }
//
//   // Cancelling from the caller
//   public async Task ExampleAsync()
//   {
//       using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10)); // timeout
//       try { var data = await FetchDataAsync(cts.Token); }
//       catch (OperationCanceledException) { Console.WriteLine("Request was cancelled or timed out"); }
//   }
//
//   // Manual cancellation
//   public async Task ProcessAsync()
//   {
//       using var cts = new CancellationTokenSource();
//       // Cancel from another thread or event
//       _ = Task.Run(async () =>
//       {
//           await Task.Delay(5000);
//           cts.Cancel(); // triggers cancellation after 5 seconds
//       });
//       await LongRunningOperationAsync(cts.Token);
//   }
//
//   // Checking cancellation in your own code
//   public async Task ProcessItemsAsync(IEnumerable<Item> items, CancellationToken ct)
//   {
//       foreach (var item in items)
//       {
//           ct.ThrowIfCancellationRequested(); // throws OperationCanceledException
//           await ProcessItemAsync(item, ct);
//       }
//   }
//
// Differences: the body is read with ReadAsStringAsync and parsed by hand
// (this sample's server route answers plain text: "Hello, World!"). `using
// var cts` is a plain local: the source is released at the end of the
// scope. `_ = Task.Run(...)` is `(void)async::Run(...)`: a discard the tool
// does not warn about (CS4014 is for a call whose task is silently
// dropped). The timeouts are shorter.
#include "http_server.h"

#include <async/async.h>
#include <async/http/http.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using async::http::HttpClient;

struct Data {
  std::string greeting;  // "Hello"
  std::string subject;   // "World"
};

Data ParseData(const std::string& body) {  // "Hello, World!"
  std::size_t comma = body.find(", ");
  if (comma == std::string::npos || body.empty() || body.back() != '!') {
    throw async::InvalidOperationException("unexpected body: " + body);
  }
  return Data{body.substr(0, comma), body.substr(comma + 2, body.size() - comma - 3)};
}

class Api {
 public:
  explicit Api(std::string url) : url_(std::move(url)) {}
  void SetUrl(std::string url) { url_ = std::move(url); }
  void Dispose() { httpClient_.Dispose(); }

  // A cancellable async method: the token goes to every call that waits.
  ASYNC async::Task<Data> FetchDataAsync(async::CancellationToken cancellationToken) {
    auto response = co_await httpClient_.GetAsync(url_, cancellationToken);
    response.EnsureSuccessStatusCode();
    std::string body = co_await response.Content().ReadAsStringAsync(cancellationToken);
    co_return ParseData(body);
  }

  // Cancelling from the caller: a timeout.
  ASYNC async::Task<bool> ExampleAsync(std::chrono::milliseconds timeout) {
    async::CancellationTokenSource cts(timeout);  // timeout
    try {
      Data data = co_await FetchDataAsync(cts.Token());
      std::printf("  data: greeting \"%s\", subject \"%s\"\n", data.greeting.c_str(), data.subject.c_str());
      co_return true;
    } catch (const async::OperationCanceledException&) {
      std::printf("  Request was cancelled or timed out\n");
    }
    co_return false;
  }

 private:
  std::string url_;
  HttpClient httpClient_;
};

int g_rounds = 0;

ASYNC async::Task<> LongRunningOperationAsync(async::CancellationToken ct) {
  for (;;) {
    co_await async::Delay(10ms, ct);  // throws TaskCanceledException once ct is canceled
    ++g_rounds;
  }
}

// Manual cancellation, from another thread.
ASYNC async::Task<> ProcessAsync() {
  async::CancellationTokenSource cts;
  // Cancel from another thread or event (a fire-and-forget job on the pool).
  // (The lambda holds a copy of the source, a shared handle: the source
  // must live until Cancel() has returned, after ProcessAsync may be gone.)
  (void)async::Run([cts]() ASYNC mutable -> async::Task<> {
    co_await async::Delay(100ms);
    cts.Cancel();  // triggers cancellation after 100 ms
  });
  co_await LongRunningOperationAsync(cts.Token());
}

std::vector<int> g_processed;
async::CancellationTokenSource g_stopSource;  // canceled once item 2 is done

ASYNC async::Task<> ProcessItemAsync(int item, async::CancellationToken ct) {
  co_await async::Delay(5ms, ct);
  g_processed.push_back(item);
  if (item == 2) g_stopSource.Cancel();  // the "event" that cancels the loop
}

// Checking cancellation in your own code.
ASYNC async::Task<> ProcessItemsAsync(std::vector<int> items, async::CancellationToken ct) {
  for (int item : items) {
    ct.ThrowIfCancellationRequested();  // throws OperationCanceledException
    co_await ProcessItemAsync(item, ct);
  }
}

int Check(bool ok, const char* what) {
  std::printf("  %s: %s\n", what, ok ? "yes" : "NO");
  return ok ? 0 : 1;
}

ASYNC async::Task<int> MainAsync() {
  int failures = 0;
  example::HttpTestServer server = example::HttpTestServer::Start(async::net::IPEndPoint::Loopback(0));
  Api api(server.BaseUrl() + "/hello");

  std::printf("ExampleAsync, a 10 s timeout, a fast server:\n");
  bool ok = co_await api.ExampleAsync(10s);
  failures += Check(ok, "the data arrived");

  std::printf("ExampleAsync, a 50 ms timeout, a server that takes 2 s:\n");
  api.SetUrl(server.BaseUrl() + "/hello?delay=2000");
  bool late = co_await api.ExampleAsync(50ms);
  failures += Check(!late, "OperationCanceledException was caught");

  std::printf("ProcessAsync (canceled by another thread after 100 ms):\n");
  async::Task<> process = ProcessAsync();
  try {
    co_await process;
    std::printf("  completed: WRONG\n");
    ++failures;
  } catch (const async::OperationCanceledException&) {
    std::printf("  LongRunningOperationAsync stopped with OperationCanceledException\n");
  }
  failures += Check(process.IsCanceled(), "ProcessAsync's task is Canceled, not Faulted");
  failures += Check(g_rounds > 0, "the operation ran until it was canceled");

  std::printf("ProcessItemsAsync (canceled when item 2 is done):\n");
  async::Task<> items = ProcessItemsAsync({0, 1, 2, 3, 4}, g_stopSource.Token());
  try {
    co_await items;
  } catch (const async::OperationCanceledException&) {
    std::printf("  ThrowIfCancellationRequested threw OperationCanceledException\n");
  }
  std::string done;
  for (int i : g_processed) done += std::to_string(i) + " ";
  std::printf("  processed: %s\n", done.c_str());
  failures += Check(items.IsCanceled(), "the task is Canceled");
  failures += Check(g_processed == std::vector<int>({0, 1, 2}), "items 3 and 4 were never processed");

  api.Dispose();
  co_await server.StopAsync();
  std::printf("%s\n", failures == 0 ? "PASS" : "FAIL");
  co_return failures == 0 ? 0 : 1;
}

int main() { return async::AsyncContext::Run(MainAsync); }
