#include <async/detail/task_state.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include <async/detail/async_box.h>
#include <async/detail/deadlock_detection.h>
#include <async/detail/thread_pool.h>
#include <async/task_scheduler.h>

namespace async {
namespace detail {

namespace {

constexpr const char* kAbandoned =
    "The task was abandoned: whatever would have completed it was destroyed first, so it can "
    "never complete.";

// The target a blocking Wait() registers: signaled when invoked or released.
class BlockingWaiter final : public ContinuationTarget {
 public:
  void Resume() override { Signal(); }
  void OnReleasedUninvoked() override { Signal(); }
  void AddRef() noexcept override { refs_.fetch_add(1, std::memory_order_relaxed); }
  void Release() noexcept override {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }
  void WaitSignaled() {
    std::unique_lock<std::mutex> lock(mutex_);
    cv_.wait(lock, [this] { return signaled_; });
  }

 private:
  void Signal() {
    std::lock_guard<std::mutex> lock(mutex_);
    signaled_ = true;
    cv_.notify_all();
  }
  std::mutex mutex_;
  std::condition_variable cv_;
  bool signaled_ = false;
  std::atomic<int> refs_{0};
};

void PostToContext(SynchronizationContext* context, Continuation k) {
  context->Post([k = std::move(k)] { k(); });
}

struct InlineDepthGuard {
  InlineDepthGuard() noexcept { ++InlineContinuationDepth(); }
  ~InlineDepthGuard() { --InlineContinuationDepth(); }
};

}  // namespace

void ScheduleContinuation(ContinuationEntry& entry, bool force_async) {
  if (entry.always_inline) {
    entry.k();
    return;
  }
  const bool depth_ok = InlineContinuationDepth() < kMaxInlineContinuationDepth;
  if (entry.scheduler != nullptr) {
    // .NET's TaskSchedulerAwaitTaskContinuation: offered inline (through the
    // scheduler's TryExecuteTaskInline) when the completing thread already
    // runs that scheduler or is a pool thread, else queued to it.
    if (!force_async && depth_ok &&
        (CurrentCustomScheduler() == entry.scheduler || IsThreadPoolThread())) {
      InlineDepthGuard guard;
      RunInlineOrQueue(*entry.scheduler, std::move(entry.k));
    } else {
      QueueToScheduler(*entry.scheduler, std::move(entry.k));
    }
    return;
  }
  if (entry.context) {
    if (!force_async && depth_ok && entry.context.get() == SynchronizationContext::Current()) {
      InlineDepthGuard guard;
      entry.k();
    } else {
      PostToContext(entry.context.get(), std::move(entry.k));
    }
    return;
  }
  if (force_async || !depth_ok) {
    PostToThreadPool(std::move(entry.k));
    return;
  }
  InlineDepthGuard guard;
  entry.k();
}

void TaskStateBase::RunContinuations(ContinuationEntry& first,
                                     std::vector<ContinuationEntry>& rest) {
  if (first.k) {
    ScheduleContinuation(first, run_async_);
    first.k.Reset();
    first.context = SyncContextRef();
  }
  for (ContinuationEntry& e : rest) {
    ScheduleContinuation(e, run_async_);
    e.k.Reset();
    e.context = SyncContextRef();
  }
}

namespace {
// Continuations of abandoned tasks still to be released on this thread.
// Releasing one can destroy a machine and abandon its task in turn; the
// outermost Abandon() releases them in a loop, so a long chain of awaiting
// machines does not recurse once per machine.
thread_local std::deque<ContinuationEntry>* t_abandoned = nullptr;
}  // namespace

void TaskStateBase::Abandon() noexcept {
  ContinuationEntry first;
  std::vector<ContinuationEntry> rest;
  if (IsCompleted()) return;  // nothing to release, no lock needed
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if ((cstate_.fetch_or(kClaimed, std::memory_order_acq_rel) & kClaimed) != 0) return;
    abandoned_.store(true, std::memory_order_release);
    first = std::move(first_);
    rest = std::move(rest_);
  }
  // Released uninvoked here, outside the lock: awaiting machines are
  // destroyed, blocked waiters wake up.
  std::deque<ContinuationEntry> local;
  std::deque<ContinuationEntry>* queue = t_abandoned != nullptr ? t_abandoned : &local;
  if (first.k) queue->push_back(std::move(first));
  for (ContinuationEntry& e : rest) queue->push_back(std::move(e));
  if (queue != &local) return;  // an outer Abandon() on this thread releases them
  t_abandoned = &local;
  while (!local.empty()) {
    ContinuationEntry e = std::move(local.front());
    local.pop_front();
    e.k.Reset();
  }
  t_abandoned = nullptr;
}

AddContinuationResult TaskStateBase::AddContinuation(ContinuationEntry& entry) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::uint8_t s = cstate_.load(std::memory_order_acquire);
  for (;;) {
    if ((s & kClaimed) != 0) {
      // Abandon() sets abandoned_ under mutex_, in the same critical section.
      if (abandoned_.load(std::memory_order_relaxed)) return AddContinuationResult::Abandoned;
      // Completed, or being completed by TryComplete's lock-free path: its
      // status follows right after the result is stored (or the claim is
      // withdrawn if storing the result threw).
      while (!IsCompleted()) {
        s = cstate_.load(std::memory_order_acquire);
        if ((s & kClaimed) == 0) break;
        std::this_thread::yield();
      }
      if (IsCompleted()) return AddContinuationResult::AlreadyCompleted;
      continue;
    }
    if ((s & kHasContinuation) != 0 ||
        cstate_.compare_exchange_weak(s, static_cast<std::uint8_t>(s | kHasContinuation),
                                      std::memory_order_acq_rel, std::memory_order_acquire)) {
      break;
    }
  }
  if (!first_.k) {
    first_ = std::move(entry);
  } else {
    rest_.push_back(std::move(entry));
  }
  return AddContinuationResult::Registered;
}

std::size_t TaskStateBase::RemoveContinuation(const ContinuationTarget* target) {
  if (target == nullptr) return 0;
  ContinuationEntry removed_first;
  std::vector<ContinuationEntry> removed;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if ((cstate_.load(std::memory_order_relaxed) & kClaimed) != 0) return 0;
    for (auto it = rest_.begin(); it != rest_.end();) {
      if (it->k.Target() == target) {
        removed.push_back(std::move(*it));
        it = rest_.erase(it);
      } else {
        ++it;
      }
    }
    if (first_.k && first_.k.Target() == target) {
      removed_first = std::move(first_);
      first_ = ContinuationEntry();
      if (!rest_.empty()) {  // keep the inline slot filled
        first_ = std::move(rest_.front());
        rest_.erase(rest_.begin());
      }
    }
  }
  return (removed_first.k ? 1 : 0) + removed.size();
  // removed_first and removed are released here, outside the lock.
}

std::size_t TaskStateBase::RegisteredContinuationCount() const {
  std::lock_guard<std::mutex> lock(mutex_);
  if ((cstate_.load(std::memory_order_relaxed) & kClaimed) != 0) return 0;
  return (first_.k ? 1 : 0) + rest_.size();
}

void CaptureSchedulingContext(ContinuationEntry& entry, bool continueOnCapturedContext) {
  if (!continueOnCapturedContext) return;
  if (SynchronizationContext* context = SynchronizationContext::Current()) {
    entry.context = SyncContextRef(context);
    return;
  }
  entry.scheduler = CurrentCustomScheduler();
}

void NoteAwaitTarget(const Continuation& k, const TaskStateBase* awaited,
                     const ContinuationEntry& entry) noexcept {
  ContinuationTarget* target = k.Target();
  if (target == nullptr) return;
  if (AsyncBoxTarget* box = target->AsAsyncBox()) {
    const void* context = entry.context ? static_cast<const void*>(entry.context.get())
                                        : static_cast<const void*>(entry.scheduler);
    box->NoteAwaiting(awaited, context);
  }
}

void TaskStateBase::OnCompleted(Continuation k, SynchronizationContext* context) {
  OnCompletedEntry(ContinuationEntry{std::move(k), SyncContextRef(context), false, nullptr});
}

void TaskStateBase::OnCompletedCapturing(Continuation k, bool continueOnCapturedContext) {
  ContinuationEntry entry{std::move(k), SyncContextRef(), false, nullptr};
  CaptureSchedulingContext(entry, continueOnCapturedContext);
  OnCompletedEntry(std::move(entry));
}

void TaskStateBase::OnCompletedEntry(ContinuationEntry entry) {
  NoteAwaitTarget(entry.k, this, entry);
  switch (AddContinuation(entry)) {
    case AddContinuationResult::Registered:
      return;
    case AddContinuationResult::AlreadyCompleted:
      // As .NET does when registration loses the race with completion: the
      // continuation is queued (to its context, or to the thread pool).
      ScheduleContinuation(entry, /*force_async=*/true);
      return;
    case AddContinuationResult::Abandoned:
      return;  // entry (and k) released uninvoked on return
  }
}

void TaskStateBase::WaitBlocking() {
  if (IsCompleted()) return;
  if (IsAbandoned()) throw InvalidOperationException(kAbandoned);
  ThrowIfWaitWouldDeadlock(this);
  auto* waiter = new BlockingWaiter();
  waiter->AddRef();
  {
    ContinuationEntry entry{Continuation::ForAwait(waiter), SyncContextRef(), true};
    AddContinuation(entry);
    // Not registered: released right here (which signals the waiter).
  }
  waiter->WaitSignaled();
  waiter->Release();
  if (!IsCompleted()) throw InvalidOperationException(kAbandoned);
}

void TaskStateBase::ThrowIfNotSuccess() const {
  switch (Status()) {
    case TaskStatus::RanToCompletion:
      return;
    case TaskStatus::Faulted:
      std::rethrow_exception(exception_);
    case TaskStatus::Canceled:
      if (exception_ != nullptr) std::rethrow_exception(exception_);
      throw TaskCanceledException();
    default:
      throw InvalidOperationException(kAbandoned);
  }
}

void TaskStateBase::ThrowAggregateIfNotSuccess() const {
  switch (Status()) {
    case TaskStatus::RanToCompletion:
      return;
    case TaskStatus::Faulted:
      throw AggregateException(*Exception());
    case TaskStatus::Canceled: {
      CancellationToken token;
      if (exception_ != nullptr) {
        try {
          std::rethrow_exception(exception_);
        } catch (const OperationCanceledException& e) {
          token = e.CancellationToken();
        } catch (...) {
        }
      }
      throw AggregateException(
          std::vector<std::exception_ptr>{std::make_exception_ptr(TaskCanceledException(token))});
    }
    default:
      throw InvalidOperationException(kAbandoned);
  }
}

AggregateException* TaskStateBase::Exception() const {
  if (Status() != TaskStatus::Faulted) return nullptr;
  std::lock_guard<std::mutex> lock(mutex_);
  if (!aggregate_) {
    aggregate_ = std::make_unique<AggregateException>(Exceptions());
  }
  return aggregate_.get();
}

std::vector<std::exception_ptr> TaskStateBase::Exceptions() const {
  std::vector<std::exception_ptr> all;
  if (!IsCompleted() || exception_ == nullptr) return all;
  all.reserve(1 + more_exceptions_.size());
  all.push_back(exception_);
  all.insert(all.end(), more_exceptions_.begin(), more_exceptions_.end());
  return all;
}

}  // namespace detail
}  // namespace async
