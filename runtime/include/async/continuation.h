// async/continuation.h: async::Continuation, the callable handed to awaiters.
//
// A Continuation is an intrusive, refcounted handle to a
// detail::ContinuationTarget (a state-machine box, a coroutine's task state,
// or a heap-allocated callable). Invoking any copy resumes the target once;
// later invocations of any copy of the same await do nothing. When every copy
// of the continuation of the current await is destroyed without having been
// invoked, the target's OnReleasedUninvoked() runs: for a state machine that
// destroys the machine and abandons its task.
#pragma once

#include <atomic>
#include <cstdint>
#include <type_traits>
#include <utility>

namespace async {

class Continuation;

namespace detail {

class AsyncBoxTarget;

class ContinuationTarget {
 public:
  // The async-method box behind this target, or null (other targets).
  virtual AsyncBoxTarget* AsAsyncBox() noexcept { return nullptr; }
  // Resumes the awaiting function on the calling thread.
  virtual void Resume() = 0;
  // Every Continuation was released while the target was still awaiting.
  virtual void OnReleasedUninvoked() {}
  // Memory references: a live Continuation keeps its target's memory alive.
  virtual void AddRef() noexcept = 0;
  virtual void Release() noexcept = 0;

  // True between the creation of an await's continuation and its invocation
  // (or release).
  bool IsAwaiting() const noexcept {
    return (await_word_.load(std::memory_order_acquire) & 1u) != 0;
  }
  // Number of live Continuation objects that point here.
  std::uint32_t ContinuationRefs() const noexcept {
    return cont_refs_.load(std::memory_order_acquire);
  }

 protected:
  ContinuationTarget() = default;
  ContinuationTarget(const ContinuationTarget&) = delete;
  ContinuationTarget& operator=(const ContinuationTarget&) = delete;
  ~ContinuationTarget() = default;

 private:
  friend class async::Continuation;
  std::atomic<std::uint32_t> cont_refs_{0};
  // bit 0: awaiting; bits 1..63: await epoch. A Continuation remembers the
  // epoch it was created for, so a stale copy from an earlier await can never
  // resume a later one.
  std::atomic<std::uint64_t> await_word_{0};
};

// A heap target wrapping any callable (runtime-internal use).
template <class F>
class FunctionTarget final : public ContinuationTarget {
 public:
  template <class G>
  explicit FunctionTarget(G&& g) : f_(std::forward<G>(g)) {}
  void Resume() override { f_(); }
  void AddRef() noexcept override { refs_.fetch_add(1, std::memory_order_relaxed); }
  void Release() noexcept override {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }

 private:
  F f_;
  std::atomic<std::uint32_t> refs_{0};
};

}  // namespace detail

class Continuation {
 public:
  Continuation() noexcept = default;

  // Wraps any callable in a heap target.
  template <class F,
            class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, Continuation> &&
                                     std::is_invocable_v<std::decay_t<F>&>>>
  explicit Continuation(F&& f)
      : Continuation(ForAwait(new detail::FunctionTarget<std::decay_t<F>>(std::forward<F>(f)))) {}

  // Starts a new await on `target` and returns its (first) continuation.
  // Only the thread that owns the target (the one running the machine) may
  // call this, and only while the target is not awaiting.
  static Continuation ForAwait(detail::ContinuationTarget* target) noexcept {
    target->AddRef();
    // Count the reference before setting `awaiting`: a stale copy released
    // concurrently must not see refs == 0 while we are awaiting.
    target->cont_refs_.fetch_add(1, std::memory_order_relaxed);
    std::uint64_t old = target->await_word_.load(std::memory_order_relaxed);
    std::uint64_t word = (old | 1u) + 2u;  // next epoch, awaiting bit set
    target->await_word_.store(word, std::memory_order_release);
    return Continuation(target, word);
  }

  Continuation(const Continuation& other) noexcept : target_(other.target_), word_(other.word_) {
    if (target_ != nullptr) {
      target_->cont_refs_.fetch_add(1, std::memory_order_relaxed);
      target_->AddRef();
    }
  }
  Continuation(Continuation&& other) noexcept
      : target_(std::exchange(other.target_, nullptr)), word_(other.word_) {}
  Continuation& operator=(Continuation other) noexcept {
    swap(other);
    return *this;
  }
  ~Continuation() { Reset(); }

  void swap(Continuation& other) noexcept {
    std::swap(target_, other.target_);
    std::swap(word_, other.word_);
  }

  // Resumes the awaiting function on the calling thread (at most once across
  // all copies; a second call, or a call on an empty Continuation, does
  // nothing).
  void operator()() const {
    detail::ContinuationTarget* t = target_;
    if (t == nullptr) return;
    std::uint64_t expected = word_;
    if (t->await_word_.compare_exchange_strong(expected, word_ & ~std::uint64_t{1},
                                               std::memory_order_acq_rel,
                                               std::memory_order_acquire)) {
      t->Resume();
    }
  }

  // Drops this reference (possibly releasing the awaiting function uninvoked).
  void Reset() noexcept {
    detail::ContinuationTarget* t = std::exchange(target_, nullptr);
    if (t == nullptr) return;
    if (t->cont_refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      std::uint64_t w = t->await_word_.load(std::memory_order_acquire);
      if ((w & 1u) != 0 &&
          t->await_word_.compare_exchange_strong(w, w & ~std::uint64_t{1},
                                                 std::memory_order_acq_rel)) {
        t->OnReleasedUninvoked();
      }
    }
    t->Release();
  }

  explicit operator bool() const noexcept { return target_ != nullptr; }
  detail::ContinuationTarget* Target() const noexcept { return target_; }

  // Runtime-internal (lock-free queues): gives up this reference as its raw
  // parts, and adopts such parts back (exactly once).
  detail::ContinuationTarget* DetachRaw(std::uint64_t& word) noexcept {
    word = word_;
    return std::exchange(target_, nullptr);
  }
  static Continuation AdoptRaw(detail::ContinuationTarget* t, std::uint64_t word) noexcept {
    return Continuation(t, word);
  }

 private:
  Continuation(detail::ContinuationTarget* t, std::uint64_t word) noexcept
      : target_(t), word_(word) {}
  detail::ContinuationTarget* target_ = nullptr;
  std::uint64_t word_ = 0;
};

inline void swap(Continuation& a, Continuation& b) noexcept { a.swap(b); }

}  // namespace async
