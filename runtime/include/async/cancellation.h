// async/cancellation.h: CancellationToken, CancellationTokenSource,
// CancellationTokenRegistration (a minimal slice of .NET's API).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
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
  // Removes the callback if it has not run yet. Returns true if it was removed.
  bool Unregister() noexcept;
  void Dispose() noexcept { Unregister(); }

 private:
  friend class CancellationToken;
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

  // Runs f when the token is canceled (inline, right away, if it already is).
  // Callbacks run in reverse order of registration, as in .NET.
  template <class F>
  CancellationTokenRegistration Register(F&& f) const {
    return RegisterImpl(std::function<void()>(std::forward<F>(f)));
  }

  friend bool operator==(const CancellationToken& a, const CancellationToken& b) noexcept {
    return a.state_ == b.state_;
  }
  friend bool operator!=(const CancellationToken& a, const CancellationToken& b) noexcept {
    return !(a == b);
  }

 private:
  friend class CancellationTokenSource;
  friend class detail::CancellationState;
  explicit CancellationToken(std::shared_ptr<detail::CancellationState> s) noexcept
      : state_(std::move(s)) {}
  CancellationTokenRegistration RegisterImpl(std::function<void()> f) const;
  std::shared_ptr<detail::CancellationState> state_;
};

// A copyable handle (a .NET reference).
class CancellationTokenSource {
 public:
  CancellationTokenSource();
  template <class Rep, class Period>
  explicit CancellationTokenSource(std::chrono::duration<Rep, Period> delay)
      : CancellationTokenSource() {
    CancelAfter(delay);
  }

  void Cancel();
  template <class Rep, class Period>
  void CancelAfter(std::chrono::duration<Rep, Period> delay) {
    CancelAfterImpl(std::chrono::duration_cast<std::chrono::nanoseconds>(delay));
  }
  async::CancellationToken Token() const noexcept { return async::CancellationToken(state_); }
  bool IsCancellationRequested() const noexcept;

  // A source canceled when this one is canceled or any of `tokens` is.
  static CancellationTokenSource CreateLinkedTokenSource(std::vector<async::CancellationToken> tokens);
  template <class... Tokens>
  static CancellationTokenSource CreateLinkedTokenSource(const async::CancellationToken& first,
                                                         const Tokens&... rest) {
    return CreateLinkedTokenSource(std::vector<async::CancellationToken>{first, rest...});
  }

 private:
  void CancelAfterImpl(std::chrono::nanoseconds delay);
  std::shared_ptr<detail::CancellationState> state_;
};

}  // namespace async
