// async/semaphore_slim.h: System.Threading.SemaphoreSlim.
//
//   async::SemaphoreSlim gate(3);
//   co_await gate.WaitAsync();
//   ... at most three callers here at once ...
//   gate.Release();
//
// The count is an atomic: taking a free permit is one compare-and-swap (no
// lock, no allocation). Waiters queue in arrival order under a mutex, and
// Release hands its permits to the oldest waiters before the count grows, so
// a free permit (count > 0) implies nobody waits.
#pragma once

#include <atomic>
#include <chrono>
#include <climits>
#include <list>
#include <memory>
#include <mutex>
#include <utility>

#include <async/cancellation.h>
#include <async/exceptions.h>
#include <async/task.h>
#include <async/task_completion_source.h>

namespace async {

namespace detail {
struct SemaphoreState;
}  // namespace detail

class SemaphoreSlim {
 public:
  // ArgumentOutOfRangeException unless 0 <= initialCount <= maxCount and maxCount > 0.
  explicit SemaphoreSlim(int initialCount, int maxCount = INT_MAX);
  ~SemaphoreSlim();
  SemaphoreSlim(const SemaphoreSlim&) = delete;
  SemaphoreSlim& operator=(const SemaphoreSlim&) = delete;

  // Completes when a permit is taken (at once when one is free); canceled
  // by `ct` while waiting (the waiter leaves the queue, no permit is lost).
  Task<> WaitAsync(CancellationToken ct = CancellationToken::None());
  // True when a permit was taken within `timeout`, false when the timeout
  // passed first (zero: only tries; negative: waits without timeout).
  template <class Rep, class Period>
  Task<bool> WaitAsync(std::chrono::duration<Rep, Period> timeout,
                       CancellationToken ct = CancellationToken::None()) {
    return WaitAsyncFor(std::chrono::duration_cast<std::chrono::nanoseconds>(timeout), std::move(ct));
  }
  // WaitAsync(int millisecondsTimeout, ct)
  Task<bool> WaitAsync(int millisecondsTimeout, CancellationToken ct = CancellationToken::None()) {
    return WaitAsync(std::chrono::milliseconds(millisecondsTimeout), std::move(ct));
  }
  // Blocks the calling thread until a permit is taken; throws
  // OperationCanceledException when `ct` is canceled first.
  void Wait(CancellationToken ct = CancellationToken::None());
  template <class Rep, class Period>
  bool Wait(std::chrono::duration<Rep, Period> timeout, CancellationToken ct = CancellationToken::None()) {
    return WaitAsync(timeout, std::move(ct)).GetAwaiter().GetResult();
  }

  // Returns `releaseCount` permits (to the oldest waiters first) and gives
  // the count before the call. SemaphoreFullException when the count would
  // pass maxCount; ArgumentOutOfRangeException for releaseCount < 1.
  int Release(int releaseCount = 1);
  int CurrentCount() const noexcept;

 private:
  friend class AsyncLock;
  bool TryTake() noexcept;
  Task<bool> WaitAsyncFor(std::chrono::nanoseconds timeout, CancellationToken ct);
  std::shared_ptr<detail::SemaphoreState> state_;
};

// Nito.AsyncEx's AsyncLock: a mutual-exclusion lock held across awaits.
//   auto guard = co_await lock.LockAsync();   // released when guard dies
class AsyncLock {
 public:
  // Move-only: releases the lock when destroyed (or Dispose()d).
  class Releaser {
   public:
    Releaser() noexcept = default;
    Releaser(Releaser&& o) noexcept : lock_(o.lock_) { o.lock_ = nullptr; }
    Releaser& operator=(Releaser&& o) noexcept {
      if (this != &o) {
        Dispose();
        lock_ = o.lock_;
        o.lock_ = nullptr;
      }
      return *this;
    }
    Releaser(const Releaser&) = delete;
    Releaser& operator=(const Releaser&) = delete;
    ~Releaser() { Dispose(); }
    void Dispose() noexcept {
      if (lock_ != nullptr) std::exchange(lock_, nullptr)->semaphore_.Release();
    }

   private:
    friend class AsyncLock;
    explicit Releaser(AsyncLock* lock) noexcept : lock_(lock) {}
    AsyncLock* lock_ = nullptr;
  };

  AsyncLock() = default;
  AsyncLock(const AsyncLock&) = delete;
  AsyncLock& operator=(const AsyncLock&) = delete;

  // Waiters acquire in arrival order; canceled by `ct` while waiting.
  Task<Releaser> LockAsync(CancellationToken ct = CancellationToken::None());
  // Blocks the calling thread until the lock is taken.
  Releaser Lock(CancellationToken ct = CancellationToken::None()) {
    semaphore_.Wait(std::move(ct));
    return Releaser(this);
  }

 private:
  SemaphoreSlim semaphore_{1, 1};
};

}  // namespace async
