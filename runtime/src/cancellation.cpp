#include <async/cancellation.h>

#include <atomic>
#include <map>
#include <mutex>

#include <async/detail/thread_pool.h>
#include <async/exceptions.h>

namespace async {
namespace detail {

class CancellationState : public std::enable_shared_from_this<CancellationState> {
 public:
  bool IsCanceled() const noexcept { return canceled_.load(std::memory_order_acquire); }

  // Returns 0 when f ran at once (already canceled).
  std::uint64_t Register(std::function<void()>& f) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!canceled_.load(std::memory_order_relaxed)) {
        std::uint64_t id = ++next_id_;
        callbacks_.emplace(id, std::move(f));
        return id;
      }
    }
    f();
    return 0;
  }

  bool Unregister(std::uint64_t id) noexcept {
    std::function<void()> victim;
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = callbacks_.find(id);
    if (it == callbacks_.end()) return false;
    victim = std::move(it->second);
    callbacks_.erase(it);
    return true;
  }

  void Cancel() {
    std::map<std::uint64_t, std::function<void()>> callbacks;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (canceled_.load(std::memory_order_relaxed)) return;
      canceled_.store(true, std::memory_order_release);
      callbacks.swap(callbacks_);
    }
    // Reverse order of registration, as .NET does.
    for (auto it = callbacks.rbegin(); it != callbacks.rend(); ++it) it->second();
  }

  ~CancellationState() {
    for (CancellationTokenRegistration& r : linked) r.Dispose();
  }

  // Registrations on the tokens of a linked source.
  std::vector<CancellationTokenRegistration> linked;

 private:
  mutable std::mutex mutex_;
  std::atomic<bool> canceled_{false};
  std::uint64_t next_id_ = 0;
  std::map<std::uint64_t, std::function<void()>> callbacks_;
};

}  // namespace detail

bool CancellationTokenRegistration::Unregister() noexcept {
  std::shared_ptr<detail::CancellationState> state = state_.lock();
  state_.reset();
  if (state == nullptr || id_ == 0) return false;
  return state->Unregister(id_);
}

CancellationToken::CancellationToken(bool canceled) {
  if (canceled) {
    state_ = std::make_shared<detail::CancellationState>();
    state_->Cancel();
  }
}

bool CancellationToken::IsCancellationRequested() const noexcept {
  return state_ != nullptr && state_->IsCanceled();
}

void CancellationToken::ThrowIfCancellationRequested() const {
  if (IsCancellationRequested()) throw OperationCanceledException(*this);
}

CancellationTokenRegistration CancellationToken::RegisterImpl(std::function<void()> f) const {
  if (state_ == nullptr) return {};
  std::uint64_t id = state_->Register(f);
  if (id == 0) return {};
  return CancellationTokenRegistration(state_, id);
}

CancellationTokenSource::CancellationTokenSource()
    : state_(std::make_shared<detail::CancellationState>()) {}

void CancellationTokenSource::Cancel() { state_->Cancel(); }

bool CancellationTokenSource::IsCancellationRequested() const noexcept {
  return state_->IsCanceled();
}

void CancellationTokenSource::CancelAfterImpl(std::chrono::nanoseconds delay) {
  if (delay <= std::chrono::nanoseconds::zero()) {
    Cancel();
    return;
  }
  std::weak_ptr<detail::CancellationState> weak = state_;
  detail::ScheduleTimer(std::chrono::steady_clock::now() + delay, [weak] {
    if (auto s = weak.lock()) s->Cancel();
  });
}

CancellationTokenSource CancellationTokenSource::CreateLinkedTokenSource(
    std::vector<async::CancellationToken> tokens) {
  CancellationTokenSource source;
  std::weak_ptr<detail::CancellationState> weak = source.state_;
  for (const async::CancellationToken& t : tokens) {
    if (!t.CanBeCanceled()) continue;
    source.state_->linked.push_back(t.Register([weak] {
      if (auto s = weak.lock()) s->Cancel();
    }));
    if (source.state_->IsCanceled()) break;
  }
  return source;
}

}  // namespace async
