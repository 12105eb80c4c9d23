// async/run.h: Task.Run (thread pool, or a dedicated thread for LongRunning).
#pragma once

#include <exception>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

#include <async/cancellation.h>
#include <async/continuation.h>
#include <async/detail/task_state.h>
#include <async/detail/thread_pool.h>
#include <async/exceptions.h>
#include <async/execution_context.h>
#include <async/task.h>
#include <async/task_status.h>

namespace async {
namespace detail {

template <class R>
struct RunUnwrap {
  using type = R;
  static constexpr bool kIsTask = false;
};
template <class U>
struct RunUnwrap<Task<U>> {
  using type = U;
  static constexpr bool kIsTask = true;
};

// Copies a completed task's outcome into `to` (the proxy of Run's unwrap).
template <class T>
void CompleteFrom(TaskState<T>& to, TaskState<T>& from) {
  switch (from.Status()) {
    case TaskStatus::RanToCompletion:
      if constexpr (std::is_void_v<T>) {
        to.TryCompleteWithResult();
      } else if constexpr (std::is_copy_constructible_v<T>) {
        to.TryCompleteWithResult(from.ResultRef());
      } else {
        to.TryCompleteWithResult(std::move(from.MutableResult()));
      }
      return;
    case TaskStatus::Faulted:
      to.TryCompleteFaulted(from.Exceptions());
      return;
    default:
      to.TryCompleteCanceled(from.FirstException());
      return;
  }
}

// The work item behind Run: owns f until f (and, for a Task-returning f,
// the task it returned) has finished; f is destroyed before the task Run
// returned completes. If the job is dropped unrun (pool shutdown) or the
// inner task is abandoned, the job's destruction abandons Run's task.
// f runs under the ExecutionContext captured when the job was created.
template <class F, class T, bool Unwrap = true>
class RunJob final : public std::enable_shared_from_this<RunJob<F, T, Unwrap>> {
 public:
  using Raw = std::decay_t<std::invoke_result_t<F&>>;
  static constexpr bool kUnwrap = Unwrap && RunUnwrap<Raw>::kIsTask;

  template <class G>
  RunJob(G&& g, TaskStateRef<T> task, CancellationToken ct)
      : f_(std::in_place, std::forward<G>(g)),
        task_(std::move(task)),
        ct_(std::move(ct)),
        ec_(CaptureEcForFlow()) {}
  RunJob(const RunJob&) = delete;
  RunJob& operator=(const RunJob&) = delete;
  ~RunJob() {
    f_.reset();
    task_->Abandon();  // no-op once completed
    if (ec_.ec != nullptr) ec_.ec->Release();
  }

  void Execute() {
    EcScope scope(ec_.ec, ec_.flows);
    TaskState<T>& task = *task_.get();
    if (ct_.IsCancellationRequested()) {  // canceled before it started
      f_.reset();
      task.TryCompleteCanceled(std::make_exception_ptr(TaskCanceledException(ct_)));
      return;
    }
    try {
      if constexpr (kUnwrap) {
        Raw inner = (*f_)();
        if (!inner.IsValid()) {  // .NET: unwrapping a null task cancels the proxy
          f_.reset();
          task.TryCompleteCanceled(nullptr);
          return;
        }
        TaskState<T>& s = *inner.StatePtr();
        if (s.IsCompleted()) {
          f_.reset();
          CompleteFrom(task, s);
          return;
        }
        // f stays alive (the continuation owns the job) until inner completes.
        s.OnCompleted(Continuation([self = this->shared_from_this(), inner] {
                        self->f_.reset();
                        CompleteFrom(*self->task_.get(), *inner.StatePtr());
                      }),
                      nullptr);
      } else if constexpr (std::is_void_v<T>) {
        (*f_)();
        f_.reset();
        task.TryCompleteWithResult();
      } else {
        T result = (*f_)();
        f_.reset();
        task.TryCompleteWithResult(std::move(result));
      }
    } catch (...) {
      std::exception_ptr e = std::current_exception();
      f_.reset();
      // As .NET: an OperationCanceledException carrying Run's own (canceled)
      // token cancels the task; any other exception faults it.
      if (IsCanceledByToken(e)) {
        task.TryCompleteCanceled(std::move(e));
      } else {
        task.TryCompleteFaulted(std::move(e));
      }
    }
  }

 private:
  bool IsCanceledByToken(const std::exception_ptr& e) const {
    if (!ct_.IsCancellationRequested()) return false;
    try {
      std::rethrow_exception(e);
    } catch (const OperationCanceledException& oce) {
      return oce.CancellationToken() == ct_;
    } catch (...) {
      return false;
    }
  }

  std::optional<F> f_;
  TaskStateRef<T> task_;
  CancellationToken ct_;
  CapturedEc ec_;
};

template <class F>
using RunResult = typename RunUnwrap<std::decay_t<std::invoke_result_t<std::decay_t<F>&>>>::type;

template <class F, bool Unwrap = true>
auto RunImpl(F&& f, CancellationToken ct, TaskCreationOptions options) {
  using T = std::conditional_t<Unwrap, RunResult<F>, std::decay_t<std::invoke_result_t<std::decay_t<F>&>>>;
  using Job = RunJob<std::decay_t<F>, T, Unwrap>;
  if (ct.IsCancellationRequested()) return FromCanceled<T>(ct);
  auto* state = new TaskState<T>(options);
  Task<T> task(TaskStateRef<T>::Adopt(state));
  auto job = std::make_shared<Job>(std::forward<F>(f), TaskStateRef<T>::Share(state), std::move(ct));
  Continuation work([job] { job->Execute(); });
  job.reset();
  if (HasFlag(options, TaskCreationOptions::LongRunning)) {
    StartDedicatedThread(std::move(work));
  } else {
    // .NET's ThreadPoolTaskScheduler: the worker's own deque when called on
    // a pool thread (unless PreferFairness), else the global queue.
    PostToThreadPool(std::move(work), !HasFlag(options, TaskCreationOptions::PreferFairness));
  }
  return task;
}

}  // namespace detail

// Task.Run(f, ct): runs f() on the thread pool. f may return a value,
// nothing, or a Task<U> (then the result is Task<U>, completing when that
// task does: Unwrap). f and its captures live until the task f returned has
// completed, and are destroyed before Run's task completes. A token already
// canceled gives a canceled task without running f; one canceled before f
// starts cancels the task; an OperationCanceledException carrying `ct`
// thrown by f (with `ct` canceled) cancels it too, other exceptions fault it.
template <class F>
Task<detail::RunResult<F>> Run(F&& f, CancellationToken ct = {}) {
  return detail::RunImpl(std::forward<F>(f), std::move(ct), TaskCreationOptions::None);
}

// Task.Factory.StartNew(f, options) with Run's unwrapping:
// TaskCreationOptions::LongRunning runs f on a new dedicated thread instead
// of the pool; RunContinuationsAsynchronously and PreferFairness apply too.
template <class F>
Task<detail::RunResult<F>> Run(F&& f, TaskCreationOptions options, CancellationToken ct = {}) {
  return detail::RunImpl(std::forward<F>(f), std::move(ct), options);
}

}  // namespace async
