// Guide section "SynchronizationContext": where a continuation runs after
// an await.
//
//   // In WPF — await captures UI SynchronizationContext by default
//   private async void Button_Click(object sender, EventArgs e)
//   {
//       var data = await FetchDataAsync(); // resumes on UI thread
//       Label.Text = data; // safe — we're on UI thread
//   }
//
//   // With ConfigureAwait(false) — resumes on thread pool thread
//   private async Task<string> LibraryMethodAsync()
//   {
//       var data = await FetchDataAsync().ConfigureAwait(false); // resumes on any thread
//       return data.Trim(); // NOT on UI thread — can't update UI here
//   }
//
// The "UI thread" is the main thread running async::AsyncContext::Run: a
// single-threaded SynchronizationContext that runs posted continuations in
// order, as a WPF Dispatcher does. Label checks the thread it is touched
// on, as WinForms controls do ("Cross-thread operation not valid").
#include <async/async.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

std::thread::id g_uiThread;

bool OnUiThread() { return std::this_thread::get_id() == g_uiThread; }

// A control that may only be touched on the UI thread.
class Label {
 public:
  void SetText(std::string text) {
    if (!OnUiThread()) {
      throw async::InvalidOperationException("Cross-thread operation not valid: Label accessed "
                                             "from a thread other than the UI thread");
    }
    text_ = std::move(text);
  }
  const std::string& Text() const { return text_; }

 private:
  std::string text_;
};

// An event with async void handlers (C#'s `button.Click += ...`).
class Button {
 public:
  std::vector<std::function<async::AsyncVoid()>> Click;
  void PerformClick() {
    for (auto& handler : Click) handler();
  }
};

// The data source, written as library code: its own await does not come
// back to the UI thread, so its task completes on a thread pool thread (the
// timer's), as an I/O completion would. (Were it to resume on the UI thread,
// its task would complete there, and a ConfigureAwait(false) continuation of
// it would run inline on the UI thread too: ConfigureAwait(false) means "do
// not capture", not "leave this thread".)
// (100 ms: long enough that the caller's await always finds it pending.)
ASYNC async::Task<std::string> FetchDataAsync() {
  co_await async::Delay(100ms).ConfigureAwait(false);
  co_return std::string("  fetched data  ");
}

Label label;
async::TaskCompletionSource<> g_clickHandled;

// The event handler: async void (async::AsyncVoid), the one valid use.
ASYNC async::AsyncVoid Button_Click() {
  std::string data = co_await FetchDataAsync();  // resumes on UI thread
  std::printf("Button_Click: resumed on the UI thread: %s\n", OnUiThread() ? "yes" : "no");
  label.SetText(data);  // safe: we're on the UI thread
  std::printf("Button_Click: Label.Text = \"%s\"\n", label.Text().c_str());
  g_clickHandled.SetResult();
}

std::string Trim(const std::string& s) {
  std::size_t b = s.find_first_not_of(' '), e = s.find_last_not_of(' ');
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

bool g_libraryOnUiThread = true;
bool g_libraryLabelRefused = false;

// Library code: ConfigureAwait(false) resumes on any thread.
ASYNC async::Task<std::string> LibraryMethodAsync() {
  std::string data = co_await FetchDataAsync().ConfigureAwait(false);  // resumes on any thread
  g_libraryOnUiThread = OnUiThread() || async::SynchronizationContext::Current() != nullptr;
  try {
    label.SetText("from the library");  // NOT on the UI thread: can't update UI here
  } catch (const async::InvalidOperationException&) {
    g_libraryLabelRefused = true;
  }
  co_return Trim(data);
}

ASYNC async::Task<int> UiMainAsync() {
  int failures = 0;
  std::printf("UI thread: SynchronizationContext::Current() is set: %s\n",
              async::SynchronizationContext::Current() != nullptr ? "yes" : "no");
  failures += async::SynchronizationContext::Current() != nullptr ? 0 : 1;

  Button button;
  button.Click.push_back([] { return Button_Click(); });
  button.PerformClick();  // runs the handler to its first await, then returns
  std::printf("PerformClick returned; the handler is waiting for FetchDataAsync\n");
  co_await g_clickHandled.Task();
  failures += label.Text() == "  fetched data  " ? 0 : 1;

  std::string trimmed = co_await LibraryMethodAsync();
  std::printf("LibraryMethodAsync: after ConfigureAwait(false) it ran on the UI thread: %s\n",
              g_libraryOnUiThread ? "yes" : "no");
  std::printf("LibraryMethodAsync: setting Label.Text there threw InvalidOperationException: %s\n",
              g_libraryLabelRefused ? "yes" : "no");
  std::printf("LibraryMethodAsync returned \"%s\"; the caller is back on the UI thread: %s\n",
              trimmed.c_str(), OnUiThread() ? "yes" : "no");
  failures += !g_libraryOnUiThread && g_libraryLabelRefused && trimmed == "fetched data" && OnUiThread() ? 0 : 1;
  failures += label.Text() == "  fetched data  " ? 0 : 1;
  co_return failures;
}

// A console app (and ASP.NET Core) has no SynchronizationContext: a
// continuation resumes on a thread pool thread.
ASYNC async::Task<bool> ConsoleContinuationAsync() {
  std::thread::id before = std::this_thread::get_id();
  co_await FetchDataAsync();
  co_return std::this_thread::get_id() != before;
}

int main() {
  int failures = 0;
  std::printf("Console app: SynchronizationContext::Current() is null: %s\n",
              async::SynchronizationContext::Current() == nullptr ? "yes" : "no");
  bool moved = ConsoleContinuationAsync().Result();
  std::printf("Console app: the continuation ran on a thread pool thread: %s\n", moved ? "yes" : "no");
  failures += moved ? 0 : 1;

  g_uiThread = std::this_thread::get_id();
  failures += async::AsyncContext::Run(UiMainAsync);
  std::printf("%s\n", failures == 0 ? "PASS" : "FAIL");
  return failures == 0 ? 0 : 1;
}
