// Guide section "Common Pitfalls: Missing Await".
//
//   // Bad — fire-and-forget, exceptions are silently swallowed
//   public Task ProcessAsync()
//   {
//       _ = SendEmailAsync(); // not awaited, errors are lost
//       return SaveAsync();
//   }
//
//   // Good — await all tasks unless you intentionally want fire-and-forget
//   public async Task ProcessAsync()
//   {
//       await SendEmailAsync();
//       await SaveAsync();
//   }
//
//   // Intentional fire-and-forget (acknowledge with a comment)
//   public async Task ProcessAsync()
//   {
//       _ = SendEmailAsync(); // fire-and-forget: email failure doesn't affect the main flow
//       await SaveAsync();
//   }
//
// C#'s `_ = F();` is `(void)F();` here. The plainer mistake is to write
// `SendEmailAsync();` in an async method: C# warns (CS4014), and so does
// asyncc at ForgetfulProcessAsync (the test checks the warning):
//   main.cpp:NN:CC: warning: the task returned by 'SendEmailAsync' is not
//   awaited; the function goes on before it completes: co_await it, or store
//   it (CS4014)
// An explicit discard, (void) or a stored task, is not warned about. At
// run time a dropped task runs on, and its exception stays in the task
// where nobody looks: the sample keeps each email task aside (Outbox) only
// to show what the caller never saw.
#include <async/async.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

using namespace std::chrono_literals;

std::vector<std::string> g_events;
bool g_mailServerDown = true;

// What the sample inspects afterwards; the code under test never looks.
std::vector<async::Task<>> g_outbox;

ASYNC async::Task<> SendEmailCoreAsync() {
  co_await async::Delay(100ms);  // much slower than SaveAsync
  if (g_mailServerDown) throw std::runtime_error("SMTP server unavailable");
  g_events.push_back("email sent");
}

async::Task<> SendEmailAsync() {
  async::Task<> t = SendEmailCoreAsync();
  g_outbox.push_back(t);
  return t;
}

ASYNC async::Task<> SaveAsync() {
  co_await async::Delay(5ms);
  g_events.push_back("saved");
}

// Bad: fire-and-forget, the exception is lost.
async::Task<> BadProcessAsync() {
  (void)SendEmailAsync();  // not awaited, errors are lost
  return SaveAsync();
}

// Also bad, and what CS4014 is for: the call's task is dropped by mistake.
ASYNC async::Task<> ForgetfulProcessAsync() {
  SendEmailAsync();  // warning: not awaited (CS4014)
  co_await SaveAsync();
}

// Good: await all tasks.
ASYNC async::Task<> GoodProcessAsync() {
  co_await SendEmailAsync();
  co_await SaveAsync();
}

// Intentional fire-and-forget (acknowledged with a comment).
ASYNC async::Task<> IntentionalProcessAsync() {
  (void)SendEmailAsync();  // fire-and-forget: email failure doesn't affect the main flow
  co_await SaveAsync();
}

int Check(bool ok, const char* what) {
  std::printf("  %s: %s\n", what, ok ? "yes" : "NO");
  return ok ? 0 : 1;
}

std::string Events() {
  std::string s;
  for (const auto& e : g_events) s += e + "; ";
  g_events.clear();
  return s;
}

// Waits for the dropped email tasks (without observing their outcome) and
// reports how they ended.
ASYNC async::Task<int> DroppedFaults() {
  int faulted = 0;
  for (const async::Task<>& t : g_outbox) {
    while (!t.IsCompleted()) co_await async::Delay(5ms);
    faulted += t.IsFaulted() ? 1 : 0;
  }
  g_outbox.clear();
  co_return faulted;
}

ASYNC async::Task<int> MainAsync() {
  int failures = 0;

  std::printf("BadProcessAsync (mail server down):\n");
  co_await BadProcessAsync();
  std::printf("  the caller saw no error; events: %s\n", Events().c_str());
  int lost = co_await DroppedFaults();
  failures += Check(lost == 1, "the email task faulted, and nobody observed it");

  std::printf("ForgetfulProcessAsync (mail server down):\n");
  co_await ForgetfulProcessAsync();
  std::printf("  the caller saw no error; events: %s\n", Events().c_str());
  lost = co_await DroppedFaults();
  failures += Check(lost == 1, "the same lost exception");

  std::printf("GoodProcessAsync (mail server down):\n");
  try {
    co_await GoodProcessAsync();
    std::printf("  no error: WRONG\n");
    ++failures;
  } catch (const std::runtime_error& e) {
    std::printf("  the caller caught it: %s; events: %s\n", e.what(), Events().c_str());
  }
  co_await DroppedFaults();

  std::printf("GoodProcessAsync (mail server up):\n");
  g_mailServerDown = false;
  co_await GoodProcessAsync();
  std::string good = Events();
  std::printf("  events: %s\n", good.c_str());
  failures += Check(good == "email sent; saved; ", "in order: the email, then the save");
  co_await DroppedFaults();

  std::printf("IntentionalProcessAsync (mail server up):\n");
  co_await IntentionalProcessAsync();
  std::string before = Events();
  std::printf("  when it returned: %s\n", before.c_str());
  co_await DroppedFaults();
  std::string after = Events();
  std::printf("  later: %s\n", after.c_str());
  failures += Check(before == "saved; " && after == "email sent; ",
                    "the save did not wait for the email, which finished on its own");

  std::printf("%s\n", failures == 0 ? "PASS" : "FAIL");
  co_return failures == 0 ? 0 : 1;
}

int main() { return async::AsyncContext::Run(MainAsync); }
