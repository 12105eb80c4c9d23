// async/run.h: Task.Run (thread pool, or a dedicated thread for LongRunning).
#pragma once

#include <atomic>
#include <cstddef>
#include <exception>
#include <new>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

#include <async/cancellation.h>
#include <async/continuation.h>
#include <async/detail/frame_pool.h>
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

// The one block behind Run (from the frame pool): Run's task state, the
// work item the pool runs (it is its own continuation target) and f. f lives
// until f (and, for a Task-returning f, the task it returned) has finished,
// and is destroyed before the task completes. If the work item is dropped
// unrun (pool shutdown) or the inner task is abandoned, the task is
// abandoned. f runs under the ExecutionContext captured when Run was called.
template <class F, class T, bool Unwrap = true>
class RunBox final : public TaskState<T>, public ContinuationTarget {
 public:
  using Raw = std::decay_t<std::invoke_result_t<F&>>;
  static constexpr bool kUnwrap = Unwrap && RunUnwrap<Raw>::kIsTask;

  // `queued`: the work item is queued right away (Run, StartNew), so the
  // task is WaitingToRun; ContinueWith queues it later (MarkQueued). An
  // unwrapping Run's task is a promise, as .NET's UnwrapPromise: it stays
  // WaitingForActivation until it completes.
  template <class G>
  RunBox(G&& g, CancellationToken ct, TaskCreationOptions options, bool queued = true)
      : TaskState<T>(options),
        f_(std::in_place, std::forward<G>(g)),
        ct_(std::move(ct)),
        ec_(CaptureEcForFlow()) {
    if (queued) MarkQueued();
  }

  void MarkQueued() noexcept {
    if constexpr (!kUnwrap)
      this->TransitionPendingStatus(TaskStatus::WaitingForActivation, TaskStatus::WaitingToRun);
  }
  // Completes the task as Canceled without running f (a continuation whose
  // options exclude the antecedent's outcome, or whose token was canceled).
  void CancelUnstarted() {
    f_.reset();
    this->TryCompleteCanceled(std::make_exception_ptr(TaskCanceledException(ct_)));
  }
  const CancellationToken& Token() const noexcept { return ct_; }
  ~RunBox() {
    if (ec_.ec != nullptr) ec_.ec->Release();
  }

  // Continuation references are references on the task state.
  void AddRef() noexcept override { this->AddStateRef(); }
  void Release() noexcept override { this->ReleaseStateRef(); }
  void Resume() override { Execute(); }
  // Dropped unrun: f is destroyed, the task abandoned.
  void OnReleasedUninvoked() override {
    f_.reset();
    this->Abandon();
  }

  static void* operator new(std::size_t size) { return FramePoolAllocate(size); }
  static void operator delete(void* p, std::size_t size) noexcept { FramePoolFree(p, size); }
  static void* operator new(std::size_t size, std::align_val_t al) {
    return ::operator new(size, al);
  }
  static void operator delete(void* p, std::size_t size, std::align_val_t al) noexcept {
    ::operator delete(p, size, al);
  }

 private:
  // The continuation on the task f returned (the unwrap): completes Run's
  // task from it, or abandons Run's task when it is released uninvoked.
  class UnwrapTarget final : public ContinuationTarget {
   public:
    UnwrapTarget(RunBox* box, Raw inner) noexcept : box_(box), inner_(std::move(inner)) {
      box_->AddStateRef();
    }
    void Resume() override {
      box_->f_.reset();
      CompleteFrom(*box_, *inner_.StatePtr());
    }
    void OnReleasedUninvoked() override {
      box_->f_.reset();
      box_->Abandon();
    }
    void AddRef() noexcept override { refs_.fetch_add(1, std::memory_order_relaxed); }
    void Release() noexcept override {
      if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        box_->ReleaseStateRef();
        delete this;
      }
    }

   private:
    RunBox* box_;
    Raw inner_;
    std::atomic<int> refs_{0};
  };

  void Execute() {
    EcScope scope(ec_.ec, ec_.flows);
    TaskState<T>& task = *this;
    if constexpr (!kUnwrap) this->TransitionPendingStatus(TaskStatus::WaitingToRun, TaskStatus::Running);
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
        // f stays alive until inner completes (or is abandoned).
        s.OnCompleted(Continuation::ForAwait(new UnwrapTarget(this, std::move(inner))), nullptr);
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
  CancellationToken ct_;
  CapturedEc ec_;
};

template <class F>
using RunResult = typename RunUnwrap<std::decay_t<std::invoke_result_t<std::decay_t<F>&>>>::type;

template <class F, bool Unwrap = true>
auto RunImpl(F&& f, CancellationToken ct, TaskCreationOptions options) {
  using T = std::conditional_t<Unwrap, RunResult<F>, std::decay_t<std::invoke_result_t<std::decay_t<F>&>>>;
  using Box = RunBox<std::decay_t<F>, T, Unwrap>;
  if (ct.IsCancellationRequested()) return FromCanceled<T>(ct);
  auto* box = new Box(std::forward<F>(f), std::move(ct), options);
  Task<T> task(TaskStateRef<T>::Adopt(box));
  Continuation work = Continuation::ForAwait(box);
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
