// async/detail/task_state.h: the shared state behind Task<T>.
#pragma once

#include <atomic>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include <async/continuation.h>
#include <async/exceptions.h>
#include <async/synchronization_context.h>
#include <async/task_status.h>

namespace async {

class TaskScheduler;

namespace detail {

class AsyncBoxTarget;
class SchedulerTaskState;

// One registered continuation: the callable, the context captured at
// registration (or none), whether it must run inline (blocking waiters), and
// the TaskScheduler captured when there was no context (null: none).
struct ContinuationEntry {
  Continuation k;
  SyncContextRef context;
  bool always_inline = false;
  TaskScheduler* scheduler = nullptr;
};

// .NET's capture rule for an await: SynchronizationContext::Current(), else
// TaskScheduler::Current() unless it is Default(); nothing for
// ConfigureAwait(false). Fills entry.context / entry.scheduler.
void CaptureSchedulingContext(ContinuationEntry& entry, bool continueOnCapturedContext);
// Tells the async-method box behind k (if any) what it is about to await
// (stack dump, deadlock detection). Call before registering k.
void NoteAwaitTarget(const Continuation& k, const class TaskStateBase* awaited,
                     const ContinuationEntry& entry) noexcept;

// Runs (or posts) one continuation of a task that just completed.
//   force_async: RunContinuationsAsynchronously, or registration raced with
//   completion (then .NET queues too).
void ScheduleContinuation(ContinuationEntry& entry, bool force_async);

enum class AddContinuationResult { Registered, AlreadyCompleted, Abandoned };

class TaskStateBase {
 public:
  explicit TaskStateBase(TaskCreationOptions options = TaskCreationOptions::None) noexcept
      : run_async_(HasFlag(options, TaskCreationOptions::RunContinuationsAsynchronously)) {}
  TaskStateBase(const TaskStateBase&) = delete;
  TaskStateBase& operator=(const TaskStateBase&) = delete;
  virtual ~TaskStateBase() = default;

  // The async-method box this state belongs to, or null.
  virtual AsyncBoxTarget* AsBoxTarget() noexcept { return nullptr; }
  // The scheduler work item this state is, or null.
  virtual SchedulerTaskState* AsSchedulerTask() noexcept { return nullptr; }

  // Memory references (Task handles, TCS handles, Continuations into a box,
  // a live state machine or coroutine frame).
  void AddStateRef() noexcept { refs_.fetch_add(1, std::memory_order_relaxed); }
  void ReleaseStateRef() noexcept {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }

  // Completer references (TaskCompletionSource handles).
  void AddCompleter() noexcept { completers_.fetch_add(1, std::memory_order_relaxed); }
  void ReleaseCompleter() noexcept {
    if (completers_.fetch_sub(1, std::memory_order_acq_rel) == 1) Abandon();
  }

  TaskStatus Status() const noexcept { return status_.load(std::memory_order_acquire); }
  bool IsCompleted() const noexcept {
    TaskStatus s = Status();
    return s == TaskStatus::RanToCompletion || s == TaskStatus::Faulted ||
           s == TaskStatus::Canceled;
  }
  bool IsAbandoned() const noexcept { return abandoned_.load(std::memory_order_acquire); }

  // Completes the task: `set` runs right before the status is published.
  // Returns false (without calling `set`) when already completed or
  // abandoned. When no continuation was ever registered (a task completed
  // before anyone awaited it: the synchronous path) it is one CAS on the
  // completion word, without the mutex.
  template <class SetFn>
  bool TryComplete(TaskStatus status, SetFn&& set) {
    std::uint8_t s = 0;
    if (cstate_.compare_exchange_strong(s, kClaimed, std::memory_order_acq_rel,
                                        std::memory_order_acquire)) {
      // No continuation registered, and none can be from now on
      // (AddContinuation waits for the status below).
      SetOrUnclaim(set);
      status_.store(status, std::memory_order_release);
      return true;
    }
    if ((s & kClaimed) != 0) return false;
    ContinuationEntry first;
    std::vector<ContinuationEntry> rest;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if ((cstate_.fetch_or(kClaimed, std::memory_order_acq_rel) & kClaimed) != 0) return false;
      SetOrUnclaim(set);
      status_.store(status, std::memory_order_release);
      first = std::move(first_);
      rest = std::move(rest_);
    }
    RunContinuations(first, rest);
    return true;
  }
  bool TryCompleteFaulted(std::exception_ptr e) {
    return TryComplete(TaskStatus::Faulted, [&] { exception_ = std::move(e); });
  }
  // Faulted with several exceptions (WhenAll): Exception() aggregates all of
  // them, awaiting throws the first. `errors` must not be empty.
  bool TryCompleteFaulted(std::vector<std::exception_ptr> errors) {
    return TryComplete(TaskStatus::Faulted, [&] {
      exception_ = errors.front();
      errors.erase(errors.begin());
      more_exceptions_ = std::move(errors);
    });
  }
  // `e` may be null (then awaiting throws a fresh TaskCanceledException).
  bool TryCompleteCanceled(std::exception_ptr e) {
    return TryComplete(TaskStatus::Canceled, [&] { exception_ = std::move(e); });
  }
  // For machines: completes with the exception (Faulted, or Canceled for an
  // OperationCanceledException), or, when e is null, as RanToCompletion
  // (the result was stored earlier).
  void CompleteFromMachine(std::exception_ptr e) {
    if (e == nullptr) {
      TryComplete(TaskStatus::RanToCompletion, [] {});
    } else if (IsOperationCanceled(e)) {
      TryCompleteCanceled(std::move(e));
    } else {
      TryCompleteFaulted(std::move(e));
    }
  }

  // The completer is gone: continuations are released uninvoked, the task
  // never completes, blocking waits throw InvalidOperationException.
  void Abandon() noexcept;

  // Registers a continuation. When it returns anything but Registered, the
  // entry was not consumed.
  AddContinuationResult AddContinuation(ContinuationEntry& entry);

  // Unregisters every continuation whose target is `target` (.NET's
  // Task.RemoveContinuation, used by WhenAny to let go of its losers). The
  // removed continuations are released (uninvoked) outside the lock, on the
  // calling thread. Returns how many were removed (0 once the task completed:
  // then they have been, or are being, invoked).
  std::size_t RemoveContinuation(const ContinuationTarget* target);
  // Number of continuations registered and not yet run or released (tests).
  std::size_t RegisteredContinuationCount() const;

  // Registers k (capturing `context`), or schedules it right away if the
  // task already completed, or drops it if abandoned.
  void OnCompleted(Continuation k, SynchronizationContext* context);
  // TaskAwaiter::OnCompleted: the same with .NET's capture rule
  // (SynchronizationContext, else a non-default TaskScheduler).
  void OnCompletedCapturing(Continuation k, bool continueOnCapturedContext);
  // Registers an entry made by the caller (same outcomes as OnCompleted).
  void OnCompletedEntry(ContinuationEntry entry);

  // Blocks until completed; throws InvalidOperationException if abandoned,
  // or (sync-over-async deadlock) if called on the thread of a
  // single-threaded context that this task can only complete through.
  void WaitBlocking();

  // After WaitBlocking(): throws the first exception itself (awaiter rule).
  void ThrowIfNotSuccess() const;
  // After WaitBlocking(): throws AggregateException (Result()/Wait() rule).
  void ThrowAggregateIfNotSuccess() const;

  // AggregateException* for a faulted task (owned by the state), else null.
  AggregateException* Exception() const;
  // After completion: every exception of a faulted task (in order), or the
  // OperationCanceledException of a canceled one (possibly null); empty
  // after success.
  std::vector<std::exception_ptr> Exceptions() const;
  // After completion: the first exception (null after success).
  const std::exception_ptr& FirstException() const noexcept { return exception_; }

  bool RunContinuationsAsynchronously() const noexcept { return run_async_; }

 protected:
  // The pending states of a task that runs a delegate (Run, StartNew,
  // ContinueWith, scheduler work items): WaitingToRun once queued, Running
  // while the delegate runs. Moves `from` to `to` only, so it never
  // overwrites a final status. Promise-style tasks (async functions,
  // TaskCompletionSource, Delay, WhenAll) stay WaitingForActivation.
  void TransitionPendingStatus(TaskStatus from, TaskStatus to) noexcept {
    status_.compare_exchange_strong(from, to, std::memory_order_acq_rel,
                                    std::memory_order_acquire);
  }
  std::exception_ptr exception_;  // written before the status is published
  std::vector<std::exception_ptr> more_exceptions_;  // the same

 private:
  // Runs `set` after the completion was claimed; if it throws (a result's
  // copy), the claim is withdrawn and the task stays incomplete, as before.
  template <class SetFn>
  void SetOrUnclaim(SetFn& set) {
    try {
      set();
    } catch (...) {
      cstate_.fetch_and(static_cast<std::uint8_t>(~kClaimed), std::memory_order_acq_rel);
      throw;
    }
  }
  void RunContinuations(ContinuationEntry& first, std::vector<ContinuationEntry>& rest);

  std::atomic<int> refs_{1};
  std::atomic<int> completers_{0};
  std::atomic<TaskStatus> status_{TaskStatus::WaitingForActivation};
  std::atomic<bool> abandoned_{false};
  // The completion word: kClaimed once the task completed (or is completing:
  // the status follows) or was abandoned; kHasContinuation once a
  // continuation was registered (set under mutex_, never cleared), which
  // sends completion through mutex_.
  static constexpr std::uint8_t kClaimed = 1;
  static constexpr std::uint8_t kHasContinuation = 2;
  std::atomic<std::uint8_t> cstate_{0};
  mutable std::mutex mutex_;
  const bool run_async_;
  ContinuationEntry first_;                 // under mutex_
  std::vector<ContinuationEntry> rest_;     // under mutex_
  mutable std::unique_ptr<AggregateException> aggregate_;  // under mutex_
};

template <class T>
class TaskState : public TaskStateBase {
  static_assert(!std::is_reference_v<T>, "Task<T&> is not supported");

 public:
  using TaskStateBase::TaskStateBase;

  // Stores the result without completing (AsyncTaskMethodBuilder::SetReturnValue).
  template <class U>
  void StoreResult(U&& v) {
    value_.emplace(std::forward<U>(v));
  }
  template <class U>
  bool TryCompleteWithResult(U&& v) {
    return TryComplete(TaskStatus::RanToCompletion, [&] { value_.emplace(std::forward<U>(v)); });
  }
  // Only after a successful completion.
  const T& ResultRef() const noexcept { return *value_; }
  T& MutableResult() noexcept { return *value_; }

 private:
  std::optional<T> value_;
};

template <>
class TaskState<void> : public TaskStateBase {
 public:
  using TaskStateBase::TaskStateBase;
  bool TryCompleteWithResult() { return TryComplete(TaskStatus::RanToCompletion, [] {}); }
};

// Intrusive pointer to a TaskState<T>.
template <class T>
class TaskStateRef {
 public:
  TaskStateRef() noexcept = default;
  // Adopts one existing reference.
  static TaskStateRef Adopt(TaskState<T>* s) noexcept {
    TaskStateRef r;
    r.s_ = s;
    return r;
  }
  // Takes a new reference.
  static TaskStateRef Share(TaskState<T>* s) noexcept {
    if (s != nullptr) s->AddStateRef();
    return Adopt(s);
  }
  TaskStateRef(const TaskStateRef& o) noexcept : s_(o.s_) {
    if (s_ != nullptr) s_->AddStateRef();
  }
  TaskStateRef(TaskStateRef&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
  TaskStateRef& operator=(TaskStateRef o) noexcept {
    std::swap(s_, o.s_);
    return *this;
  }
  ~TaskStateRef() {
    if (s_ != nullptr) s_->ReleaseStateRef();
  }
  TaskState<T>* get() const noexcept { return s_; }
  TaskState<T>* operator->() const noexcept { return s_; }
  explicit operator bool() const noexcept { return s_ != nullptr; }

 private:
  TaskState<T>* s_ = nullptr;
};

}  // namespace detail
}  // namespace async
