// CancellationTokenSource / CancellationToken / CancellationTokenRegistration,
// after .NET's CancellationTokenSource.cs: callbacks run once, LIFO, on the
// canceling thread; Dispose of a registration waits for its running callback.
#include <async/cancellation.h>

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include <async/detail/thread_pool.h>
#include <async/exceptions.h>

namespace async {
namespace detail {

using CancelCallback = std::function<void(const CancellationToken&)>;

class CancellationState : public std::enable_shared_from_this<CancellationState> {
 public:
  bool IsCanceled() const noexcept { return canceled_.load(std::memory_order_acquire); }
  bool IsDisposed() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return disposed_;
  }

  // Returns 0 when nothing was registered (f ran at once, or was dropped).
  std::uint64_t Register(CancelCallback& f) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!canceled_.load(std::memory_order_relaxed)) {
        if (disposed_) return 0;  // can never be canceled: f is dropped
        std::uint64_t id = ++next_id_;
        callbacks_.emplace(id, std::move(f));
        return id;
      }
    }
    f(CancellationToken(shared_from_this()));
    return 0;
  }

  bool Unregister(std::uint64_t id) noexcept {
    CancelCallback victim;  // destroyed after the lock is released
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = callbacks_.find(id);
    if (it == callbacks_.end()) return false;
    victim = std::move(it->second);
    callbacks_.erase(it);
    return true;
  }

  void WaitForCallback(std::uint64_t id) noexcept {
    std::unique_lock<std::mutex> lock(mutex_);
    cv_.wait(lock, [&] {
      return executing_id_ != id || executing_thread_ == std::this_thread::get_id();
    });
  }

  // from_timer: CancelAfter's timer (a no-op once disposed).
  void Cancel(bool throw_on_first, bool from_timer = false) {
    TimerHandle timer;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (disposed_) {
        if (from_timer) return;
        throw ObjectDisposedException("The CancellationTokenSource has been disposed.");
      }
      if (canceled_.load(std::memory_order_relaxed)) return;
      canceled_.store(true, std::memory_order_release);
      timer = std::exchange(timer_, TimerHandle{});
      executing_thread_ = std::this_thread::get_id();
    }
    CancelTimer(timer);
    const CancellationToken token(shared_from_this());
    std::vector<std::exception_ptr> errors;
    for (;;) {
      CancelCallback f;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (callbacks_.empty()) break;
        auto last = std::prev(callbacks_.end());  // newest first (LIFO)
        executing_id_ = last->first;
        f = std::move(last->second);
        callbacks_.erase(last);
      }
      try {
        f(token);
      } catch (...) {
        if (throw_on_first) {
          FinishCallback(f);
          throw;
        }
        errors.push_back(std::current_exception());
      }
      FinishCallback(f);
    }
    if (!errors.empty()) throw AggregateException(std::move(errors));
  }

  void CancelAfter(std::chrono::nanoseconds delay) {
    if (delay < std::chrono::nanoseconds::zero() && delay != std::chrono::milliseconds(-1))
      throw ArgumentOutOfRangeException("CancelAfter: the delay must be -1 ms, zero or positive.");
    TimerHandle old;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (disposed_) throw ObjectDisposedException("The CancellationTokenSource has been disposed.");
      if (canceled_.load(std::memory_order_relaxed)) return;
      old = std::exchange(timer_, TimerHandle{});
      if (delay > std::chrono::nanoseconds::zero()) {
        std::weak_ptr<CancellationState> weak = weak_from_this();
        timer_ = ScheduleTimer(std::chrono::steady_clock::now() + delay, [weak] {
          if (auto s = weak.lock()) s->Cancel(false, /*from_timer=*/true);
        });
      }
    }
    CancelTimer(old);
    if (delay == std::chrono::nanoseconds::zero()) Cancel(false);
  }

  void AddLinked(CancellationTokenRegistration r) {
    std::lock_guard<std::mutex> lock(mutex_);
    linked_.push_back(std::move(r));
  }

  void Dispose() noexcept {
    TimerHandle timer;
    std::vector<CancellationTokenRegistration> linked;
    std::map<std::uint64_t, CancelCallback> callbacks;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (disposed_) return;
      disposed_ = true;
      timer = std::exchange(timer_, TimerHandle{});
      linked.swap(linked_);
      // Nothing can cancel the source any more: the callbacks can never run.
      if (!canceled_.load(std::memory_order_relaxed)) callbacks.swap(callbacks_);
    }
    CancelTimer(timer);
    for (CancellationTokenRegistration& r : linked) r.Unregister();
  }

  ~CancellationState() {
    // The linked callbacks hold only a weak reference to this state.
    for (CancellationTokenRegistration& r : linked_) r.Unregister();
    CancelTimer(timer_);
  }

 private:
  void FinishCallback(CancelCallback& f) noexcept {
    f = nullptr;  // the callable's destructor runs outside the lock
    std::lock_guard<std::mutex> lock(mutex_);
    executing_id_ = 0;
    cv_.notify_all();
  }

  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::atomic<bool> canceled_{false};
  bool disposed_ = false;                           // under mutex_
  std::uint64_t next_id_ = 0;                       // under mutex_
  std::map<std::uint64_t, CancelCallback> callbacks_;  // under mutex_
  std::uint64_t executing_id_ = 0;                  // under mutex_
  std::thread::id executing_thread_;                // under mutex_
  TimerHandle timer_;                               // under mutex_
  std::vector<CancellationTokenRegistration> linked_;  // under mutex_
};

}  // namespace detail

bool CancellationTokenRegistration::Unregister() noexcept {
  std::shared_ptr<detail::CancellationState> state = state_.lock();
  if (state == nullptr || id_ == 0) return false;
  return state->Unregister(id_);
}

void CancellationTokenRegistration::Dispose() noexcept {
  std::shared_ptr<detail::CancellationState> state = state_.lock();
  if (state == nullptr || id_ == 0) return;
  if (!state->Unregister(id_)) state->WaitForCallback(id_);
}

CancellationToken CancellationTokenRegistration::Token() const noexcept {
  return CancellationToken(state_.lock());
}

CancellationToken::CancellationToken(bool canceled) {
  if (canceled) {
    state_ = std::make_shared<detail::CancellationState>();
    state_->Cancel(false);
  }
}

bool CancellationToken::IsCancellationRequested() const noexcept {
  return state_ != nullptr && state_->IsCanceled();
}

void CancellationToken::ThrowIfCancellationRequested() const {
  if (IsCancellationRequested()) throw OperationCanceledException(*this);
}

CancellationTokenRegistration CancellationToken::RegisterImpl(
    std::function<void(const CancellationToken&)> f) const {
  if (state_ == nullptr) return {};
  std::uint64_t id = state_->Register(f);
  if (id == 0) return {};
  return CancellationTokenRegistration(state_, id);
}

CancellationTokenSource::CancellationTokenSource()
    : state_(std::make_shared<detail::CancellationState>()) {}

void CancellationTokenSource::Cancel(bool throwOnFirstException) {
  state_->Cancel(throwOnFirstException);
}

async::CancellationToken CancellationTokenSource::Token() const {
  if (state_->IsDisposed()) throw ObjectDisposedException("The CancellationTokenSource has been disposed.");
  return async::CancellationToken(state_);
}

bool CancellationTokenSource::IsCancellationRequested() const noexcept {
  return state_->IsCanceled();
}

void CancellationTokenSource::Dispose() noexcept { state_->Dispose(); }

void CancellationTokenSource::CancelAfterImpl(std::chrono::nanoseconds delay) {
  state_->CancelAfter(delay);
}

CancellationTokenSource CancellationTokenSource::CreateLinkedTokenSource(
    std::vector<async::CancellationToken> tokens) {
  CancellationTokenSource source;
  std::weak_ptr<detail::CancellationState> weak = source.state_;
  for (const async::CancellationToken& t : tokens) {
    if (!t.CanBeCanceled()) continue;
    CancellationTokenRegistration r = t.Register([weak] {
      if (auto s = weak.lock()) s->Cancel(false, /*from_timer=*/true);  // no-op once disposed
    });
    source.state_->AddLinked(std::move(r));
    if (source.state_->IsCanceled()) break;
  }
  return source;
}

}  // namespace async
