// async/when.h: Task.WhenAll and Task.WhenAny.
#pragma once

#include <atomic>
#include <cstddef>
#include <exception>
#include <memory>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <async/continuation.h>
#include <async/detail/task_state.h>
#include <async/exceptions.h>
#include <async/task.h>

namespace async {
namespace detail {

// An owning pointer to any task's state.
class AnyTaskStateRef {
 public:
  explicit AnyTaskStateRef(TaskStateBase* s) noexcept : s_(s) {
    if (s_ != nullptr) s_->AddStateRef();
  }
  AnyTaskStateRef(const AnyTaskStateRef& o) noexcept : AnyTaskStateRef(o.s_) {}
  AnyTaskStateRef(AnyTaskStateRef&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
  AnyTaskStateRef& operator=(AnyTaskStateRef o) noexcept {
    std::swap(s_, o.s_);
    return *this;
  }
  ~AnyTaskStateRef() {
    if (s_ != nullptr) s_->ReleaseStateRef();
  }
  TaskStateBase* get() const noexcept { return s_; }

 private:
  TaskStateBase* s_;
};

// What a combinator registers on one input: Resume() reports the input's
// completion; release without invocation (the input was abandoned) reports
// that. Holds a reference on the combinator's own task state.
template <class Owner>
class InputTarget final : public ContinuationTarget {
 public:
  InputTarget(Owner* owner, std::size_t index) noexcept : owner_(owner), index_(index) {
    owner_->AddStateRef();
  }
  ~InputTarget() { owner_->ReleaseStateRef(); }
  void Resume() override { owner_->OnInputCompleted(index_); }
  void OnReleasedUninvoked() override { owner_->OnInputAbandoned(index_); }
  void AddRef() noexcept override { refs_.fetch_add(1, std::memory_order_relaxed); }
  void Release() noexcept override {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }

 private:
  Owner* owner_;
  std::size_t index_;
  std::atomic<int> refs_{0};
};

// Watches input `index`: reports at once (inline) when it already completed,
// else registers a continuation that runs inline on the completing thread
// (like .NET's WhenAll/WhenAny promises; bounded by the inline-depth guard).
// Returns the registered target (identity only, for RemoveContinuation), or
// null when nothing stayed registered.
template <class Owner>
ContinuationTarget* WatchInput(Owner* owner, TaskStateBase& input, std::size_t index) {
  if (input.IsCompleted()) {
    owner->OnInputCompleted(index);
    return nullptr;
  }
  auto* target = new InputTarget<Owner>(owner, index);
  ContinuationEntry entry{Continuation::ForAwait(target), SyncContextRef(), false};
  switch (input.AddContinuation(entry)) {
    case AddContinuationResult::Registered:
      return target;
    case AddContinuationResult::AlreadyCompleted:
      entry.k();
      return nullptr;
    case AddContinuationResult::Abandoned:
      return nullptr;  // entry is released uninvoked here (OnInputAbandoned)
  }
  return nullptr;
}

template <class T>
using WhenAllResult = std::conditional_t<std::is_void_v<T>, void, std::vector<T>>;

// Task.WhenAll's promise (its own task): completes when every input has.
// Faulted with every input's exceptions (in input order) if any faulted;
// else Canceled (with the first canceled input's exception) if any was
// canceled; else the results in input order. T void: no results (also used
// for inputs of mixed types). Abandoned as soon as one input is abandoned.
template <class T>
class WhenAllPromise final : public TaskState<WhenAllResult<T>> {
 public:
  explicit WhenAllPromise(std::vector<AnyTaskStateRef> inputs)
      : inputs_(std::move(inputs)), remaining_(inputs_.size()) {}

  void Start() {
    const std::size_t n = inputs_.size();
    if (n == 0) {
      Finish();
      return;
    }
    for (std::size_t i = 0; i < n; ++i) WatchInput(this, *inputs_[i].get(), i);
  }

  void OnInputCompleted(std::size_t) {
    if (remaining_.fetch_sub(1, std::memory_order_acq_rel) == 1) Finish();
  }
  void OnInputAbandoned(std::size_t) { this->Abandon(); }

 private:
  void Finish() {
    std::vector<std::exception_ptr> errors;
    std::exception_ptr canceled;
    bool any_canceled = false;
    for (const AnyTaskStateRef& r : inputs_) {
      TaskStateBase& s = *r.get();
      if (s.Status() == TaskStatus::Faulted) {
        std::vector<std::exception_ptr> e = s.Exceptions();
        errors.insert(errors.end(), e.begin(), e.end());
      } else if (s.Status() == TaskStatus::Canceled && !any_canceled) {
        any_canceled = true;
        canceled = s.FirstException();
      }
    }
    if (!errors.empty()) {
      this->TryCompleteFaulted(std::move(errors));
    } else if (any_canceled) {
      this->TryCompleteCanceled(std::move(canceled));
    } else if constexpr (std::is_void_v<T>) {
      this->TryCompleteWithResult();
    } else {
      std::vector<T> results;
      results.reserve(inputs_.size());
      for (const AnyTaskStateRef& r : inputs_)
        results.push_back(static_cast<TaskState<T>*>(r.get())->ResultRef());
      this->TryCompleteWithResult(std::move(results));
    }
  }

  std::vector<AnyTaskStateRef> inputs_;
  std::atomic<std::size_t> remaining_;
};

// Task.WhenAny's promise: completes with the first input to complete (the
// others run on). Abandoned only when every input is abandoned.
//
// Like .NET's WhenAny promise, once it has completed it removes its
// continuations from the inputs that lost, so a long-pending loser (a
// Delay(10s)) does not keep the promise, its input list and the winner alive.
template <class T>
class WhenAnyPromise final : public TaskState<Task<T>> {
 public:
  explicit WhenAnyPromise(std::vector<Task<T>> inputs)
      : inputs_(std::move(inputs)),
        targets_(new std::atomic<ContinuationTarget*>[inputs_.size()]) {
    for (std::size_t i = 0; i < inputs_.size(); ++i)
      targets_[i].store(nullptr, std::memory_order_relaxed);
  }

  void Start() {
    const std::size_t n = inputs_.size();
    for (std::size_t i = 0; i < n && !done_.load(std::memory_order_acquire); ++i) {
      ContinuationTarget* t = WatchInput(this, *inputs_[i].StatePtr(), i);
      if (t == nullptr) continue;
      targets_[i].store(t, std::memory_order_seq_cst);
      // Registered after the winner's removal pass looked at input i: undo
      // it here (the winner's seq_cst store of done_ precedes its pass).
      if (done_.load(std::memory_order_seq_cst)) RemoveFrom(i);
    }
  }
  void OnInputCompleted(std::size_t index) {
    if (done_.exchange(true, std::memory_order_seq_cst)) return;
    // Let go of the losers first (their continuations would only find done_
    // set), then complete: the awaiting code may run inline from here.
    for (std::size_t i = 0; i < inputs_.size(); ++i) {
      if (i != index) RemoveFrom(i);
    }
    this->TryCompleteWithResult(inputs_[index]);
  }
  void OnInputAbandoned(std::size_t) {
    if (done_.load(std::memory_order_acquire)) return;  // removed after completion
    if (abandoned_.fetch_add(1, std::memory_order_acq_rel) + 1 == inputs_.size()) this->Abandon();
  }

 private:
  // Unregisters from input i (at most once: the exchange hands the target to
  // one caller). Releasing the continuation drops the target and with it
  // the target's reference on this promise; it can be the last one, so
  // nothing of *this may be touched after the last RemoveFrom of a caller
  // that holds no reference of its own (callers here always do: Start runs
  // under the creator's reference, OnInputCompleted under the completing
  // input's continuation).
  void RemoveFrom(std::size_t i) {
    ContinuationTarget* t = targets_[i].exchange(nullptr, std::memory_order_seq_cst);
    if (t != nullptr) inputs_[i].StatePtr()->RemoveContinuation(t);
  }

  const std::vector<Task<T>> inputs_;
  std::unique_ptr<std::atomic<ContinuationTarget*>[]> targets_;
  std::atomic<bool> done_{false};
  std::atomic<std::size_t> abandoned_{0};
};

inline void CheckTaskArgument(bool valid) {
  if (!valid) throw ArgumentException("The tasks argument included an empty task handle.");
}

template <class T>
Task<WhenAllResult<T>> StartWhenAll(std::vector<AnyTaskStateRef> inputs) {
  using R = WhenAllResult<T>;
  auto* p = new WhenAllPromise<T>(std::move(inputs));
  Task<R> task(TaskStateRef<R>::Adopt(p));
  p->Start();
  return task;
}

template <class... Ts>
struct AllSame : std::true_type {};
template <class T, class U, class... Ts>
struct AllSame<T, U, Ts...>
    : std::bool_constant<std::is_same_v<T, U> && AllSame<U, Ts...>::value> {};

}  // namespace detail

// Task.WhenAll(tasks): a task that completes when all of `tasks` have, with
// their results in input order (Task<> for void tasks). If any faulted, it
// is Faulted and its Exception() aggregates every input's exceptions (in
// input order); awaiting it throws the first. Else, if any was canceled, it
// is Canceled. An empty vector gives a completed task.
template <class T>
Task<detail::WhenAllResult<T>> WhenAll(std::vector<Task<T>> tasks) {
  std::vector<detail::AnyTaskStateRef> inputs;
  inputs.reserve(tasks.size());
  for (const Task<T>& t : tasks) {
    detail::CheckTaskArgument(t.IsValid());
    inputs.emplace_back(t.StatePtr());
  }
  return detail::StartWhenAll<T>(std::move(inputs));
}

// Task.WhenAll(t1, t2, ...): Task<std::vector<T>> when every task is a
// Task<T> of one T (Task<> when T is void); for tasks of different types,
// Task<> (like .NET's WhenAll(params Task[])).
template <class... Ts>
auto WhenAll(const Task<Ts>&... tasks) {
  (detail::CheckTaskArgument(tasks.IsValid()), ...);
  std::vector<detail::AnyTaskStateRef> inputs;
  inputs.reserve(sizeof...(Ts));
  (inputs.emplace_back(tasks.StatePtr()), ...);
  if constexpr (sizeof...(Ts) > 0 && detail::AllSame<Ts...>::value) {
    using T = std::tuple_element_t<0, std::tuple<Ts...>>;
    return detail::StartWhenAll<T>(std::move(inputs));
  } else {
    return detail::StartWhenAll<void>(std::move(inputs));
  }
}

// Task.WhenAny(tasks): a Task<Task<T>> that completes with the first of
// `tasks` to complete (whatever its outcome: WhenAny itself never faults);
// the others keep running. If several have already completed, the first of
// them in input order. Throws ArgumentException for an empty list.
template <class T>
Task<Task<T>> WhenAny(std::vector<Task<T>> tasks) {
  if (tasks.empty()) throw ArgumentException("The tasks argument contains no tasks.");
  for (const Task<T>& t : tasks) detail::CheckTaskArgument(t.IsValid());
  for (const Task<T>& t : tasks) {
    if (t.IsCompleted()) return FromResult(t);
  }
  auto* p = new detail::WhenAnyPromise<T>(std::move(tasks));
  Task<Task<T>> task(detail::TaskStateRef<Task<T>>::Adopt(p));
  p->Start();
  return task;
}

template <class T, class... Rest>
Task<Task<T>> WhenAny(const Task<T>& first, const Task<Rest>&... rest) {
  static_assert(detail::AllSame<T, Rest...>::value, "WhenAny(tasks...): tasks of one type");
  return WhenAny(std::vector<Task<T>>{first, rest...});
}

}  // namespace async
