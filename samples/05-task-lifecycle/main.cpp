// Guide section "Task Lifecycle and States": the states a task goes through
// and the flags that go with them.
//
//   State      Status                       IsCompleted IsFaulted IsCanceled
//   Created    TaskStatus.Created           false       false     false
//   Running    TaskStatus.Running           false       false     false
//   Success    TaskStatus.RanToCompletion   true        false     false
//   Exception  TaskStatus.Faulted           true        true      false
//   Cancelled  TaskStatus.Canceled          true        false     true
//
//   var task = FetchDataAsync();
//
//   if (task.IsCompleted) { /* done (success, fault, or cancel) */ }
//   if (task.IsCompletedSuccessfully) { /* only success */ }
//   if (task.IsFaulted) { /* exception occurred */ }
//   if (task.IsCanceled) { /* was cancelled */ }
//
//   // Access the result (only if RanToCompletion)
//   if (task.IsCompletedSuccessfully)
//   {
//       string result = task.Result; // safe — no blocking
//   }
//
// What differs: asyncc has no cold tasks (no `new Task(...)` and no
// Start()), so Created is never reported; like .NET, a pending async
// function's (or TaskCompletionSource's) task is WaitingForActivation, and
// only a task that runs a delegate (Task.Run, StartNew) is WaitingToRun
// while queued and Running while it runs.
#include <async/async.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

int g_failures = 0;

const char* Name(async::TaskStatus s) {
  switch (s) {
    case async::TaskStatus::Created: return "Created";
    case async::TaskStatus::WaitingForActivation: return "WaitingForActivation";
    case async::TaskStatus::WaitingToRun: return "WaitingToRun";
    case async::TaskStatus::Running: return "Running";
    case async::TaskStatus::RanToCompletion: return "RanToCompletion";
    case async::TaskStatus::Faulted: return "Faulted";
    case async::TaskStatus::Canceled: return "Canceled";
  }
  return "?";
}

const char* YesNo(bool b) { return b ? "true" : "false"; }

// One row of the guide's table, checked against the expected status.
template <class T>
void Row(const char* state, const async::Task<T>& task, async::TaskStatus expected) {
  std::printf("%-10s %-22s IsCompleted=%-5s IsFaulted=%-5s IsCanceled=%s\n", state, Name(task.Status()),
              YesNo(task.IsCompleted()), YesNo(task.IsFaulted()), YesNo(task.IsCanceled()));
  if (task.Status() != expected) {
    std::printf("  WRONG: expected %s\n", Name(expected));
    ++g_failures;
  }
}

// A "server" the fetches wait for: the test decides when each completes.
struct Server {
  async::TaskCompletionSource<std::string> response;
};

ASYNC async::Task<std::string> FetchDataAsync(Server& server, async::CancellationToken ct) {
  ct.ThrowIfCancellationRequested();
  std::string body = co_await server.response.Task();
  ct.ThrowIfCancellationRequested();
  if (body.empty()) throw std::runtime_error("empty response");
  co_return "data: " + body;
}

// The guide's checks on a task.
template <class T>
void Inspect(const char* what, const async::Task<T>& task) {
  std::printf("%s:", what);
  if (task.IsCompleted()) std::printf(" done (success, fault, or cancel)");
  if (task.IsCompletedSuccessfully()) std::printf(", only success: result \"%s\"", task.Result().c_str());
  if (task.IsFaulted()) std::printf(", exception occurred: %s", task.Exception()->what());
  if (task.IsCanceled()) std::printf(", was cancelled");
  if (!task.IsCompleted()) std::printf(" still pending");
  std::printf("\n");
}

// A scheduler that runs queued work only when asked: a Task.Run-like task
// can be seen while it waits for a thread.
class OneAtATimeScheduler final : public async::TaskScheduler {
 public:
  void RunQueued() {
    std::vector<async::Task<>> items;
    items.swap(queue_);
    for (auto& item : items) TryExecuteTask(item);
  }

 protected:
  void QueueTask(async::Task<> task) override { queue_.push_back(std::move(task)); }
  bool TryExecuteTaskInline(async::Task<>, bool) override { return false; }
  std::vector<async::Task<>> GetScheduledTasks() const override { return queue_; }

 private:
  std::vector<async::Task<>> queue_;
};

ASYNC async::Task<int> MainAsync() {
  std::printf("-- Created: never reported (no cold tasks); a delegate task is queued at once\n");
  OneAtATimeScheduler scheduler;
  async::TaskFactory factory(scheduler);
  async::Task<async::TaskStatus>* self = nullptr;
  async::Task<async::TaskStatus> work = factory.StartNew([&self] { return self->Status(); });
  self = &work;
  Row("Queued", work, async::TaskStatus::WaitingToRun);
  scheduler.RunQueued();
  async::TaskStatus seenInside = co_await work;
  std::printf("%-10s %-22s (seen by the delegate while it ran)\n", "Running", Name(seenInside));
  if (seenInside != async::TaskStatus::Running) ++g_failures;

  std::printf("-- an async function's task\n");
  Server ok;
  async::Task<std::string> task = FetchDataAsync(ok, async::CancellationToken::None());
  Row("Pending", task, async::TaskStatus::WaitingForActivation);
  Inspect("pending", task);
  ok.response.SetResult("42");
  co_await task;
  Row("Success", task, async::TaskStatus::RanToCompletion);
  Inspect("success", task);

  Server broken;
  async::Task<std::string> failed = FetchDataAsync(broken, async::CancellationToken::None());
  broken.response.SetResult("");
  try {
    co_await failed;
  } catch (const std::runtime_error& e) {
    std::printf("await rethrew: %s\n", e.what());
  }
  Row("Exception", failed, async::TaskStatus::Faulted);
  Inspect("faulted", failed);

  Server slow;
  async::CancellationTokenSource cts;
  async::Task<std::string> canceled = FetchDataAsync(slow, cts.Token());
  cts.Cancel();
  slow.response.SetResult("too late");
  try {
    co_await canceled;
  } catch (const async::OperationCanceledException&) {
    std::printf("await threw OperationCanceledException\n");
  }
  Row("Cancelled", canceled, async::TaskStatus::Canceled);
  Inspect("cancelled", canceled);

  std::printf("%s\n", g_failures == 0 ? "all states as expected" : "SOME STATES WRONG");
  co_return g_failures == 0 ? 0 : 1;
}

int main() { return async::AsyncContext::Run(MainAsync); }
