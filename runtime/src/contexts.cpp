// SynchronizationContext, AsyncContext, Delay, Yield.
#include <async/async_context.h>
#include <async/delay.h>
#include <async/detail/thread_pool.h>
#include <async/synchronization_context.h>
#include <async/task_completion_source.h>
#include <async/task_scheduler.h>
#include <async/yield.h>

#include <future>

namespace async {

void SynchronizationContext::Post(std::function<void()> f) {
  detail::PostToThreadPool(Continuation(std::move(f)));
}

void SynchronizationContext::Send(std::function<void()> f) { f(); }


// .NET's YieldAwaiter: the current SynchronizationContext, else a
// non-default TaskScheduler::Current(), else the pool's global queue.
void YieldAwaitable::YieldAwaiter::OnCompleted(Continuation k) const {
  detail::ContinuationEntry where;
  detail::CaptureSchedulingContext(where, true);
  detail::NoteAwaitTarget(k, nullptr, where);
  if (where.context) {
    where.context->Post([k = std::move(k)] { k(); });
  } else if (where.scheduler != nullptr) {
    detail::QueueToScheduler(*where.scheduler, std::move(k));
  } else {
    detail::PostToThreadPool(std::move(k), /*prefer_local=*/false);  // .NET: the global queue
  }
}

namespace detail {

// ---- AsyncContext ---------------------------------------------------------

AsyncContextImpl::AsyncContextImpl() : owner_(std::this_thread::get_id()) {}

void AsyncContextImpl::AddRef() noexcept { refs_.fetch_add(1, std::memory_order_relaxed); }

void AsyncContextImpl::Release() noexcept {
  if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
}

void AsyncContextImpl::Post(std::function<void()> f) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!closed_) {
      queue_.push_back(std::move(f));
      cv_.notify_one();
      return;
    }
  }
  // The loop has ended: f is dropped (outside the lock).
}

void AsyncContextImpl::Send(std::function<void()> f) {
  if (std::this_thread::get_id() == owner_) {
    f();
    return;
  }
  std::promise<void> done;
  std::future<void> finished = done.get_future();
  Post([&f, &done] {
    try {
      f();
      done.set_value();
    } catch (...) {
      done.set_exception(std::current_exception());
    }
  });
  finished.get();
}

// An outstanding operation holds a reference: whoever completes it may be
// the last one to touch the context (Run may have ended already).
void AsyncContextImpl::OperationStarted() {
  AddRef();
  std::lock_guard<std::mutex> lock(mutex_);
  ++operations_;
}

void AsyncContextImpl::OperationCompleted() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (--operations_ == 0) cv_.notify_all();
  }
  Release();  // last: may delete this
}

void AsyncContextImpl::RunLoop() {
  for (;;) {
    std::function<void()> f;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      auto finished = [this] { return done_ && operations_ <= 0; };
      cv_.wait(lock, [&] { return finished() || !queue_.empty(); });
      if (finished()) closed_ = true;  // drain what was queued, accept no more
      if (queue_.empty()) return;
      f = std::move(queue_.front());
      queue_.pop_front();
    }
    f();
  }
}

void AsyncContextImpl::MarkDone(bool abandoned) {
  std::lock_guard<std::mutex> lock(mutex_);
  done_ = true;
  abandoned_ = abandoned_ || abandoned;
  cv_.notify_all();
}

void AsyncContextImpl::Close() noexcept {
  std::deque<std::function<void()>> rest;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    done_ = true;
    closed_ = true;
    rest.swap(queue_);
  }
  // Anything still queued is dropped here, outside the lock.
}

bool AsyncContextImpl::OwnedByCurrentThread() const noexcept {
  return std::this_thread::get_id() == owner_;
}

bool AsyncContextImpl::Abandoned() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return abandoned_;
}

namespace {

class RunCompletionTarget final : public ContinuationTarget {
 public:
  explicit RunCompletionTarget(AsyncContextImpl* ctx) : ctx_(ctx) { ctx_->AddRef(); }
  ~RunCompletionTarget() { ctx_->Release(); }
  void Resume() override { ctx_->MarkDone(false); }
  void OnReleasedUninvoked() override { ctx_->MarkDone(true); }
  void AddRef() noexcept override { refs_.fetch_add(1, std::memory_order_relaxed); }
  void Release() noexcept override {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }

 private:
  AsyncContextImpl* ctx_;
  std::atomic<int> refs_{0};
};

}  // namespace

AsyncContextScope::AsyncContextScope()
    : ctx_(new AsyncContextImpl()), previous_(SynchronizationContext::Current()) {
  SynchronizationContext::SetSynchronizationContext(ctx_);
}

AsyncContextScope::~AsyncContextScope() {
  SynchronizationContext::SetSynchronizationContext(previous_);
  ctx_->Close();
  ctx_->Release();
}

Continuation AsyncContextScope::MakeCompletionContinuation() {
  return Continuation::ForAwait(new RunCompletionTarget(ctx_));
}

// ---- Delay ------------------------------------------------------------------

namespace {
// Shared by the timer callback and the cancellation callback of one Delay.
struct DelayState {
  TaskCompletionSource<> tcs;
  std::mutex mutex;
  TimerHandle timer;                          // under mutex
  CancellationTokenRegistration registration;  // under mutex
};
}  // namespace

Task<> DelayImpl(std::chrono::nanoseconds delay, const CancellationToken& token) {
  if (token.IsCancellationRequested()) return FromCanceled(token);
  if (delay <= std::chrono::nanoseconds::zero()) return CompletedTask();
  auto state = std::make_shared<DelayState>();
  Task<> task = state->tcs.Task();
  {
    std::lock_guard<std::mutex> lock(state->mutex);
    state->timer = ScheduleTimer(std::chrono::steady_clock::now() + delay, [state] {
      CancellationTokenRegistration registration;
      {
        std::lock_guard<std::mutex> lock(state->mutex);
        registration = state->registration;
      }
      // Unregister (it does not wait for a running cancellation callback:
      // both complete the task with TrySet*, the first one wins).
      registration.Unregister();
      state->tcs.TrySetResult();
    });
  }
  if (token.CanBeCanceled()) {
    // The callback gets the token as an argument: capturing it would be a
    // cycle (token -> callback -> token).
    CancellationTokenRegistration registration =
        token.Register([state](const CancellationToken& canceled) {
          TimerHandle timer;
          {
            std::lock_guard<std::mutex> lock(state->mutex);
            timer = state->timer;
          }
          // Frees the timer entry (and what it holds) now, not at its deadline.
          CancelTimer(timer);
          state->tcs.TrySetCanceled(canceled);
        });
    std::lock_guard<std::mutex> lock(state->mutex);
    state->registration = std::move(registration);
  }
  return task;
}

}  // namespace detail
}  // namespace async
