// async/detail/task_callbacks.h: what the runtime's own asynchronous
// helpers (Parallel::ForEachAsync, Using, retry policies, the host) are
// written with. The runtime is C++17 without coroutines, so these helpers
// are continuation-passing code: a callback runs once a task completed.
#pragma once

#include <exception>
#include <type_traits>
#include <utility>
#include <vector>

#include <async/continuation.h>
#include <async/detail/task_state.h>
#include <async/exceptions.h>
#include <async/task.h>
#include <async/value_task.h>

namespace async {
namespace detail {

inline constexpr const char* kAwaitedTaskAbandoned =
    "The awaited task was abandoned (its completer was destroyed without completing it).";

// A continuation target that runs f once: when the awaited task completed,
// or, when every continuation is released uninvoked (the task was
// abandoned), then too, so the helper waiting on it can fail instead of
// hanging. f sees which case it is from the task's IsCompleted().
template <class F>
class CallbackTarget final : public ContinuationTarget {
 public:
  template <class G>
  explicit CallbackTarget(G&& g) : f_(std::forward<G>(g)) {}
  void Resume() override { f_(); }
  void OnReleasedUninvoked() override { f_(); }
  void AddRef() noexcept override { refs_.fetch_add(1, std::memory_order_relaxed); }
  void Release() noexcept override {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }

 private:
  F f_;
  std::atomic<std::uint32_t> refs_{0};
};

template <class F>
Continuation MakeCallback(F&& f) {
  return Continuation::ForAwait(new CallbackTarget<std::decay_t<F>>(std::forward<F>(f)));
}

// Runs then() once `task` completed: inline when it already has, else as
// its continuation (under the captured SynchronizationContext / scheduler
// when captureContext, as an await would; else inline on the completing
// thread). then() also runs when the task is abandoned (still incomplete).
template <class T, class F>
void WhenCompleted(const Task<T>& task, F&& then, bool captureContext) {
  TaskState<T>& s = *task.StatePtr();
  if (s.IsCompleted()) {
    then();
    return;
  }
  s.OnCompletedCapturing(MakeCallback(std::forward<F>(then)), captureContext);
}

template <class E>
struct IsTask : std::false_type {};
template <class T>
struct IsTask<Task<T>> : std::true_type {};
template <class E>
struct IsValueTask : std::false_type {};
template <class T>
struct IsValueTask<ValueTask<T>> : std::true_type {};

// Result type of a Task<R> or ValueTask<R>.
template <class E>
struct TaskLikeResult {
  static_assert(IsTask<E>::value || IsValueTask<E>::value,
                "the function must return async::Task<R> or async::ValueTask<R>");
};
template <class T>
struct TaskLikeResult<Task<T>> {
  using type = T;
};
template <class T>
struct TaskLikeResult<ValueTask<T>> {
  using type = T;
};

// A Task<R> for a Task<R> or ValueTask<R> (the ValueTask is consumed).
template <class T>
Task<T> AsTask(Task<T> t) {
  return t;
}
template <class T>
Task<T> AsTask(ValueTask<T> v) {
  return v.AsTask();
}

// Calls f(args...) (returning a Task<R> or ValueTask<R>) as a Task<R>: an
// exception thrown by the call itself gives a faulted (or, for an
// OperationCanceledException, canceled) task, as an async method's would.
template <class F, class... Args>
auto InvokeAsTask(F&& f, Args&&... args)
    -> Task<typename TaskLikeResult<std::decay_t<std::invoke_result_t<F, Args...>>>::type> {
  using R = typename TaskLikeResult<std::decay_t<std::invoke_result_t<F, Args...>>>::type;
  try {
    Task<R> t = AsTask(std::forward<F>(f)(std::forward<Args>(args)...));
    if (!t.IsValid()) throw InvalidOperationException("The function returned an empty task.");
    return t;
  } catch (const OperationCanceledException&) {
    auto* s = new TaskState<R>();
    s->TryCompleteCanceled(std::current_exception());
    return Task<R>(TaskStateRef<R>::Adopt(s));
  } catch (...) {
    return FromException<R>(std::current_exception());
  }
}

// The exceptions of a completed task, or an InvalidOperationException for
// an abandoned one.
template <class T>
std::vector<std::exception_ptr> ErrorsOf(const Task<T>& task) {
  TaskState<T>& s = *task.StatePtr();
  if (!s.IsCompleted()) return {std::make_exception_ptr(InvalidOperationException(kAwaitedTaskAbandoned))};
  return s.Exceptions();
}

// Completes `target` as `source` completed (copying the result when it can,
// else moving it out). An abandoned source faults the target.
template <class T>
void CompleteLike(TaskState<T>& target, const Task<T>& source) {
  TaskState<T>& s = *source.StatePtr();
  switch (s.IsCompleted() ? s.Status() : TaskStatus::Faulted) {
    case TaskStatus::RanToCompletion:
      if constexpr (std::is_void_v<T>) {
        target.TryCompleteWithResult();
      } else if constexpr (std::is_copy_constructible_v<T>) {
        target.TryCompleteWithResult(s.ResultRef());
      } else {
        target.TryCompleteWithResult(std::move(s.MutableResult()));
      }
      return;
    case TaskStatus::Canceled:
      target.TryCompleteCanceled(s.FirstException());
      return;
    default:
      target.TryCompleteFaulted(ErrorsOf(source));
      return;
  }
}

// Completes `target` with exception e: Canceled for an
// OperationCanceledException, else Faulted (an async method's rule).
template <class T>
void CompleteWithException(TaskState<T>& target, std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const OperationCanceledException&) {
    target.TryCompleteCanceled(std::move(e));
  } catch (...) {
    target.TryCompleteFaulted(std::move(e));
  }
}

// A new pending task state and its Task handle.
template <class T>
Task<T> NewPendingTask(TaskState<T>*& state) {
  state = new TaskState<T>();
  return Task<T>(TaskStateRef<T>::Adopt(state));
}

}  // namespace detail
}  // namespace async
