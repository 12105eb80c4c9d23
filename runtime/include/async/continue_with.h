// async/continue_with.h: Task.ContinueWith (the members declared in
// <async/task.h>), after .NET's Task.ContinueWith / ContinuationTaskFromTask.
//
// The continuation task is a RunBox (run.h) created not yet queued, so it is
// WaitingForActivation until the antecedent completes; then, unless the
// options filter it out (Canceled, as .NET), it is queued (WaitingToRun) to
// the scheduler, or run inline with ExecuteSynchronously, and is Running
// while f runs. f gets the antecedent task, as in .NET, and can look at its
// Status(), Result() or Exception(). The ExecutionContext of the
// ContinueWith call flows into f.
#pragma once

#include <atomic>
#include <type_traits>
#include <utility>

#include <async/cancellation.h>
#include <async/continuation.h>
#include <async/detail/thread_pool.h>
#include <async/run.h>
#include <async/task.h>
#include <async/task_scheduler.h>
#include <async/task_status.h>

namespace async {
namespace detail {

// Whether `options` let a continuation run after an antecedent that ended
// in `status` (.NET's NotOn*/OnlyOn* rules).
constexpr bool ContinuationAllowed(TaskContinuationOptions options, TaskStatus status) noexcept {
  switch (status) {
    case TaskStatus::RanToCompletion:
      return !HasFlag(options, TaskContinuationOptions::NotOnRanToCompletion);
    case TaskStatus::Faulted:
      return !HasFlag(options, TaskContinuationOptions::NotOnFaulted);
    case TaskStatus::Canceled:
      return !HasFlag(options, TaskContinuationOptions::NotOnCanceled);
    default:
      return false;
  }
}

// Registered on the antecedent: when it completes, cancels the continuation
// task or queues (or runs) its RunBox; when the antecedent is abandoned (it
// can never complete), the continuation task is abandoned too.
template <class Box, class T>
class AntecedentTarget final : public ContinuationTarget {
 public:
  AntecedentTarget(Box* box, Task<T> antecedent, TaskContinuationOptions options,
                   TaskScheduler* scheduler) noexcept
      : box_(box), antecedent_(std::move(antecedent)), options_(options), scheduler_(scheduler) {
    box_->AddStateRef();
  }
  ~AntecedentTarget() { box_->ReleaseStateRef(); }

  void Resume() override {
    TaskStatus status = antecedent_.Status();
    antecedent_ = Task<T>();
    if (!ContinuationAllowed(options_, status) || box_->Token().IsCancellationRequested()) {
      box_->CancelUnstarted();
      return;
    }
    box_->MarkQueued();
    Continuation work = Continuation::ForAwait(box_);
    const bool is_default = scheduler_ == &TaskScheduler::Default();
    if (HasFlag(options_, TaskContinuationOptions::ExecuteSynchronously)) {
      if (is_default) {
        work();
      } else {
        RunInlineOrQueue(*scheduler_, std::move(work));
      }
    } else if (!is_default) {
      QueueToScheduler(*scheduler_, std::move(work));
    } else if (HasFlag(options_, TaskContinuationOptions::LongRunning)) {
      StartDedicatedThread(std::move(work));
    } else {
      PostToThreadPool(std::move(work),
                       !HasFlag(options_, TaskContinuationOptions::PreferFairness));
    }
  }
  void OnReleasedUninvoked() override {
    antecedent_ = Task<T>();
    box_->OnReleasedUninvoked();
  }
  void AddRef() noexcept override { refs_.fetch_add(1, std::memory_order_relaxed); }
  void Release() noexcept override {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }

 private:
  Box* box_;
  Task<T> antecedent_;
  TaskContinuationOptions options_;
  TaskScheduler* scheduler_;
  std::atomic<int> refs_{0};
};

}  // namespace detail

template <class T>
template <class F>
Task<detail::ContinuationResultT<F, T>> detail::TaskBase<T>::ContinueWith(
    F&& f, CancellationToken ct, TaskContinuationOptions options, TaskScheduler& scheduler) const {
  using R = ContinuationResultT<F, T>;
  TaskState<T>& state = State();
  Task<T> antecedent(StateRef());
  auto work = [f = std::decay_t<F>(std::forward<F>(f)), antecedent]() mutable -> R {
    return f(antecedent);
  };
  using Box = RunBox<decltype(work), R, /*Unwrap=*/false>;
  TaskCreationOptions creation =
      HasFlag(options, TaskContinuationOptions::RunContinuationsAsynchronously)
          ? TaskCreationOptions::RunContinuationsAsynchronously
          : TaskCreationOptions::None;
  auto* box = new Box(std::move(work), std::move(ct), creation, /*queued=*/false);
  Task<R> task(TaskStateRef<R>::Adopt(box));
  Continuation k = Continuation::ForAwait(
      new AntecedentTarget<Box, T>(box, std::move(antecedent), options, &scheduler));
  if (state.IsCompleted()) {
    k();  // .NET queues (or runs) a continuation of a completed task at once
  } else {
    state.OnCompleted(std::move(k), nullptr);  // inline on the completing thread
  }
  return task;
}

template <class T>
template <class F>
Task<detail::ContinuationResultT<F, T>> detail::TaskBase<T>::ContinueWith(
    F&& f, TaskContinuationOptions options) const {
  return ContinueWith(std::forward<F>(f), CancellationToken::None(), options,
                      TaskScheduler::Current());
}

template <class T>
template <class F>
Task<detail::ContinuationResultT<F, T>> detail::TaskBase<T>::ContinueWith(
    F&& f, CancellationToken ct) const {
  return ContinueWith(std::forward<F>(f), std::move(ct), TaskContinuationOptions::None,
                      TaskScheduler::Current());
}

template <class T>
template <class F>
Task<detail::ContinuationResultT<F, T>> detail::TaskBase<T>::ContinueWith(
    F&& f, TaskScheduler& scheduler) const {
  return ContinueWith(std::forward<F>(f), CancellationToken::None(),
                      TaskContinuationOptions::None, scheduler);
}

}  // namespace async
