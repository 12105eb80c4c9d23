// async/task.h: Task<T> and Task<> (a copyable shared handle to a task).
#pragma once

#include <exception>
#include <type_traits>
#include <utility>

#include <async/awaiters.h>
#include <async/cancellation.h>
#include <async/detail/task_state.h>
#include <async/exceptions.h>
#include <async/native_coroutine.h>  // C++20: Task's promise type (nothing in C++17)
#include <async/task_status.h>

namespace async {

template <class T = void>
class Task;

namespace detail {

// The result type of ContinueWith(f): what f returns given the antecedent.
template <class F, class T>
using ContinuationResultT = std::decay_t<std::invoke_result_t<std::decay_t<F>&, Task<T>&>>;

template <class T>
class TaskBase {
 public:
  // Task.ContinueWith (defined in <async/continue_with.h>, which
  // <async/async.h> includes): f(antecedent)
  // runs once this task completes (however it completes, unless `options`
  // filter it out: then the returned task is Canceled), queued to
  // `scheduler` (default: TaskScheduler::Current(), as .NET), or inline
  // with ExecuteSynchronously. Returns a Task<R> for f's result R; a
  // Task-returning f gives Task<Task<U>> (no unwrapping, as .NET).
  template <class F>
  Task<ContinuationResultT<F, T>> ContinueWith(
      F&& f, TaskContinuationOptions options = TaskContinuationOptions::None) const;
  template <class F>
  Task<ContinuationResultT<F, T>> ContinueWith(F&& f, CancellationToken ct) const;
  template <class F>
  Task<ContinuationResultT<F, T>> ContinueWith(F&& f, TaskScheduler& scheduler) const;
  template <class F>
  Task<ContinuationResultT<F, T>> ContinueWith(F&& f, CancellationToken ct,
                                               TaskContinuationOptions options,
                                               TaskScheduler& scheduler) const;

  TaskStatus Status() const { return State().Status(); }
  bool IsCompleted() const { return State().IsCompleted(); }
  bool IsCompletedSuccessfully() const { return Status() == TaskStatus::RanToCompletion; }
  bool IsFaulted() const { return Status() == TaskStatus::Faulted; }
  bool IsCanceled() const { return Status() == TaskStatus::Canceled; }
  // Blocks until the task completes; throws AggregateException when it
  // faulted or was canceled, InvalidOperationException when abandoned.
  void Wait() const {
    TaskState<T>& s = State();
    s.WaitBlocking();
    s.ThrowAggregateIfNotSuccess();
  }
  // The AggregateException of a faulted task (owned by the task), else null.
  AggregateException* Exception() const { return State().Exception(); }

  // False for a default-constructed or moved-from handle.
  bool IsValid() const noexcept { return static_cast<bool>(ref_); }
  explicit operator bool() const noexcept { return IsValid(); }
  // Runtime-internal: the shared state.
  TaskState<T>* StatePtr() const noexcept { return ref_.get(); }
  const TaskStateRef<T>& StateRef() const noexcept { return ref_; }

  friend bool operator==(const TaskBase& a, const TaskBase& b) noexcept {
    return a.ref_.get() == b.ref_.get();
  }
  friend bool operator!=(const TaskBase& a, const TaskBase& b) noexcept { return !(a == b); }

 protected:
  TaskBase() noexcept = default;
  explicit TaskBase(TaskStateRef<T> r) noexcept : ref_(std::move(r)) {}
  TaskState<T>& State() const {
    if (!ref_) throw InvalidOperationException("The task handle is empty.");
    return *ref_.get();
  }
  TaskStateRef<T> ref_;
};

}  // namespace detail

template <class T>
class Task : public detail::TaskBase<T> {
 public:
#if defined(__cpp_impl_coroutine)
  using promise_type = detail::TaskPromise<T>;
#endif
  using ResultType = T;

  Task() noexcept = default;
  explicit Task(detail::TaskStateRef<T> r) noexcept : detail::TaskBase<T>(std::move(r)) {}

  // Blocks; throws AggregateException (fault, or TaskCanceledException inside).
  const T& Result() const& {
    detail::TaskState<T>& s = this->State();
    s.WaitBlocking();
    s.ThrowAggregateIfNotSuccess();
    return s.ResultRef();
  }
  // On an rvalue task the result is moved out of the task.
  T Result() && {
    detail::TaskState<T>& s = this->State();
    s.WaitBlocking();
    s.ThrowAggregateIfNotSuccess();
    return std::move(s.MutableResult());
  }

  TaskAwaiter<T> GetAwaiter() const& { return TaskAwaiter<T>(this->StateRef()); }
  TaskAwaiter<T, true> GetAwaiter() && { return TaskAwaiter<T, true>(std::move(this->ref_)); }
  ConfiguredTaskAwaitable<T> ConfigureAwait(bool continueOnCapturedContext) const& {
    return ConfiguredTaskAwaitable<T>(this->StateRef(), continueOnCapturedContext);
  }
  ConfiguredTaskAwaitable<T, true> ConfigureAwait(bool continueOnCapturedContext) && {
    return ConfiguredTaskAwaitable<T, true>(std::move(this->ref_), continueOnCapturedContext);
  }
};

template <>
class Task<void> : public detail::TaskBase<void> {
 public:
#if defined(__cpp_impl_coroutine)
  using promise_type = detail::TaskPromise<void>;
#endif
  using ResultType = void;

  Task() noexcept = default;
  explicit Task(detail::TaskStateRef<void> r) noexcept : detail::TaskBase<void>(std::move(r)) {}

  void Result() const { Wait(); }

  TaskAwaiter<void> GetAwaiter() const& { return TaskAwaiter<void>(StateRef()); }
  TaskAwaiter<void, true> GetAwaiter() && { return TaskAwaiter<void, true>(std::move(ref_)); }
  ConfiguredTaskAwaitable<void> ConfigureAwait(bool continueOnCapturedContext) const& {
    return ConfiguredTaskAwaitable<void>(StateRef(), continueOnCapturedContext);
  }
  ConfiguredTaskAwaitable<void, true> ConfigureAwait(bool continueOnCapturedContext) && {
    return ConfiguredTaskAwaitable<void, true>(std::move(ref_), continueOnCapturedContext);
  }
};

namespace detail {

// A completed task that is never freed (a shared cache entry; reachable from
// a static, so not a leak).
template <class T, class... V>
TaskState<T>* MakeCachedCompleted(V... v) {
  auto* s = new TaskState<T>();
  s->TryCompleteWithResult(v...);
  return s;
}

// .NET's TaskCache: Task<bool> true/false and Task<int> for -1..8.
constexpr int kMinCachedInt = -1;
constexpr int kMaxCachedInt = 8;  // inclusive (.NET: exclusive 9)

inline TaskState<bool>* CachedBoolTask(bool v) {
  static TaskState<bool>* const cache[2] = {MakeCachedCompleted<bool>(false),
                                            MakeCachedCompleted<bool>(true)};
  return cache[v ? 1 : 0];
}
inline TaskState<int>* CachedIntTask(int v) {
  struct Cache {
    TaskState<int>* tasks[kMaxCachedInt - kMinCachedInt + 1];
    Cache() {
      for (int i = kMinCachedInt; i <= kMaxCachedInt; ++i)
        tasks[i - kMinCachedInt] = MakeCachedCompleted<int>(i);
    }
  };
  static const Cache cache;
  return cache.tasks[v - kMinCachedInt];
}

}  // namespace detail

// Task.CompletedTask: one shared completed task, as in .NET.
inline Task<> CompletedTask() {
  static detail::TaskState<void>* const completed = detail::MakeCachedCompleted<void>();
  return Task<>(detail::TaskStateRef<void>::Share(completed));
}

// Task.FromResult(v). As in .NET, results true/false and ints in -1..8 share
// one cached completed task each (no allocation).
template <class U>
Task<std::decay_t<U>> FromResult(U&& value) {
  using T = std::decay_t<U>;
  if constexpr (std::is_same_v<T, bool>) {
    return Task<bool>(detail::TaskStateRef<bool>::Share(detail::CachedBoolTask(value)));
  } else if constexpr (std::is_same_v<T, int>) {
    if (value >= detail::kMinCachedInt && value <= detail::kMaxCachedInt)
      return Task<int>(detail::TaskStateRef<int>::Share(detail::CachedIntTask(value)));
  }
  auto* s = new detail::TaskState<T>();
  detail::TaskStateRef<T> ref = detail::TaskStateRef<T>::Adopt(s);
  s->TryCompleteWithResult(std::forward<U>(value));
  return Task<T>(std::move(ref));
}

// Task.FromException<T>(e)
template <class T = void>
Task<T> FromException(std::exception_ptr e) {
  if (e == nullptr) throw InvalidOperationException("FromException: null exception.");
  auto* s = new detail::TaskState<T>();
  s->TryCompleteFaulted(std::move(e));
  return Task<T>(detail::TaskStateRef<T>::Adopt(s));
}

// Task.FromCanceled<T>(token)
template <class T = void>
Task<T> FromCanceled(CancellationToken token) {
  auto* s = new detail::TaskState<T>();
  s->TryCompleteCanceled(std::make_exception_ptr(TaskCanceledException(std::move(token))));
  return Task<T>(detail::TaskStateRef<T>::Adopt(s));
}

}  // namespace async
