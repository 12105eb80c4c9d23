// TaskScheduler: the default (thread-pool) scheduler, Current(), work items.
#include <async/task_scheduler.h>

#include <atomic>

#include <async/detail/thread_pool.h>
#include <async/execution_context.h>

namespace async {

namespace detail {

namespace {
thread_local TaskScheduler* t_current_scheduler = nullptr;
std::atomic<int> g_next_scheduler_id{1};
}  // namespace

// A work item: a task that completes once its work has run.
class SchedulerTaskState final : public TaskState<void> {
 public:
  SchedulerTaskState(TaskScheduler* scheduler, Continuation work)
      : scheduler_(scheduler), work_(std::move(work)) {
    TransitionPendingStatus(TaskStatus::WaitingForActivation, TaskStatus::WaitingToRun);
  }
  SchedulerTaskState* AsSchedulerTask() noexcept override { return this; }
  TaskScheduler* Scheduler() const noexcept { return scheduler_; }

  // Runs the work once, with `scheduler_` as the current scheduler.
  bool Execute() {
    if (started_.exchange(true, std::memory_order_acq_rel)) return false;
    Continuation work = std::move(work_);
    TransitionPendingStatus(TaskStatus::WaitingToRun, TaskStatus::Running);
    TaskScheduler* previous = std::exchange(t_current_scheduler, scheduler_);
    try {
      work();
    } catch (...) {
      t_current_scheduler = previous;
      TryCompleteFaulted(std::current_exception());
      return true;
    }
    t_current_scheduler = previous;
    work.Reset();
    TryCompleteWithResult();
    return true;
  }

 private:
  TaskScheduler* scheduler_;
  Continuation work_;  // until started_
  std::atomic<bool> started_{false};
};

struct SchedulerAccess {
  static void Queue(TaskScheduler& s, Task<> t) { s.QueueTask(std::move(t)); }
  static bool TryInline(TaskScheduler& s, Task<> t, bool queued) {
    return s.TryExecuteTaskInline(std::move(t), queued);
  }
};

namespace {

Task<> MakeWorkItem(TaskScheduler& scheduler, Continuation k) {
  return Task<>(TaskStateRef<void>::Adopt(new SchedulerTaskState(&scheduler, std::move(k))));
}

// .NET's ThreadPoolTaskScheduler.
class ThreadPoolTaskScheduler final : public TaskScheduler {
 protected:
  void QueueTask(Task<> task) override {
    PostToThreadPool(Continuation([this, task] { TryExecuteTask(task); }));
  }
  bool TryExecuteTaskInline(Task<> task, bool taskWasPreviouslyQueued) override {
    // A queued item cannot be taken back out of the pool's queues here.
    return !taskWasPreviouslyQueued && TryExecuteTask(task);
  }
  // .NET returns these only to a debugger; the pool keeps no Task list.
  std::vector<Task<>> GetScheduledTasks() const override { return {}; }
};

}  // namespace

TaskScheduler* CurrentCustomScheduler() noexcept {
  TaskScheduler* s = t_current_scheduler;
  return s == &TaskScheduler::Default() ? nullptr : s;
}

void QueueToScheduler(TaskScheduler& scheduler, Continuation k) {
  SchedulerAccess::Queue(scheduler, MakeWorkItem(scheduler, std::move(k)));
}

void RunInlineOrQueue(TaskScheduler& scheduler, Continuation k) {
  Task<> item = MakeWorkItem(scheduler, std::move(k));
  if (!SchedulerAccess::TryInline(scheduler, item, false)) SchedulerAccess::Queue(scheduler, std::move(item));
}

}  // namespace detail

TaskScheduler::TaskScheduler() : id_(detail::g_next_scheduler_id.fetch_add(1, std::memory_order_relaxed)) {}
TaskScheduler::~TaskScheduler() = default;

TaskScheduler& TaskScheduler::Default() noexcept {
  static detail::ThreadPoolTaskScheduler* const scheduler = new detail::ThreadPoolTaskScheduler();
  return *scheduler;
}

TaskScheduler& TaskScheduler::Current() noexcept {
  TaskScheduler* s = detail::t_current_scheduler;
  return s != nullptr ? *s : Default();
}

bool TaskScheduler::TryExecuteTask(const Task<>& task) {
  detail::TaskState<void>* state = task.StatePtr();
  detail::SchedulerTaskState* item = state != nullptr ? state->AsSchedulerTask() : nullptr;
  if (item == nullptr || item->Scheduler() != this)
    throw InvalidOperationException(
        "TaskScheduler::TryExecuteTask: the task was not queued to this scheduler.");
  return item->Execute();
}

}  // namespace async
