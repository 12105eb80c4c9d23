// PeriodicTimer (async/periodic_timer.h) on the runtime's timer service.
#include <async/periodic_timer.h>

#include <mutex>
#include <utility>

#include <async/detail/thread_pool.h>

namespace async {
namespace detail {

// The timer's state and the reusable source of WaitForNextTickAsync. A
// completed wait holds the state alive until its result is consumed, so a
// ValueTask completed by Dispose stays valid after the PeriodicTimer is gone.
class PeriodicTimerState final : public IValueTaskSource<bool>,
                                 public std::enable_shared_from_this<PeriodicTimerState> {
 public:
  explicit PeriodicTimerState(std::chrono::nanoseconds period) : period_(period) {
    vts_.RunContinuationsAsynchronously = true;
  }

  void Start() {
    std::lock_guard<std::mutex> lock(mutex_);
    next_due_ = std::chrono::steady_clock::now() + period_;
    ScheduleLocked();
  }

  ValueTask<bool> WaitForNextTick(const CancellationToken& ct) {
    if (ct.IsCancellationRequested()) return ValueTask<bool>(FromCanceled<bool>(ct));
    short token;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (waiting_) throw InvalidOperationException("WaitForNextTickAsync: a wait is already in progress.");
      if (disposed_) return ValueTask<bool>(false);
      if (tick_pending_) {
        tick_pending_ = false;
        return ValueTask<bool>(true);
      }
      vts_.Reset();
      token = vts_.Version();
      waiting_ = true;
    }
    if (ct.CanBeCanceled()) {
      std::weak_ptr<PeriodicTimerState> weak = weak_from_this();
      CancellationTokenRegistration registration =
          ct.Register([weak, token](const CancellationToken& canceled) {
            if (std::shared_ptr<PeriodicTimerState> self = weak.lock()) {
              std::lock_guard<std::mutex> lock(self->mutex_);
              if (!self->waiting_ || self->vts_.Version() != token) return;
              self->waiting_ = false;
              self->keepalive_ = self;
              self->vts_.SetException(std::make_exception_ptr(OperationCanceledException(canceled)));
            }
          });
      std::lock_guard<std::mutex> lock(mutex_);
      registration_ = std::move(registration);
    }
    return ValueTask<bool>(static_cast<IValueTaskSource<bool>*>(this), token);
  }

  void Dispose() {
    TimerHandle timer;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (disposed_) return;
      disposed_ = true;
      timer = timer_;
      CompleteLocked(false);
    }
    CancelTimer(timer);
  }

  ValueTaskSourceStatus GetStatus(short token) override { return vts_.GetStatus(token); }
  void OnCompleted(Continuation k, short token, ValueTaskSourceOnCompletedFlags flags) override {
    vts_.OnCompleted(std::move(k), token, flags);
  }
  bool GetResult(short token) override {
    if (vts_.GetStatus(token) == ValueTaskSourceStatus::Pending) return vts_.GetResult(token);
    CancellationTokenRegistration registration;
    std::shared_ptr<PeriodicTimerState> keep;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      registration = std::move(registration_);
      registration_ = CancellationTokenRegistration();
      keep = std::move(keepalive_);
    }
    registration.Unregister();
    return vts_.GetResult(token);  // `keep` releases the state after this
  }

 private:
  void ScheduleLocked() {
    std::weak_ptr<PeriodicTimerState> weak = weak_from_this();
    timer_ = ScheduleTimer(next_due_, [weak] {
      if (std::shared_ptr<PeriodicTimerState> self = weak.lock()) self->OnTick();
    });
  }

  void OnTick() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (disposed_) return;
    if (!CompleteLocked(true)) tick_pending_ = true;  // coalesces with any earlier one
    // The next deadline keeps the cadence; deadlines already passed are skipped.
    const auto now = std::chrono::steady_clock::now();
    next_due_ += period_;
    if (next_due_ <= now) next_due_ = now + period_;
    ScheduleLocked();
  }

  // Completes the pending wait, if any, with `result`.
  bool CompleteLocked(bool result) {
    if (!waiting_) return false;
    waiting_ = false;
    keepalive_ = shared_from_this();
    vts_.SetResult(result);
    return true;
  }

  const std::chrono::nanoseconds period_;
  std::mutex mutex_;
  ManualResetValueTaskSourceCore<bool> vts_;
  std::chrono::steady_clock::time_point next_due_;
  TimerHandle timer_;
  CancellationTokenRegistration registration_;
  std::shared_ptr<PeriodicTimerState> keepalive_;
  bool waiting_ = false;
  bool tick_pending_ = false;
  bool disposed_ = false;
};

}  // namespace detail

PeriodicTimer::PeriodicTimer(std::chrono::nanoseconds period, int) {
  if (period <= std::chrono::nanoseconds::zero()) {
    throw ArgumentOutOfRangeException("period must be greater than zero.");
  }
  state_ = std::make_shared<detail::PeriodicTimerState>(period);
  state_->Start();
}

PeriodicTimer::~PeriodicTimer() { Dispose(); }

ValueTask<bool> PeriodicTimer::WaitForNextTickAsync(CancellationToken ct) {
  return state_->WaitForNextTick(ct);
}

void PeriodicTimer::Dispose() { state_->Dispose(); }

}  // namespace async
