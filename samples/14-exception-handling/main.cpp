// Guide section "Exception Handling".
//
//   // Exceptions are caught on the await
//   public async Task SafeFetchAsync()
//   {
//       try
//       {
//           var data = await FetchDataAsync();
//       }
//       catch (HttpRequestException ex)
//       {
//           Console.WriteLine($"HTTP error: {ex.Message}");
//       }
//       catch (OperationCanceledException)
//       {
//           Console.WriteLine("Operation was cancelled");
//       }
//       finally
//       {
//           Cleanup();
//       }
//   }
//
//   // Observing all exceptions from WhenAll
//   public async Task ObserveAllErrorsAsync()
//   {
//       var tasks = urls.Select(url => FetchAsync(url));
//       var allTasks = Task.WhenAll(tasks);
//       try
//       {
//           await allTasks;
//       }
//       catch
//       {
//           // allTasks.Exception contains all exceptions as AggregateException
//           foreach (var ex in allTasks.Exception!.InnerExceptions)
//           {
//               Console.WriteLine($"Error: {ex.Message}");
//           }
//       }
//   }
//
// C++ has no `finally`: Cleanup() runs from the destructor of a scope
// guard declared before the try, which runs on every way out (normal end,
// a caught exception, one that propagates). `catch` without a type is
// `catch (...)`. InnerExceptions() is a vector of std::exception_ptr, so
// each is rethrown to read its message.
#include "http_server.h"

#include <async/async.h>
#include <async/http/http.h>

#include <cstdio>
#include <exception>
#include <functional>
#include <string>
#include <vector>

using async::http::HttpClient;

int g_cleanups = 0;
void Cleanup() {
  ++g_cleanups;
  std::printf("  Cleanup()\n");
}

// `finally`: runs its function when the scope is left, however it is left.
// (Not a template over the lambda's type: a local of an ASYNC function that
// lives across a co_await becomes a field of the state machine, and a field
// needs a type that can be named.)
class Finally {
 public:
  explicit Finally(std::function<void()> f) : f_(std::move(f)) {}
  Finally(const Finally&) = delete;
  Finally& operator=(const Finally&) = delete;
  ~Finally() { f_(); }

 private:
  std::function<void()> f_;
};

class Client {
 public:
  explicit Client(std::string base) : base_(std::move(base)) {}
  void Dispose() { httpClient_.Dispose(); }

  ASYNC async::Task<std::string> FetchAsync(std::string url, async::CancellationToken ct = {}) {
    auto response = co_await httpClient_.GetAsync(url, ct);
    response.EnsureSuccessStatusCode();
    std::string body = co_await response.Content().ReadAsStringAsync(ct);
    co_return body;
  }

  ASYNC async::Task<> SafeFetchAsync(std::string path, async::CancellationToken ct) {
    Finally cleanup([] { Cleanup(); });  // finally { Cleanup(); }
    try {
      std::string data = co_await FetchAsync(base_ + path, ct);
      std::printf("  data: %s\n", data.c_str());
    } catch (const async::http::HttpRequestException& ex) {
      std::printf("  HTTP error: %s\n", ex.what());
    } catch (const async::OperationCanceledException&) {
      std::printf("  Operation was cancelled\n");
    }
  }

  ASYNC async::Task<int> ObserveAllErrorsAsync(std::vector<std::string> urls) {
    std::vector<async::Task<std::string>> tasks;
    for (const std::string& url : urls) tasks.push_back(FetchAsync(base_ + url));
    async::Task<std::vector<std::string>> allTasks = async::WhenAll(tasks);
    int errors = 0;
    try {
      co_await allTasks;
    } catch (...) {
      // await rethrew the first; allTasks.Exception() holds them all.
      for (const std::exception_ptr& ex : allTasks.Exception()->InnerExceptions()) {
        try {
          std::rethrow_exception(ex);
        } catch (const std::exception& e) {
          std::printf("  Error: %s\n", e.what());
          ++errors;
        }
      }
    }
    co_return errors;
  }

 private:
  std::string base_;
  HttpClient httpClient_;
};

int Check(bool ok, const char* what) {
  std::printf("  %s: %s\n", what, ok ? "yes" : "NO");
  return ok ? 0 : 1;
}

ASYNC async::Task<int> MainAsync() {
  int failures = 0;
  example::HttpTestServer server = example::HttpTestServer::Start(async::net::IPEndPoint::Loopback(0));
  Client client(server.BaseUrl());

  std::printf("SafeFetchAsync, success:\n");
  co_await client.SafeFetchAsync("/hello", async::CancellationToken::None());
  std::printf("SafeFetchAsync, a 500 from the server:\n");
  co_await client.SafeFetchAsync("/status/500", async::CancellationToken::None());
  std::printf("SafeFetchAsync, canceled:\n");
  async::CancellationTokenSource cts;
  cts.Cancel();
  co_await client.SafeFetchAsync("/hello", cts.Token());
  failures += Check(g_cleanups == 3, "Cleanup ran on each of the three ways out");

  std::printf("ObserveAllErrorsAsync:\n");
  std::vector<std::string> urls = {"/status/404", "/hello", "/status/503", "/status/500"};
  int errors = co_await client.ObserveAllErrorsAsync(urls);
  failures += Check(errors == 3, "three errors observed, in the order of the tasks");

  client.Dispose();
  co_await server.StopAsync();
  std::printf("%s\n", failures == 0 ? "PASS" : "FAIL");
  co_return failures == 0 ? 0 : 1;
}

int main() { return async::AsyncContext::Run(MainAsync); }
