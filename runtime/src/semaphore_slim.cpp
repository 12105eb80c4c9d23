// SemaphoreSlim and AsyncLock (async/semaphore_slim.h).
#include <async/semaphore_slim.h>

#include <iterator>
#include <type_traits>
#include <utility>
#include <vector>

#include <async/detail/thread_pool.h>

namespace async {
namespace detail {

// A queued WaitAsync / LockAsync. Whoever removes it from the queue (under
// the mutex) completes it: Release, its timer, or its token.
struct SemaphoreWaiter {
  virtual ~SemaphoreWaiter() = default;
  virtual void Grant() = 0;
  virtual void TimeOut() = 0;
  virtual void Cancel(const CancellationToken& token) = 0;

  std::list<std::shared_ptr<SemaphoreWaiter>>::iterator position;
  bool queued = false;
  TimerHandle timer;                          // under the mutex
  CancellationTokenRegistration registration;  // under the mutex
};

template <class R, class Make>
struct SemaphoreTaskWaiter final : SemaphoreWaiter {
  explicit SemaphoreTaskWaiter(Make make)
      : tcs(TaskCreationOptions::RunContinuationsAsynchronously), make_result(std::move(make)) {}
  void Grant() override {
    if constexpr (std::is_void_v<R>) {
      tcs.TrySetResult();
    } else {
      tcs.TrySetResult(make_result(true));
    }
  }
  void TimeOut() override {
    if constexpr (std::is_same_v<R, bool>) tcs.TrySetResult(false);
  }
  void Cancel(const CancellationToken& token) override { tcs.TrySetCanceled(token); }

  TaskCompletionSource<R> tcs;
  Make make_result;
};

struct SemaphoreState : std::enable_shared_from_this<SemaphoreState> {
  SemaphoreState(int initial, int max) : count(initial), max_count(max) {}

  std::atomic<int> count;
  const int max_count;
  std::mutex mutex;
  std::list<std::shared_ptr<SemaphoreWaiter>> waiters;  // arrival order

  bool TryTake() noexcept {
    int c = count.load(std::memory_order_relaxed);
    while (c > 0) {
      if (count.compare_exchange_weak(c, c - 1, std::memory_order_acquire, std::memory_order_relaxed)) {
        return true;
      }
    }
    return false;
  }

  // Removes `w` if it is still queued (under the mutex).
  bool Dequeue(SemaphoreWaiter& w) {
    if (!w.queued) return false;
    waiters.erase(w.position);
    w.queued = false;
    return true;
  }

  // Queues `w` unless a permit is free (then true: taken) or `ct` is
  // canceled. The token's callback is registered first and the token
  // checked again under the mutex, so a cancellation is never missed.
  void Enqueue(const std::shared_ptr<SemaphoreWaiter>& w, const CancellationToken& ct,
               std::chrono::nanoseconds timeout) {
    std::weak_ptr<SemaphoreState> weak = weak_from_this();
    CancellationTokenRegistration registration;
    if (ct.CanBeCanceled()) {
      registration = ct.Register([weak, w](const CancellationToken& canceled) {
        std::shared_ptr<SemaphoreState> self = weak.lock();
        if (self == nullptr) return;
        TimerHandle timer;
        {
          std::lock_guard<std::mutex> lock(self->mutex);
          if (!self->Dequeue(*w)) return;
          timer = w->timer;
          w->Cancel(canceled);
        }
        CancelTimer(timer);
      });
    }
    bool queued = false;
    {
      std::lock_guard<std::mutex> lock(mutex);
      w->registration = registration;
      if (ct.IsCancellationRequested()) {
        w->Cancel(ct);
      } else if (TryTake()) {
        w->Grant();
      } else {
        waiters.push_back(w);
        w->position = std::prev(waiters.end());
        w->queued = true;
        queued = true;
      }
    }
    if (!queued) {
      registration.Unregister();
      return;
    }
    if (timeout >= std::chrono::nanoseconds::zero()) {
      TimerHandle timer = ScheduleTimer(std::chrono::steady_clock::now() + timeout, [weak, w] {
        std::shared_ptr<SemaphoreState> self = weak.lock();
        if (self == nullptr) return;
        CancellationTokenRegistration r;
        {
          std::lock_guard<std::mutex> lock(self->mutex);
          if (!self->Dequeue(*w)) return;
          r = w->registration;
          w->TimeOut();
        }
        r.Unregister();
      });
      bool stale = false;
      {
        std::lock_guard<std::mutex> lock(mutex);
        w->timer = timer;
        stale = !w->queued;
      }
      if (stale) CancelTimer(timer);
    }
  }
};

}  // namespace detail

namespace {
struct NoResult {
  bool operator()(bool) const noexcept { return true; }
};
}  // namespace

SemaphoreSlim::SemaphoreSlim(int initialCount, int maxCount) {
  if (maxCount <= 0) throw ArgumentOutOfRangeException("maxCount must be greater than zero.");
  if (initialCount < 0 || initialCount > maxCount) {
    throw ArgumentOutOfRangeException("initialCount must be between 0 and maxCount.");
  }
  state_ = std::make_shared<detail::SemaphoreState>(initialCount, maxCount);
}

// Waiters still queued are canceled (nothing could release them any more).
SemaphoreSlim::~SemaphoreSlim() {
  std::list<std::shared_ptr<detail::SemaphoreWaiter>> left;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    left.swap(state_->waiters);
    for (auto& w : left) w->queued = false;
  }
  for (auto& w : left) {
    CancelTimer(w->timer);
    w->registration.Unregister();
    w->Cancel(CancellationToken());
  }
}

bool SemaphoreSlim::TryTake() noexcept { return state_->TryTake(); }

int SemaphoreSlim::CurrentCount() const noexcept { return state_->count.load(std::memory_order_acquire); }

Task<> SemaphoreSlim::WaitAsync(CancellationToken ct) {
  if (ct.IsCancellationRequested()) return FromCanceled(ct);
  if (TryTake()) return CompletedTask();  // cached: no allocation
  auto w = std::make_shared<detail::SemaphoreTaskWaiter<void, NoResult>>(NoResult());
  Task<> task = w->tcs.Task();
  state_->Enqueue(w, ct, std::chrono::nanoseconds(-1));
  return task;
}

Task<bool> SemaphoreSlim::WaitAsyncFor(std::chrono::nanoseconds timeout, CancellationToken ct) {
  if (ct.IsCancellationRequested()) return FromCanceled<bool>(ct);
  if (TryTake()) return FromResult(true);  // cached
  if (timeout == std::chrono::nanoseconds::zero()) return FromResult(false);
  auto w = std::make_shared<detail::SemaphoreTaskWaiter<bool, NoResult>>(NoResult());
  Task<bool> task = w->tcs.Task();
  state_->Enqueue(w, ct, timeout);
  return task;
}

void SemaphoreSlim::Wait(CancellationToken ct) {
  if (ct.IsCancellationRequested()) throw OperationCanceledException(ct);
  if (TryTake()) return;
  WaitAsync(std::move(ct)).GetAwaiter().GetResult();
}

int SemaphoreSlim::Release(int releaseCount) {
  if (releaseCount < 1) throw ArgumentOutOfRangeException("releaseCount must be at least 1.");
  std::vector<std::shared_ptr<detail::SemaphoreWaiter>> granted;
  int previous;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    previous = state_->count.load(std::memory_order_relaxed);
    if (releaseCount > state_->max_count - previous) throw SemaphoreFullException();
    // Permits go to the oldest waiters first; only the rest raise the count.
    while (releaseCount > 0 && !state_->waiters.empty()) {
      std::shared_ptr<detail::SemaphoreWaiter> w = state_->waiters.front();
      state_->Dequeue(*w);
      w->Grant();
      granted.push_back(std::move(w));
      --releaseCount;
    }
    if (releaseCount > 0) state_->count.fetch_add(releaseCount, std::memory_order_release);
  }
  for (auto& w : granted) {
    CancelTimer(w->timer);
    w->registration.Unregister();
  }
  return previous;
}

Task<AsyncLock::Releaser> AsyncLock::LockAsync(CancellationToken ct) {
  if (ct.IsCancellationRequested()) return FromCanceled<Releaser>(ct);
  if (semaphore_.TryTake()) return FromResult(Releaser(this));
  struct MakeReleaser {
    AsyncLock* lock;
    Releaser operator()(bool) const noexcept { return Releaser(lock); }
  };
  auto w = std::make_shared<detail::SemaphoreTaskWaiter<Releaser, MakeReleaser>>(MakeReleaser{this});
  Task<Releaser> task = w->tcs.Task();
  semaphore_.state_->Enqueue(w, ct, std::chrono::nanoseconds(-1));
  return task;
}

}  // namespace async
