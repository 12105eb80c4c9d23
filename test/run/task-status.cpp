// TaskStatus as seen from ASYNC functions: a pending async function's task
// and a TaskCompletionSource's task are WaitingForActivation (promise-style
// tasks, as in .NET), a Run task is WaitingToRun while queued and Running
// while its delegate runs, then RanToCompletion, Faulted or Canceled with
// the matching IsCompleted/IsFaulted/IsCanceled flags.
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <cstdio>
#include <stdexcept>
#include <utility>
#include <vector>

const char *Name(async::TaskStatus s) {
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

template <class T>
void Show(const char *what, const async::Task<T> &t) {
  std::printf("%s: %s completed=%d successfully=%d faulted=%d canceled=%d\n", what,
              Name(t.Status()), t.IsCompleted(), t.IsCompletedSuccessfully(), t.IsFaulted(),
              t.IsCanceled());
}

ASYNC async::Task<int> AddOne(async::Task<int> input) {
  int v = co_await input;
  co_return v + 1;
}

ASYNC async::Task<int> Throws(async::Task<int> input) {
  co_await input;
  throw std::runtime_error("fault");
}

ASYNC async::Task<int> CancelsItself(async::Task<int> input, async::CancellationToken ct) {
  co_await input;
  ct.ThrowIfCancellationRequested();
  co_return 0;
}

// A scheduler that runs its work items only when asked, so a StartNew task
// can be seen while queued.
class ManualScheduler final : public async::TaskScheduler {
 public:
  void RunAll() {
    std::vector<async::Task<>> items;
    items.swap(queue_);
    for (auto &t : items) TryExecuteTask(t);
  }

 protected:
  void QueueTask(async::Task<> task) override { queue_.push_back(std::move(task)); }
  bool TryExecuteTaskInline(async::Task<>, bool) override { return false; }
  std::vector<async::Task<>> GetScheduledTasks() const override { return queue_; }

 private:
  std::vector<async::Task<>> queue_;
};

ASYNC async::Task<int> MainAsync() {
  async::TaskCompletionSource<int> tcs;
  async::Task<int> pending = AddOne(tcs.Task());
  // CHECK: tcs task: WaitingForActivation completed=0 successfully=0 faulted=0 canceled=0
  // CHECK-NEXT: async function: WaitingForActivation completed=0 successfully=0 faulted=0 canceled=0
  Show("tcs task", tcs.Task());
  Show("async function", pending);
  tcs.SetResult(41);
  int v = co_await pending;
  // CHECK-NEXT: async function: RanToCompletion completed=1 successfully=1 faulted=0 canceled=0
  Show("async function", pending);
  std::printf("result %d\n", v);
  // CHECK-NEXT: result 42

  ManualScheduler scheduler;
  async::TaskFactory factory(scheduler);
  async::Task<async::TaskStatus> *self = nullptr;
  async::Task<async::TaskStatus> queued = factory.StartNew([&self] { return self->Status(); });
  self = &queued;
  // CHECK-NEXT: queued delegate: WaitingToRun completed=0 successfully=0 faulted=0 canceled=0
  Show("queued delegate", queued);
  scheduler.RunAll();
  async::TaskStatus inside = co_await queued;
  // CHECK-NEXT: seen by the delegate itself: Running
  std::printf("seen by the delegate itself: %s\n", Name(inside));
  // CHECK-NEXT: queued delegate: RanToCompletion completed=1 successfully=1 faulted=0 canceled=0
  Show("queued delegate", queued);

  async::Task<int> run = async::Run([] { return 1; });
  co_await run;
  // CHECK-NEXT: Run: RanToCompletion completed=1 successfully=1 faulted=0 canceled=0
  Show("Run", run);

  async::TaskCompletionSource<int> gate;
  async::Task<int> faulted = Throws(gate.Task());
  async::CancellationTokenSource cts;
  async::Task<int> canceled = CancelsItself(gate.Task(), cts.Token());
  cts.Cancel();
  gate.SetResult(0);
  try {
    co_await faulted;
  } catch (const std::runtime_error &e) {
    std::printf("caught %s\n", e.what());
  }
  // CHECK-NEXT: caught fault
  // CHECK-NEXT: faulted: Faulted completed=1 successfully=0 faulted=1 canceled=0
  // CHECK-NEXT: canceled: Canceled completed=1 successfully=0 faulted=0 canceled=1
  Show("faulted", faulted);
  Show("canceled", canceled);
  co_return 0;
}

int main() { return async::AsyncContext::Run(MainAsync); }
