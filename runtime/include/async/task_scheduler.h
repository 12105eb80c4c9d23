// async/task_scheduler.h: System.Threading.Tasks.TaskScheduler and a minimal
// TaskFactory (StartNew on a given scheduler).
//
// A scheduler receives work as Task<> objects (the work items: each
// completes once it has been executed) through QueueTask, may run one inline
// through TryExecuteTaskInline, and runs one with the protected
// TryExecuteTask, which makes the scheduler TaskScheduler::Current() on the
// executing thread for the duration. Awaits capture TaskScheduler::Current()
// when there is no SynchronizationContext and it is not Default() (and the
// await is not ConfigureAwait(false)); their continuations are then queued to
// it as work items (or run inline through TryExecuteTaskInline when the
// completing thread is already running that scheduler, or is a pool thread),
// exactly .NET's TaskSchedulerAwaitTaskContinuation.
//
// Lifetime: a scheduler must outlive every work item queued to it and every
// await that captured it (.NET's GC keeps it alive; here the owner does).
// A work item dropped unexecuted (its last Task<> handle released) releases
// its work uninvoked: an awaiting machine is destroyed and its task abandoned.
#pragma once

#include <atomic>
#include <limits>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

#include <async/cancellation.h>
#include <async/continuation.h>
#include <async/run.h>
#include <async/task.h>
#include <async/task_status.h>

namespace async {

class TaskScheduler;

namespace detail {
// Runtime-internal access to the protected scheduler members.
struct SchedulerAccess;
// The scheduler of the work item executing on this thread (null: none, or
// the default scheduler).
TaskScheduler* CurrentCustomScheduler() noexcept;
// Queues k to `scheduler` as a new work item (QueueTask).
void QueueToScheduler(TaskScheduler& scheduler, Continuation k);
// Runs k through the scheduler's TryExecuteTaskInline, else queues it.
void RunInlineOrQueue(TaskScheduler& scheduler, Continuation k);
}  // namespace detail

class TaskScheduler {
 public:
  TaskScheduler();
  TaskScheduler(const TaskScheduler&) = delete;
  TaskScheduler& operator=(const TaskScheduler&) = delete;
  virtual ~TaskScheduler();

  // The thread-pool scheduler (the work-stealing pool).
  static TaskScheduler& Default() noexcept;
  // The scheduler of the work item executing on this thread, else Default().
  static TaskScheduler& Current() noexcept;

  // How many work items this scheduler may run at once (.NET's default:
  // unbounded). A scheduler returning 1 is single-threaded: a blocking Wait()
  // inside one of its work items on a task whose continuation is queued to
  // it throws instead of deadlocking.
  virtual int MaximumConcurrencyLevel() const { return std::numeric_limits<int>::max(); }
  // A process-unique id (from 1).
  int Id() const noexcept { return id_; }

 protected:
  // Queues a work item; it must eventually be run with TryExecuteTask (or
  // dropped, which releases its work uninvoked).
  virtual void QueueTask(Task<> task) = 0;
  // May run `task` on the calling thread now (TryExecuteTask) and return
  // true, or return false to have it queued instead.
  virtual bool TryExecuteTaskInline(Task<> task, bool taskWasPreviouslyQueued) = 0;
  // The work items queued and not yet executed (for diagnostics and tests).
  virtual std::vector<Task<>> GetScheduledTasks() const = 0;

  // Runs a work item queued to (or offered inline to) this scheduler on the
  // calling thread, with this scheduler as Current(). Returns false if it
  // already ran (or is running). Throws InvalidOperationException for a
  // task that is not a work item of this scheduler.
  bool TryExecuteTask(const Task<>& task);

 private:
  friend struct detail::SchedulerAccess;
  int id_;
};

class TaskFactory {
 public:
  // StartNew uses TaskScheduler::Current() at the time of the call (.NET's
  // TaskFactory default, the reason Task.Run exists).
  TaskFactory() noexcept = default;
  explicit TaskFactory(TaskScheduler& scheduler) noexcept : scheduler_(&scheduler) {}

  TaskScheduler& Scheduler() const noexcept {
    return scheduler_ != nullptr ? *scheduler_ : TaskScheduler::Current();
  }

  // Task.Factory.StartNew(f, ct, options, scheduler): queues f as a work item
  // to the scheduler and returns a task for f's result. Unlike Run, a
  // Task-returning f is not unwrapped (Task<Task<U>>, as in .NET). f runs
  // under the caller's ExecutionContext; `ct` canceled before f starts cancels
  // the task; LongRunning on the default scheduler uses a dedicated thread.
  template <class F>
  Task<std::decay_t<std::invoke_result_t<std::decay_t<F>&>>> StartNew(
      F&& f, CancellationToken ct = {}, TaskCreationOptions options = TaskCreationOptions::None) const;

 private:
  TaskScheduler* scheduler_ = nullptr;
};

namespace detail {
template <class F>
auto StartNewImpl(F&& f, CancellationToken ct, TaskCreationOptions options, TaskScheduler& scheduler) {
  using R = std::decay_t<std::invoke_result_t<std::decay_t<F>&>>;
  if (&scheduler == &TaskScheduler::Default())
    return RunImpl<F, /*Unwrap=*/false>(std::forward<F>(f), std::move(ct), options);
  using Box = RunBox<std::decay_t<F>, R, false>;
  if (ct.IsCancellationRequested()) return FromCanceled<R>(ct);
  auto* box = new Box(std::forward<F>(f), std::move(ct), options);
  Task<R> task(TaskStateRef<R>::Adopt(box));
  QueueToScheduler(scheduler, Continuation::ForAwait(box));
  return task;
}
}  // namespace detail

template <class F>
Task<std::decay_t<std::invoke_result_t<std::decay_t<F>&>>> TaskFactory::StartNew(
    F&& f, CancellationToken ct, TaskCreationOptions options) const {
  return detail::StartNewImpl(std::forward<F>(f), std::move(ct), options, Scheduler());
}

}  // namespace async
