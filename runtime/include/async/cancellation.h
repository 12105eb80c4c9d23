// async/cancellation.h: CancellationToken, CancellationTokenSource,
// CancellationTokenRegistration (.NET's System.Threading cancellation).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

namespace async {

namespace detail {
class CancellationState;
}  // namespace detail

class CancellationToken;

// Returned by CancellationToken::Register. As in .NET, destroying it does not
// unregister the callback; Dispose() (or Unregister()) does.
class CancellationTokenRegistration {
 public:
  CancellationTokenRegistration() noexcept = default;
  // Removes the callback if it has not started running yet; returns true if
  // it was removed. Does not wait for a running callback.
  bool Unregister() noexcept;
  // Unregister(), and if the callback is running on another thread right
  // now, waits until it has returned (as .NET does; a callback disposing its
  // own registration does not wait for itself).
  void Dispose() noexcept;
  // The token the callback was registered on (None for an empty registration).
  async::CancellationToken Token() const noexcept;

  friend bool operator==(const CancellationTokenRegistration& a,
                         const CancellationTokenRegistration& b) noexcept {
    return a.id_ == b.id_ && !a.state_.owner_before(b.state_) && !b.state_.owner_before(a.state_);
  }
  friend bool operator!=(const CancellationTokenRegistration& a,
                         const CancellationTokenRegistration& b) noexcept {
    return !(a == b);
  }

 private:
  friend class CancellationToken;
  friend class detail::CancellationState;
  CancellationTokenRegistration(std::weak_ptr<detail::CancellationState> state, std::uint64_t id)
      : state_(std::move(state)), id_(id) {}
  std::weak_ptr<detail::CancellationState> state_;
  std::uint64_t id_ = 0;
};

class CancellationToken {
 public:
  // The token that can never be canceled (CancellationToken.None).
  CancellationToken() noexcept = default;
  // CancellationToken(bool canceled): an already-canceled token when true.
  explicit CancellationToken(bool canceled);
  static CancellationToken None() noexcept { return CancellationToken(); }

  bool IsCancellationRequested() const noexcept;
  bool CanBeCanceled() const noexcept { return state_ != nullptr; }
  // Throws OperationCanceledException carrying this token when canceled.
  void ThrowIfCancellationRequested() const;

  // Runs f once when the token is canceled: f() or f(token). Callbacks run in
  // reverse order of registration (LIFO), as in .NET, on the thread that
  // cancels; one registered after cancellation runs right away, on the
  // calling thread (its exception propagates to the caller). On a token that
  // cannot be canceled, or whose source was disposed uncanceled, nothing is
  // registered and f never runs. f must not own a handle to this token's
  // source (a cycle): the token is passed to f(token) for that purpose.
  template <class F>
  CancellationTokenRegistration Register(F&& f) const {
    using Fn = std::decay_t<F>;
    if constexpr (std::is_invocable_v<Fn&, const CancellationToken&>) {
      return RegisterImpl(std::function<void(const CancellationToken&)>(std::forward<F>(f)));
    } else {
      static_assert(std::is_invocable_v<Fn&>, "Register(f): f() or f(token)");
      return RegisterImpl(std::function<void(const CancellationToken&)>(
          [g = Fn(std::forward<F>(f))](const CancellationToken&) mutable { g(); }));
    }
  }
  // .NET's UnsafeRegister (no ExecutionContext to flow here): Register.
  template <class F>
  CancellationTokenRegistration UnsafeRegister(F&& f) const {
    return Register(std::forward<F>(f));
  }

  friend bool operator==(const CancellationToken& a, const CancellationToken& b) noexcept {
    return a.state_ == b.state_;
  }
  friend bool operator!=(const CancellationToken& a, const CancellationToken& b) noexcept {
    return !(a == b);
  }

 private:
  friend class CancellationTokenSource;
  friend class CancellationTokenRegistration;
  friend class detail::CancellationState;
  explicit CancellationToken(std::shared_ptr<detail::CancellationState> s) noexcept
      : state_(std::move(s)) {}
  CancellationTokenRegistration RegisterImpl(std::function<void(const CancellationToken&)> f) const;
  std::shared_ptr<detail::CancellationState> state_;
};

// A copyable handle (a .NET reference): copies share one source.
class CancellationTokenSource {
 public:
  CancellationTokenSource();
  // Canceled after `delay` (zero: canceled at once).
  template <class Rep, class Period>
  explicit CancellationTokenSource(std::chrono::duration<Rep, Period> delay)
      : CancellationTokenSource() {
    CancelAfter(delay);
  }

  // Cancels: runs the registered callbacks in LIFO order on this thread.
  // Callback exceptions are collected and thrown as one AggregateException
  // after all callbacks ran; with throwOnFirstException, the first one
  // propagates at once and the remaining callbacks do not run.
  // Throws ObjectDisposedException after Dispose().
  void Cancel(bool throwOnFirstException = false);
  // (Re)starts the timer: canceled after `delay` (the previous CancelAfter
  // is replaced). Zero cancels now; -1 ms (Timeout.InfiniteTimeSpan) stops
  // the timer; below that throws ArgumentOutOfRangeException.
  template <class Rep, class Period>
  void CancelAfter(std::chrono::duration<Rep, Period> delay) {
    CancelAfterImpl(std::chrono::duration_cast<std::chrono::nanoseconds>(delay));
  }
  void CancelAfter(int milliseconds) { CancelAfter(std::chrono::milliseconds(milliseconds)); }
  // Throws ObjectDisposedException after Dispose().
  async::CancellationToken Token() const;
  bool IsCancellationRequested() const noexcept;

  // Releases the timer and the registrations on the linked tokens; the
  // source can no longer be canceled (Cancel throws ObjectDisposedException)
  // and its uncalled callbacks are dropped. Idempotent.
  void Dispose() noexcept;

  // A source canceled when this one is canceled or any of `tokens` is.
  static CancellationTokenSource CreateLinkedTokenSource(std::vector<async::CancellationToken> tokens);
  template <class... Tokens>
  static CancellationTokenSource CreateLinkedTokenSource(const async::CancellationToken& first,
                                                         const Tokens&... rest) {
    return CreateLinkedTokenSource(std::vector<async::CancellationToken>{first, rest...});
  }

  friend bool operator==(const CancellationTokenSource& a, const CancellationTokenSource& b) noexcept {
    return a.state_ == b.state_;
  }
  friend bool operator!=(const CancellationTokenSource& a, const CancellationTokenSource& b) noexcept {
    return !(a == b);
  }

 private:
  void CancelAfterImpl(std::chrono::nanoseconds delay);
  std::shared_ptr<detail::CancellationState> state_;
};

}  // namespace async
