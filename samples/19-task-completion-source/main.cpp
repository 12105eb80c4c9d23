// Guide section "TaskCompletionSource".
//
//   // Wrapping an event-based API into a Task
//   public Task<string> WaitForUserInputAsync()
//   {
//       var tcs = new TaskCompletionSource<string>();
//       _inputReceived += (sender, args) => { tcs.TrySetResult(args.Text); };
//       _inputCanceled += (sender, args) => { tcs.TrySetCanceled(); };
//       return tcs.Task;
//   }
//
//   // Wrapping EAP (Event-based Async Pattern) to TAP
//   public Task<byte[]> DownloadDataAsync(Uri url)
//   {
//       var tcs = new TaskCompletionSource<byte[]>();
//       var webClient = new WebClient();
//       webClient.DownloadDataCompleted += (sender, e) =>
//       {
//           if (e.Error is not null) tcs.TrySetException(e.Error);
//           else if (e.Cancelled) tcs.TrySetCanceled();
//           else tcs.TrySetResult(e.Result);
//       };
//       webClient.DownloadDataAsync(url);
//       return tcs.Task;
//   }
//
//   Use TrySetResult, TrySetException, TrySetCanceled (the Try variants) to
//   avoid InvalidOperationException if the task has already been completed
//   by another source.
//
// C# events become a small Event<Args> (a list of handlers; `+=` is Add).
// WebClient is a stand-in with the same EAP shape: DownloadDataAsync
// returns at once and raises DownloadDataCompleted later on another thread,
// with Error, Cancelled or Result set; it "downloads" from a table.
#include <async/async.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using Bytes = std::vector<unsigned char>;

// A C# event: handlers added with Add (`+=`), called by Raise.
template <class Args>
class Event {
 public:
  void Add(std::function<void(const Args&)> handler) {
    std::lock_guard<std::mutex> lock(mutex_);
    handlers_.push_back(std::move(handler));
  }
  void Raise(const Args& args) {
    std::vector<std::function<void(const Args&)>> handlers;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      handlers = handlers_;
    }
    for (auto& h : handlers) h(args);
  }

 private:
  std::mutex mutex_;
  std::vector<std::function<void(const Args&)>> handlers_;
};

struct InputEventArgs {
  std::string Text;
};

class Console {
 public:
  Event<InputEventArgs> _inputReceived;
  Event<InputEventArgs> _inputCanceled;

  // Wrapping an event-based API into a Task.
  async::Task<std::string> WaitForUserInputAsync() {
    async::TaskCompletionSource<std::string> tcs;
    _inputReceived.Add([tcs](const InputEventArgs& args) mutable { tcs.TrySetResult(args.Text); });
    _inputCanceled.Add([tcs](const InputEventArgs&) mutable { tcs.TrySetCanceled(); });
    return tcs.Task();
  }
};

struct DownloadDataCompletedEventArgs {
  std::exception_ptr Error;
  bool Cancelled = false;
  Bytes Result;
};

// An EAP-style client: DownloadDataAsync starts the work and returns; the
// DownloadDataCompleted event reports the outcome from another thread.
class WebClient : public std::enable_shared_from_this<WebClient> {
 public:
  Event<DownloadDataCompletedEventArgs> DownloadDataCompleted;

  void DownloadDataAsync(std::string url) {
    auto self = shared_from_this();
    // (The work runs on the runtime's thread pool, which is joined at exit.)
    (void)async::Run([self, url] {
      std::this_thread::sleep_for(5ms);
      DownloadDataCompletedEventArgs e;
      if (url == "http://example.test/data") {
        e.Result = Bytes{'d', 'a', 't', 'a'};
      } else if (url == "http://example.test/slow") {
        e.Cancelled = true;  // as if CancelAsync() had been called
      } else {
        e.Error = std::make_exception_ptr(std::runtime_error("404 for " + url));
      }
      self->DownloadDataCompleted.Raise(e);
    });
  }
};

// Wrapping EAP to TAP.
async::Task<Bytes> DownloadDataAsync(std::string url) {
  async::TaskCompletionSource<Bytes> tcs;
  auto webClient = std::make_shared<WebClient>();
  webClient->DownloadDataCompleted.Add([tcs](const DownloadDataCompletedEventArgs& e) mutable {
    if (e.Error != nullptr) {
      tcs.TrySetException(e.Error);
    } else if (e.Cancelled) {
      tcs.TrySetCanceled();
    } else {
      tcs.TrySetResult(e.Result);
    }
  });
  webClient->DownloadDataAsync(url);
  return tcs.Task();
}

int Check(bool ok, const char* what) {
  std::printf("  %s: %s\n", what, ok ? "yes" : "NO");
  return ok ? 0 : 1;
}

ASYNC async::Task<int> MainAsync() {
  int failures = 0;
  Console console;

  std::printf("WaitForUserInputAsync, input arrives:\n");
  async::Task<std::string> input = console.WaitForUserInputAsync();
  failures += Check(!input.IsCompleted(), "pending until the event is raised");
  console._inputReceived.Raise(InputEventArgs{"hello"});
  std::string text = co_await input;
  std::printf("  input: \"%s\"\n", text.c_str());
  failures += Check(text == "hello", "TrySetResult completed the task");

  std::printf("WaitForUserInputAsync, input canceled:\n");
  Console console2;
  async::Task<std::string> canceled = console2.WaitForUserInputAsync();
  console2._inputCanceled.Raise(InputEventArgs{});
  console2._inputReceived.Raise(InputEventArgs{"too late"});  // TrySetResult: false, no exception
  try {
    co_await canceled;
    std::printf("  completed: WRONG\n");
    ++failures;
  } catch (const async::TaskCanceledException&) {
    std::printf("  TaskCanceledException\n");
  }
  failures += Check(canceled.IsCanceled(), "canceled; the later TrySetResult changed nothing");

  std::printf("DownloadDataAsync (EAP -> TAP):\n");
  Bytes data = co_await DownloadDataAsync("http://example.test/data");
  std::printf("  %zu bytes: %s\n", data.size(), std::string(data.begin(), data.end()).c_str());
  failures += Check(data == Bytes({'d', 'a', 't', 'a'}), "e.Result became the task's result");
  try {
    co_await DownloadDataAsync("http://example.test/missing");
    ++failures;
  } catch (const std::runtime_error& e) {
    std::printf("  e.Error became the task's exception: %s\n", e.what());
  }
  async::Task<Bytes> cancelled = DownloadDataAsync("http://example.test/slow");
  try {
    co_await cancelled;
    ++failures;
  } catch (const async::OperationCanceledException&) {
    std::printf("  e.Cancelled made the task Canceled\n");
  }
  failures += Check(cancelled.IsCanceled(), "the task is Canceled");

  std::printf("The Try variants:\n");
  async::TaskCompletionSource<int> tcs;
  failures += Check(tcs.TrySetResult(1), "the first TrySetResult returns true");
  failures += Check(!tcs.TrySetResult(2), "a second TrySetResult returns false");
  try {
    tcs.SetResult(3);
    ++failures;
  } catch (const async::InvalidOperationException&) {
    std::printf("  SetResult on a completed source throws InvalidOperationException\n");
  }
  int one = co_await tcs.Task();
  failures += Check(one == 1, "the task kept the first result");

  std::printf("%s\n", failures == 0 ? "PASS" : "FAIL");
  co_return failures == 0 ? 0 : 1;
}

int main() { return async::AsyncContext::Run(MainAsync); }
