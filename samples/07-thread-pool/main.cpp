// Guide section "Thread Pool and Task Scheduler" (its "Thread Pool vs
// Dedicated Threads" notes are samples/08-dedicated-threads).
//
//   // Task.Run schedules work on the thread pool
//   var task = Task.Run(() => ExpensiveComputation());
//
//   // Long-running tasks get a dedicated thread
//   var task = Task.Run(() => LongWork(), TaskCreationOptions.LongRunning);
//
//   // Custom TaskScheduler for control over execution
//   public class OrderedTaskScheduler : TaskScheduler
//   {
//       private readonly Queue<Task> _tasks = new();
//       protected override void QueueTask(Task task) => _tasks.Enqueue(task);
//       protected override bool TryExecuteTaskInline(Task task, bool wasQueued) => TryExecuteTask(task);
//       protected override IEnumerable<Task> GetScheduledTasks() => _tasks;
//   }
//
// Thread.CurrentThread.IsThreadPoolThread is async::detail::IsThreadPoolThread()
// here (a runtime-internal query).
#include <async/async.h>
#include <async/detail/thread_pool.h>

#include <cstdio>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

long long ExpensiveComputation() {
  long long sum = 0;  // the sum of the primes below 20000
  for (int n = 2; n < 20000; ++n) {
    bool prime = true;
    for (int d = 2; d * d <= n; ++d) {
      if (n % d == 0) {
        prime = false;
        break;
      }
    }
    if (prime) sum += n;
  }
  return sum;
}

bool LongWork() {
  // A long-running loop would go here; what matters is where it runs.
  return !async::detail::IsThreadPoolThread();
}

// The guide's scheduler. Its QueueTask only queues, so something has to
// run the queue: RunPending() (not in the guide) executes the queued work
// items in order on the calling thread. The mutex is there because tasks
// may be queued from any thread.
class OrderedTaskScheduler : public async::TaskScheduler {
 public:
  void RunPending() {
    for (;;) {
      async::Task<> next;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (tasks_.empty()) return;
        next = tasks_.front();
        tasks_.pop_front();
      }
      TryExecuteTask(next);
    }
  }
  std::size_t ScheduledCount() const { return GetScheduledTasks().size(); }

 protected:
  void QueueTask(async::Task<> task) override {
    std::lock_guard<std::mutex> lock(mutex_);
    tasks_.push_back(std::move(task));
  }
  bool TryExecuteTaskInline(async::Task<> task, bool /*wasQueued*/) override { return TryExecuteTask(task); }
  std::vector<async::Task<>> GetScheduledTasks() const override {
    std::lock_guard<std::mutex> lock(mutex_);
    return std::vector<async::Task<>>(tasks_.begin(), tasks_.end());
  }

 private:
  mutable std::mutex mutex_;
  std::deque<async::Task<>> tasks_;
};

int Check(bool ok, const char* what) {
  std::printf("  %s: %s\n", what, ok ? "yes" : "NO");
  return ok ? 0 : 1;
}

ASYNC async::Task<int> MainAsync() {
  int failures = 0;

  std::printf("Task.Run -> async::Run\n");
  bool onPool = false;
  async::Task<long long> task = async::Run([&onPool] {
    onPool = async::detail::IsThreadPoolThread();
    return ExpensiveComputation();
  });
  long long sum = co_await task;
  std::printf("  ExpensiveComputation() = %lld\n", sum);
  failures += Check(sum == 21171191, "the sum of the primes below 20000 is 21171191");
  failures += Check(onPool, "it ran on a thread pool thread");

  std::printf("TaskCreationOptions.LongRunning\n");
  async::Task<bool> longTask = async::Run([] { return LongWork(); }, async::TaskCreationOptions::LongRunning);
  bool dedicated = co_await longTask;
  failures += Check(dedicated, "LongWork ran on a dedicated thread, not a pool thread");

  std::printf("OrderedTaskScheduler\n");
  OrderedTaskScheduler scheduler;
  async::TaskFactory factory(scheduler);
  std::vector<int> order;
  std::vector<async::Task<int>> items;
  for (int i = 0; i < 5; ++i) {
    items.push_back(factory.StartNew([i, &order] {
      order.push_back(i);
      return i * i;
    }));
  }
  std::printf("  queued work items (GetScheduledTasks): %zu\n", scheduler.ScheduledCount());
  failures += Check(scheduler.ScheduledCount() == 5, "nothing ran before RunPending");
  scheduler.RunPending();
  std::string ran;
  for (int i : order) ran += std::to_string(i) + " ";
  std::printf("  execution order: %s\n", ran.c_str());
  failures += Check(order == std::vector<int>({0, 1, 2, 3, 4}), "first queued, first run");
  std::vector<int> squares = co_await async::WhenAll(items);
  failures += Check(squares == std::vector<int>({0, 1, 4, 9, 16}), "each StartNew task has its result");

  std::printf("%s\n", failures == 0 ? "PASS" : "FAIL");
  co_return failures == 0 ? 0 : 1;
}

int main() { return async::AsyncContext::Run(MainAsync); }
