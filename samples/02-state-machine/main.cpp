// Guide section "State Machine Transformation": what you write, and a
// simplified version of what the compiler generates for it.
//
//   // What you write
//   public async Task<string> FetchAsync()
//   {
//       var response = await httpClient.GetAsync(url);              // State 0 → State 1
//       var content = await response.Content.ReadAsStringAsync();   // State 1 → State 2
//       return content.Trim();
//   }
//
//   // Simplified version of what the compiler generates
//   private struct StateMachine : IAsyncStateMachine
//   {
//       public int State;
//       public AsyncTaskMethodBuilder<string> Builder;
//       ...
//       void MoveNext() { ... Builder.AwaitUnsafeOnCompleted(ref awaiter1, ref this); return; ...
//                         Builder.SetResult(content.Trim()); }
//   }
//
// FetchAsync below is the "what you write" half: asyncc lowers it into a
// state machine of this shape (see build/samples/asyncc/02-state-machine/
// main.lowered.cpp, or `asyncc main.cpp --emit=layout`). FetchStateMachine is
// the guide's hand-written half, on the same runtime calls the generated
// code makes: IAsyncStateMachine, AsyncTaskMethodBuilder<T>,
// AwaitUnsafeOnCompleted, SetResult, SetException. It is plain C++17, so it
// is the same code in both builds of this sample.
#include "http_server.h"

#include <async/async.h>
#include <async/http/http.h>

#include <cstdio>
#include <optional>
#include <string>

using async::http::HttpClient;
using async::http::HttpResponseMessage;

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  while (!s.empty() && (s.front() == '\n' || s.front() == ' ')) s.erase(0, 1);
  return s;
}

// What you write.
ASYNC async::Task<std::string> FetchAsync(HttpClient httpClient, std::string url) {
  auto response = co_await httpClient.GetAsync(url);                      // State 0 → State 1
  std::string content = co_await response.Content().ReadAsStringAsync();  // State 1 → State 2
  co_return Trim(content);
}

// What the compiler generates, simplified (the guide's StateMachine). The
// C# struct is boxed on the first suspension; here Create<SM> puts the
// machine in the task's one allocation from the start, and it never moves.
struct FetchStateMachine final : async::IAsyncStateMachine {
  async::AsyncTaskMethodBuilder<std::string> Builder;
  int State = 0;
  HttpClient httpClient;
  std::string url;
  std::optional<HttpResponseMessage> response;
  std::string content;
  std::optional<async::TaskAwaiter<HttpResponseMessage, true>> awaiter1;
  std::optional<async::TaskAwaiter<std::string, true>> awaiter2;

  FetchStateMachine(async::AsyncTaskMethodBuilder<std::string> builder, HttpClient client, std::string u)
      : Builder(builder), httpClient(std::move(client)), url(std::move(u)) {}

  void MoveNext() override {
    try {
      if (State == 0) {
        awaiter1.emplace(httpClient.GetAsync(url).GetAwaiter());
        if (!awaiter1->IsCompleted()) {
          State = 1;
          std::printf("  state 0: GetAsync is pending: suspend (State = 1)\n");
          Builder.AwaitUnsafeOnCompleted(*awaiter1, *this);
          return;  // yields control back to the caller
        }
        State = 1;  // completed synchronously: fall through to state 1
      }
      if (State == 1) {
        std::printf("  state 1: resumed after the first await\n");
        response.emplace(awaiter1->GetResult());
        awaiter2.emplace(response->Content().ReadAsStringAsync().GetAwaiter());
        if (!awaiter2->IsCompleted()) {
          State = 2;
          std::printf("  state 1: ReadAsStringAsync is pending: suspend (State = 2)\n");
          Builder.AwaitUnsafeOnCompleted(*awaiter2, *this);
          return;  // yields control again
        }
        // The body was read with the response, so this await does not
        // suspend: the machine runs on without returning.
        std::printf("  state 1: ReadAsStringAsync already complete: no suspension\n");
      }
      // State 2: resume after the second await.
      content = awaiter2->GetResult();
      std::printf("  state 2: content read, completing the task\n");
    } catch (...) {
      Builder.SetException(std::current_exception());  // destroys *this
      return;
    }
    // C#'s Builder.SetResult(content.Trim()) stores and completes in one
    // call; this builder stores first, then destroys the machine and
    // completes (so no continuation sees a live local).
    Builder.SetReturnValue(Trim(content));
    Builder.SetResult();  // destroys *this
  }
};

// The kickoff the compiler writes in place of FetchAsync's body.
async::Task<std::string> FetchByHandAsync(HttpClient httpClient, std::string url) {
  auto& sm = async::AsyncTaskMethodBuilder<std::string>::Create<FetchStateMachine>(std::move(httpClient),
                                                                                  std::move(url));
  async::Task<std::string> task = sm.Builder.Task();
  sm.Builder.Start(sm);  // runs MoveNext() to the first suspension
  return task;
}

ASYNC async::Task<int> MainAsync() {
  example::HttpTestServer server = example::HttpTestServer::Start(async::net::IPEndPoint::Loopback(0));
  HttpClient client;
  // "chunk 1\nchunk 2\nchunk 3\n", 50 ms late: GetAsync is always pending at
  // its first check.
  std::string url = server.BaseUrl() + "/chunked?delay=50";
  int failures = 0;

  std::printf("FetchAsync (lowered by asyncc, or a C++20 coroutine):\n");
  std::string written = co_await FetchAsync(client, url);
  std::printf("  -> \"%s\"\n", written.c_str());

  std::printf("FetchStateMachine (the guide's hand-written machine):\n");
  async::Task<std::string> task = FetchByHandAsync(client, url);
  std::printf("  FetchByHandAsync returned; task completed: %s\n", task.IsCompleted() ? "yes" : "no");
  failures += task.IsCompleted() ? 1 : 0;  // it must have suspended at state 0
  std::string byHand = co_await task;
  std::printf("  -> \"%s\"\n", byHand.c_str());

  std::printf("FetchStateMachine on an invalid URL:\n");
  // GetAsync throws ArgumentException in state 0, before any await: the
  // catch in MoveNext stores it in the task (Builder.SetException), so the
  // call itself does not throw, as in C#.
  async::Task<std::string> failing = FetchByHandAsync(client, "not a url");
  std::printf("  task faulted: %s\n", failing.IsFaulted() ? "yes" : "no");
  failures += failing.IsFaulted() ? 0 : 1;
  try {
    co_await failing;
    std::printf("  no exception: WRONG\n");
    ++failures;
  } catch (const async::ArgumentException&) {
    std::printf("  co_await rethrows the ArgumentException\n");
  }

  const std::string expected = "chunk 1\nchunk 2\nchunk 3";
  failures += written == expected ? 0 : 1;
  failures += byHand == expected ? 0 : 1;
  std::printf("both results equal the trimmed body: %s\n", written == expected && byHand == expected ? "yes" : "no");

  client.Dispose();
  co_await server.StopAsync();
  std::printf("%s\n", failures == 0 ? "PASS" : "FAIL");
  co_return failures == 0 ? 0 : 1;
}

int main() { return async::AsyncContext::Run(MainAsync); }
