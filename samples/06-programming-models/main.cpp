// Guide section "Async Programming Models Evolution": APM, EAP and TAP.
//
//   Model  Era       Approach                 Composable  Cancellation       Error Handling
//   APM    .NET 1.x  Begin/End + IAsyncResult No          Manual             EndXxx throws
//   EAP    .NET 2.0  Events + XxxCompleted    No          Limited            Event args
//   TAP    .NET 4.0+ Task + async/await       Yes         CancellationToken  try/catch
//
//   // APM — the original callback-based pattern:
//   stream.BeginRead(buffer, 0, buffer.Length, ar =>
//   {
//       int bytesRead = stream.EndRead(ar);
//       // nested callbacks → "callback hell"
//   }, null);
//
//   // EAP — event-based pattern:
//   webClient.DownloadDataCompleted += (sender, e) =>
//   {
//       byte[] data = e.Result; // hard to compose, chain, or cancel
//   };
//   webClient.DownloadDataAsync(url);
//
//   // TAP — the modern pattern we use today:
//   public async Task<byte[]> DownloadDataAsync(Uri url)
//   {
//       var response = await httpClient.GetAsync(url);
//       return await response.Content.ReadAsByteArrayAsync();
//   }
//
// In C++: an APM stream (BeginRead/EndRead with async::IAsyncResult and
// async::AsyncCallback) read with nested callbacks, then bridged to a task
// with async::FromAsync (.NET's Task.Factory.FromAsync); an EAP WebClient
// (an event raised on the caller's SynchronizationContext, as .NET's
// AsyncOperationManager does) used raw, then bridged with a
// TaskCompletionSource (the documented recipe); and TAP with
// async::http::HttpClient against the test server started in this process.
#include <async/async.h>
#include <async/http/http.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "http_server.h"

int g_failures = 0;
void Check(bool ok, const char* what) {
  if (!ok) {
    std::printf("WRONG: %s\n", what);
    ++g_failures;
  }
}

// ---- APM ----------------------------------------------------------------------

// An in-memory stream with the APM pair; each read completes on the thread
// pool (as an overlapped read completes on an I/O thread).
class ApmStream {
 public:
  explicit ApmStream(std::string data) : data_(std::move(data)) {}

  class ReadResult final : public async::IAsyncResult {
   public:
    bool IsCompleted() const override {
      std::lock_guard<std::mutex> lock(mutex_);
      return done_;
    }
    bool CompletedSynchronously() const override { return false; }
    // ar.AsyncWaitHandle.WaitOne()
    void WaitOne() const {
      std::unique_lock<std::mutex> lock(mutex_);
      cv_.wait(lock, [this] { return done_; });
    }
    void Complete(int n) {
      std::lock_guard<std::mutex> lock(mutex_);
      bytes_ = n;
      done_ = true;
      cv_.notify_all();
    }
    int Bytes() const {
      std::lock_guard<std::mutex> lock(mutex_);
      return bytes_;
    }

   private:
    mutable std::mutex mutex_;
    mutable std::condition_variable cv_;
    bool done_ = false;
    int bytes_ = 0;
  };

  std::shared_ptr<async::IAsyncResult> BeginRead(char* buffer, int offset, int count,
                                                 async::AsyncCallback callback) {
    auto ar = std::make_shared<ReadResult>();
    std::size_t from = position_;
    std::size_t n = std::min<std::size_t>(static_cast<std::size_t>(count), data_.size() - from);
    position_ += n;
    // Fire and forget: the callback is how the caller learns of completion.
    (void)async::Run([this, ar, buffer, offset, from, n, callback] {
      std::memcpy(buffer + offset, data_.data() + from, n);
      ar->Complete(static_cast<int>(n));
      if (callback) callback(ar);
    });
    return ar;
  }
  // EndXxx: waits if needed, returns the result (or throws the error).
  int EndRead(const std::shared_ptr<async::IAsyncResult>& ar) {
    auto& r = static_cast<ReadResult&>(*ar);
    r.WaitOne();
    return r.Bytes();
  }

 private:
  std::string data_;
  std::size_t position_ = 0;
};

const char* const kText = "APM, then EAP, then TAP";

// Nested callbacks: read 8 bytes, then the rest, then report.
void ReadWithCallbacks() {
  ApmStream stream(kText);
  std::vector<char> buffer(64);
  std::promise<std::string> finished;
  stream.BeginRead(buffer.data(), 0, 8, [&](std::shared_ptr<async::IAsyncResult> ar) {
    int first = stream.EndRead(ar);
    std::printf("  callback 1: %d bytes\n", first);
    // nested callbacks -> "callback hell"
    stream.BeginRead(buffer.data(), first, 56, [&, first](std::shared_ptr<async::IAsyncResult> ar2) {
      int second = stream.EndRead(ar2);
      std::printf("  callback 2: %d bytes\n", second);
      finished.set_value(std::string(buffer.data(), static_cast<std::size_t>(first + second)));
    });
  });
  std::string text = finished.get_future().get();
  std::printf("  read \"%s\"\n", text.c_str());
  Check(text == kText, "APM read the whole text");
}

// The same read as a task (Task.Factory.FromAsync): linear code again.
async::Task<int> ReadAsync(ApmStream& stream, char* buffer, int offset, int count) {
  return async::FromAsync(
      [&stream, buffer, offset, count](async::AsyncCallback callback) {
        return stream.BeginRead(buffer, offset, count, std::move(callback));
      },
      [&stream](std::shared_ptr<async::IAsyncResult> ar) { return stream.EndRead(ar); });
}

ASYNC async::Task<std::string> ReadAllWithFromAsync() {
  ApmStream stream(kText);
  std::vector<char> buffer(64);
  int total = 0;
  for (;;) {
    int n = co_await ReadAsync(stream, buffer.data(), total, 8);
    if (n == 0) break;
    std::printf("  awaited %d bytes\n", n);
    total += n;
  }
  co_return std::string(buffer.data(), static_cast<std::size_t>(total));
}

// ---- EAP ----------------------------------------------------------------------

struct DownloadDataCompletedEventArgs {
  std::vector<std::uint8_t> Result;
  std::exception_ptr Error;
  bool Cancelled = false;
};

// System.Net.WebClient's event-based API. Like .NET's AsyncOperationManager,
// DownloadDataAsync captures the caller's SynchronizationContext, tells it
// an operation started (so AsyncContext::Run waits for it), and raises
// DownloadDataCompleted there.
class WebClient {
 public:
  using Handler = std::function<void(const DownloadDataCompletedEventArgs&)>;
  // event: += and -=
  struct Event {
    void Add(std::shared_ptr<Handler> h) { handlers.push_back(std::move(h)); }
    void Remove(const std::shared_ptr<Handler>& h) {
      handlers.erase(std::remove(handlers.begin(), handlers.end(), h), handlers.end());
    }
    std::vector<std::shared_ptr<Handler>> handlers;
  } DownloadDataCompleted;

  void DownloadDataAsync(std::string url) {
    async::SynchronizationContext* context = async::SynchronizationContext::Current();
    if (context != nullptr) context->OperationStarted();
    client_.GetByteArrayAsync(url).ContinueWith(
        [this, context](async::Task<std::vector<std::uint8_t>> t) {
          DownloadDataCompletedEventArgs e;
          if (t.IsCompletedSuccessfully()) {
            e.Result = t.Result();
          } else if (t.IsCanceled()) {
            e.Cancelled = true;
          } else {
            e.Error = t.Exception()->InnerExceptions().front();
          }
          auto raise = [this, e] {
            auto handlers = DownloadDataCompleted.handlers;  // a handler may unsubscribe
            for (auto& h : handlers) (*h)(e);
          };
          if (context != nullptr) {
            context->Post(raise);
            context->OperationCompleted();
          } else {
            raise();
          }
        },
        async::TaskContinuationOptions::ExecuteSynchronously);
  }

 private:
  async::http::HttpClient client_;
};

// The EAP -> TAP recipe: a TaskCompletionSource completed by the event.
async::Task<std::vector<std::uint8_t>> DownloadDataTaskAsync(WebClient& client, std::string url) {
  async::TaskCompletionSource<std::vector<std::uint8_t>> tcs;
  auto handler = std::make_shared<WebClient::Handler>();
  *handler = [tcs, &client, weak = std::weak_ptr<WebClient::Handler>(handler)](
                 const DownloadDataCompletedEventArgs& e) mutable {
    client.DownloadDataCompleted.Remove(weak.lock());  // -= before completing
    if (e.Cancelled) {
      tcs.TrySetCanceled();
    } else if (e.Error) {
      tcs.TrySetException(e.Error);
    } else {
      tcs.TrySetResult(e.Result);
    }
  };
  client.DownloadDataCompleted.Add(handler);
  client.DownloadDataAsync(std::move(url));
  return tcs.Task();
}

// ---- TAP ----------------------------------------------------------------------

ASYNC async::Task<std::vector<std::uint8_t>> DownloadDataAsync(async::http::HttpClient& httpClient,
                                                               std::string url) {
  auto response = co_await httpClient.GetAsync(url);
  auto bytes = co_await response.Content().ReadAsByteArrayAsync();
  co_return bytes;
}

std::string Text(const std::vector<std::uint8_t>& data) { return std::string(data.begin(), data.end()); }

ASYNC async::Task<int> MainAsync(std::string base) {
  std::printf("APM bridged with FromAsync:\n");
  std::string text = co_await ReadAllWithFromAsync();
  std::printf("  read \"%s\"\n", text.c_str());
  Check(text == kText, "FromAsync read the whole text");

  std::printf("EAP bridged with a TaskCompletionSource:\n");
  WebClient web;
  std::vector<std::uint8_t> eap = co_await DownloadDataTaskAsync(web, base + "/bytes/5");
  std::printf("  awaited %zu bytes: %s\n", eap.size(), Text(eap).c_str());
  Check(Text(eap) == "abcde", "EAP bridge");
  try {
    co_await DownloadDataTaskAsync(web, base + "/status/503");
  } catch (const async::http::HttpRequestException& e) {
    std::printf("  error from the event args, rethrown by await: %s\n", e.what());
  }
  Check(web.DownloadDataCompleted.handlers.empty(), "the bridge unsubscribed its handlers");

  std::printf("TAP:\n");
  async::http::HttpClient httpClient;
  std::vector<std::uint8_t> tap = co_await DownloadDataAsync(httpClient, base + "/hello");
  std::printf("  awaited %zu bytes: %s\n", tap.size(), Text(tap).c_str());
  Check(Text(tap) == "Hello, World!", "TAP download");
  co_return 0;
}

int main() {
  std::printf("APM with nested callbacks:\n");
  ReadWithCallbacks();

  auto server = example::HttpTestServer::Start(async::net::IPEndPoint::Loopback(0));
  std::string base = server.BaseUrl();

  std::printf("EAP, raw: an event handler; AsyncContext::Run waits for the operation\n");
  WebClient raw;
  std::string received;
  raw.DownloadDataCompleted.Add(std::make_shared<WebClient::Handler>([&](const DownloadDataCompletedEventArgs& e) {
    received = Text(e.Result);  // hard to compose, chain, or cancel
    std::printf("  DownloadDataCompleted: %zu bytes\n", e.Result.size());
  }));
  async::AsyncContext::Run([&] {
    raw.DownloadDataAsync(base + "/bytes/3");
    std::printf("  DownloadDataAsync returned at once\n");
    return async::CompletedTask();
  });
  Check(received == "abc", "EAP raw download");

  int code = async::AsyncContext::Run([&] { return MainAsync(base); });
  server.StopAsync().Wait();
  std::printf("%s\n", g_failures == 0 && code == 0 ? "done" : "FAILED");
  return g_failures == 0 && code == 0 ? 0 : 1;
}
