// async/task_completion_source.h: TaskCompletionSource<T> (T defaults to void).
#pragma once

#include <exception>
#include <type_traits>
#include <utility>

#include <async/cancellation.h>
#include <async/detail/task_state.h>
#include <async/exceptions.h>
#include <async/task.h>

namespace async {
namespace detail {

inline constexpr const char* kTaskAlreadyCompleted =
    "An attempt was made to transition a task to a final state when it had already completed.";

// A copyable handle; the task is abandoned when the last handle goes away
// without completing it.
template <class T>
class TaskCompletionSourceBase {
 public:
  TaskCompletionSourceBase() : TaskCompletionSourceBase(TaskCreationOptions::None) {}
  explicit TaskCompletionSourceBase(TaskCreationOptions options)
      : state_(new TaskState<T>(options)) {
    state_->AddCompleter();
  }
  TaskCompletionSourceBase(const TaskCompletionSourceBase& o) noexcept : state_(o.state_) {
    if (state_ != nullptr) {
      state_->AddStateRef();
      state_->AddCompleter();
    }
  }
  TaskCompletionSourceBase(TaskCompletionSourceBase&& o) noexcept
      : state_(std::exchange(o.state_, nullptr)) {}
  TaskCompletionSourceBase& operator=(TaskCompletionSourceBase o) noexcept {
    std::swap(state_, o.state_);
    return *this;
  }
  ~TaskCompletionSourceBase() {
    if (state_ != nullptr) {
      state_->ReleaseCompleter();
      state_->ReleaseStateRef();
    }
  }

  async::Task<T> Task() const { return async::Task<T>(TaskStateRef<T>::Share(&State())); }

  bool TrySetException(std::exception_ptr e) {
    if (e == nullptr) throw InvalidOperationException("TrySetException: null exception.");
    return State().TryCompleteFaulted(std::move(e));
  }
  void SetException(std::exception_ptr e) {
    if (!TrySetException(std::move(e))) throw InvalidOperationException(kTaskAlreadyCompleted);
  }
  bool TrySetCanceled(CancellationToken token = {}) {
    return State().TryCompleteCanceled(
        std::make_exception_ptr(TaskCanceledException(std::move(token))));
  }
  void SetCanceled(CancellationToken token = {}) {
    if (!TrySetCanceled(std::move(token))) throw InvalidOperationException(kTaskAlreadyCompleted);
  }

 protected:
  TaskState<T>& State() const {
    if (state_ == nullptr) throw InvalidOperationException("The TaskCompletionSource is empty.");
    return *state_;
  }
  TaskState<T>* state_;
};

}  // namespace detail

template <class T = void>
class TaskCompletionSource : public detail::TaskCompletionSourceBase<T> {
 public:
  using detail::TaskCompletionSourceBase<T>::TaskCompletionSourceBase;

  template <class U = T>
  bool TrySetResult(U&& value) {
    return this->State().TryCompleteWithResult(std::forward<U>(value));
  }
  template <class U = T>
  void SetResult(U&& value) {
    if (!TrySetResult(std::forward<U>(value)))
      throw InvalidOperationException(detail::kTaskAlreadyCompleted);
  }
};

template <>
class TaskCompletionSource<void> : public detail::TaskCompletionSourceBase<void> {
 public:
  using detail::TaskCompletionSourceBase<void>::TaskCompletionSourceBase;

  bool TrySetResult() { return State().TryCompleteWithResult(); }
  void SetResult() {
    if (!TrySetResult()) throw InvalidOperationException(detail::kTaskAlreadyCompleted);
  }
};

}  // namespace async
