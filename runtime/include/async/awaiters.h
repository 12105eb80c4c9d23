// async/awaiters.h: the awaiter protocol helpers (GetAwaiter, AwaiterOf) and
// the task awaiters (TaskAwaiter, ConfiguredTaskAwaitable). The helpers that
// only generated code calls are in <async/detail/generated_code.h>.
//
// Awaiter protocol (SPEC §2): a.IsCompleted(), a.OnCompleted(k) and/or
// a.UnsafeOnCompleted(k) with k an async::Continuation, a.GetResult().
#pragma once

#include <type_traits>
#include <utility>

#include <async/continuation.h>
#include <async/detail/task_state.h>
#include <async/exceptions.h>

namespace async {

namespace detail {

template <class E, class = void>
struct HasMemberGetAwaiter : std::false_type {};
template <class E>
struct HasMemberGetAwaiter<E, std::void_t<decltype(std::declval<E>().GetAwaiter())>>
    : std::true_type {};

namespace adl {
void GetAwaiter() = delete;  // hides async::GetAwaiter; ADL still applies
template <class E, class = void>
struct HasAdlGetAwaiter : std::false_type {};
template <class E>
struct HasAdlGetAwaiter<E, std::void_t<decltype(GetAwaiter(std::declval<E>()))>>
    : std::true_type {};
template <class E>
decltype(auto) CallGetAwaiter(E&& e) {
  return GetAwaiter(std::forward<E>(e));
}
}  // namespace adl

struct GetAwaiterFn {
  template <class E,
            class = std::enable_if_t<HasMemberGetAwaiter<E>::value || adl::HasAdlGetAwaiter<E>::value>>
  decltype(auto) operator()(E&& e) const {
    if constexpr (HasMemberGetAwaiter<E>::value) {
      return std::forward<E>(e).GetAwaiter();
    } else {
      return adl::CallGetAwaiter(std::forward<E>(e));
    }
  }
};

template <class A, class = void>
struct HasUnsafeOnCompleted : std::false_type {};
template <class A>
struct HasUnsafeOnCompleted<
    A, std::void_t<decltype(std::declval<A&>().UnsafeOnCompleted(std::declval<Continuation>()))>>
    : std::true_type {};
template <class A, class = void>
struct HasOnCompleted : std::false_type {};
template <class A>
struct HasOnCompleted<
    A, std::void_t<decltype(std::declval<A&>().OnCompleted(std::declval<Continuation>()))>>
    : std::true_type {};

// Hands k to the awaiter, preferring UnsafeOnCompleted.
template <class A>
void CallUnsafeOnCompleted(A& awaiter, Continuation k) {
  static_assert(HasUnsafeOnCompleted<A>::value || HasOnCompleted<A>::value,
                "an awaiter needs OnCompleted(k) or UnsafeOnCompleted(k)");
  if constexpr (HasUnsafeOnCompleted<A>::value) {
    awaiter.UnsafeOnCompleted(std::move(k));
  } else {
    awaiter.OnCompleted(std::move(k));
  }
}
// Hands k to the awaiter, preferring OnCompleted.
template <class A>
void CallOnCompleted(A& awaiter, Continuation k) {
  static_assert(HasUnsafeOnCompleted<A>::value || HasOnCompleted<A>::value,
                "an awaiter needs OnCompleted(k) or UnsafeOnCompleted(k)");
  if constexpr (HasOnCompleted<A>::value) {
    awaiter.OnCompleted(std::move(k));
  } else {
    awaiter.UnsafeOnCompleted(std::move(k));
  }
}

}  // namespace detail

// async::GetAwaiter(e): e.GetAwaiter() if that member exists, else GetAwaiter(e)
// found by ADL; e's value category is forwarded. (A function object, so ADL
// never finds it by mistake.)
inline constexpr detail::GetAwaiterFn GetAwaiter{};

// The awaiter type of an awaitable expression of type E (E&& for rvalues,
// E& for lvalues).
template <class E>
using AwaiterOf = std::decay_t<decltype(async::GetAwaiter(std::declval<E>()))>;

// Task<T>'s awaiter. Consume: obtained from an rvalue task, GetResult() moves
// the result out of the task; otherwise it returns a copy.
template <class T, bool Consume = false>
class TaskAwaiter {
 public:
  explicit TaskAwaiter(detail::TaskStateRef<T> state, bool continueOnCapturedContext = true) noexcept
      : state_(std::move(state)), capture_context_(continueOnCapturedContext) {}

  bool IsCompleted() const { return State().IsCompleted(); }
  // Both capture SynchronizationContext::Current(), else a non-default
  // TaskScheduler::Current() (unless ConfigureAwait(false)).
  void OnCompleted(Continuation k) const { Register(std::move(k)); }
  void UnsafeOnCompleted(Continuation k) const { Register(std::move(k)); }

  // Blocks if needed; throws the task's first exception itself (canceled:
  // TaskCanceledException or the OperationCanceledException that canceled it).
  T GetResult() {
    detail::TaskState<T>& s = State();
    s.WaitBlocking();
    s.ThrowIfNotSuccess();
    if constexpr (std::is_void_v<T>) {
      return;
    } else if constexpr (Consume) {
      return std::move(s.MutableResult());
    } else {
      return s.ResultRef();
    }
  }

 private:
  detail::TaskState<T>& State() const {
    if (!state_) throw InvalidOperationException("The task handle is empty.");
    return *state_.get();
  }
  void Register(Continuation k) const { State().OnCompletedCapturing(std::move(k), capture_context_); }
  detail::TaskStateRef<T> state_;
  bool capture_context_;
};

// task.ConfigureAwait(b): an awaitable whose awaiter captures the context only
// when b is true.
template <class T, bool Consume = false>
class ConfiguredTaskAwaitable {
 public:
  using ConfiguredTaskAwaiter = TaskAwaiter<T, Consume>;
  ConfiguredTaskAwaitable(detail::TaskStateRef<T> state, bool continueOnCapturedContext) noexcept
      : state_(std::move(state)), capture_context_(continueOnCapturedContext) {}
  ConfiguredTaskAwaiter GetAwaiter() const& { return ConfiguredTaskAwaiter(state_, capture_context_); }
  ConfiguredTaskAwaiter GetAwaiter() && {
    return ConfiguredTaskAwaiter(std::move(state_), capture_context_);
  }

 private:
  detail::TaskStateRef<T> state_;
  bool capture_context_;
};

}  // namespace async
