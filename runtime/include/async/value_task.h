// async/value_task.h: ValueTask<T> / ValueTask<>, IValueTaskSource<T>,
// ManualResetValueTaskSourceCore<T> (after .NET's
// ManualResetValueTaskSourceCore.cs), and AsyncValueTaskMethodBuilder<T>.
#pragma once

#include <atomic>
#include <exception>
#include <new>
#include <optional>
#include <type_traits>
#include <utility>

#include <async/awaiters.h>
#include <async/builder.h>
#include <async/continuation.h>
#include <async/detail/async_box.h>
#include <async/detail/task_state.h>
#include <async/detail/thread_pool.h>
#include <async/exceptions.h>
#include <async/native_coroutine.h>
#include <async/synchronization_context.h>
#include <async/task.h>
#include <async/task_completion_source.h>

namespace async {

enum class ValueTaskSourceStatus { Pending, Succeeded, Faulted, Canceled };

enum class ValueTaskSourceOnCompletedFlags : unsigned {
  None = 0,
  UseSchedulingContext = 1,
  FlowExecutionContext = 2,
};
constexpr ValueTaskSourceOnCompletedFlags operator|(ValueTaskSourceOnCompletedFlags a,
                                                    ValueTaskSourceOnCompletedFlags b) noexcept {
  return static_cast<ValueTaskSourceOnCompletedFlags>(static_cast<unsigned>(a) |
                                                      static_cast<unsigned>(b));
}
constexpr bool HasFlag(ValueTaskSourceOnCompletedFlags value,
                       ValueTaskSourceOnCompletedFlags flag) noexcept {
  return (static_cast<unsigned>(value) & static_cast<unsigned>(flag)) != 0;
}

// System.Threading.Tasks.Sources.IValueTaskSource<T> (T = void: the
// non-generic IValueTaskSource). `token` identifies one use of a reusable
// source. The source must outlive every ValueTask made from it.
template <class T = void>
class IValueTaskSource {
 public:
  virtual ~IValueTaskSource() = default;
  virtual ValueTaskSourceStatus GetStatus(short token) = 0;
  // k: the continuation to run when the operation completes.
  virtual void OnCompleted(Continuation k, short token, ValueTaskSourceOnCompletedFlags flags) = 0;
  virtual T GetResult(short token) = 0;
};

namespace detail {

struct VoidResult {
  bool has = false;
  bool has_value() const noexcept { return has; }
  void reset() noexcept { has = false; }
};
template <class T>
using ResultStorage = std::conditional_t<std::is_void_v<T>, VoidResult, std::optional<T>>;

inline constexpr const char* kValueTaskConsumed =
    "The ValueTask was already awaited (a ValueTask may be awaited only once).";
inline constexpr const char* kSourceAbandoned =
    "The operation was abandoned: what was to complete it was destroyed first.";
inline constexpr const char* kBadToken =
    "The result of the operation was already consumed and may not be used again (the "
    "IValueTaskSource token does not match).";

}  // namespace detail

// The core of a reusable IValueTaskSource: one operation at a time; Reset()
// starts the next one with a new Version (the token of its ValueTasks).
template <class T = void>
class ManualResetValueTaskSourceCore {
 public:
  ManualResetValueTaskSourceCore() = default;
  ManualResetValueTaskSourceCore(const ManualResetValueTaskSourceCore&) = delete;
  ManualResetValueTaskSourceCore& operator=(const ManualResetValueTaskSourceCore&) = delete;

  // .NET's RunContinuationsAsynchronously property: continuations are
  // queued (to the captured context, or the thread pool), never run inline
  // by SetResult / SetException.
  bool RunContinuationsAsynchronously = false;

  short Version() const noexcept { return version_; }

  // Starts a new operation: the version changes, outstanding tokens are stale.
  void Reset() {
    version_ = static_cast<short>(version_ + 1);
    result_.reset();
    error_ = nullptr;
    continuation_.Reset();
    context_ = detail::SyncContextRef();
    scheduler_ = nullptr;
    slot_.store(kEmpty, std::memory_order_release);
  }

  template <class U = T, class TT = T, class = std::enable_if_t<!std::is_void_v<TT>>>
  void SetResult(U&& value) {
    CheckNotCompleted();
    result_.emplace(std::forward<U>(value));
    SignalCompletion();
  }
  template <class TT = T, class = std::enable_if_t<std::is_void_v<TT>>>
  void SetResult() {
    CheckNotCompleted();
    result_.has = true;
    SignalCompletion();
  }
  // An OperationCanceledException makes the status Canceled.
  void SetException(std::exception_ptr e) {
    if (e == nullptr) throw ArgumentException("SetException: null exception.");
    CheckNotCompleted();
    error_ = std::move(e);
    SignalCompletion();
  }

  // An abandoned operation stays Pending.
  ValueTaskSourceStatus GetStatus(short token) const {
    ValidateToken(token);
    if (slot_.load(std::memory_order_acquire) != kCompleted) return ValueTaskSourceStatus::Pending;
    if (error_ == nullptr) return ValueTaskSourceStatus::Succeeded;
    return detail::IsOperationCanceled(error_) ? ValueTaskSourceStatus::Canceled
                                               : ValueTaskSourceStatus::Faulted;
  }

  // The result (moved out) or the exception, rethrown. InvalidOperationException
  // for a stale token or an operation that has not completed.
  T GetResult(short token) {
    ValidateToken(token);
    const int slot = slot_.load(std::memory_order_acquire);
    if (slot == kAbandoned) throw InvalidOperationException(detail::kSourceAbandoned);
    if (slot != kCompleted) throw InvalidOperationException("The operation has not completed yet.");
    if (error_ != nullptr) std::rethrow_exception(error_);
    if constexpr (!std::is_void_v<T>) return std::move(*result_);
  }

  // Registers the continuation (at most one per operation). If the operation
  // already completed, k is queued, as .NET does.
  void OnCompleted(Continuation k, short token, ValueTaskSourceOnCompletedFlags flags) {
    ValidateToken(token);
    if (slot_.load(std::memory_order_acquire) == kContinuation)
      throw InvalidOperationException("A continuation was already registered for this operation.");
    if (HasFlag(flags, ValueTaskSourceOnCompletedFlags::UseSchedulingContext)) {
      detail::ContinuationEntry captured;
      detail::CaptureSchedulingContext(captured, true);
      context_ = std::move(captured.context);
      scheduler_ = captured.scheduler;
    }
    continuation_ = std::move(k);
    int expected = kEmpty;
    if (!slot_.compare_exchange_strong(expected, kContinuation, std::memory_order_acq_rel,
                                       std::memory_order_acquire)) {
      if (expected == kAbandoned) {
        continuation_.Reset();  // released uninvoked: it can never run
        return;
      }
      // Completed meanwhile (or before): queue it.
      detail::ContinuationEntry entry{std::move(continuation_), std::move(context_), false, scheduler_};
      detail::ScheduleContinuation(entry, /*force_async=*/true);
    }
  }

  // Runtime-internal (no .NET counterpart): the operation will never
  // complete, its producer is gone (an async iterator destroyed while it
  // awaited). As with an abandoned Task, the registered continuation (and any
  // registered later) is released uninvoked, the status stays Pending and
  // GetResult throws InvalidOperationException. Reset() starts over.
  void Abandon() noexcept {
    if (slot_.exchange(kAbandoned, std::memory_order_acq_rel) == kContinuation) {
      continuation_.Reset();
      context_ = detail::SyncContextRef();
    }
  }

 private:
  // slot_ is the operation's whole state: once it reads kCompleted the
  // result is published and SignalCompletion no longer touches the core, so
  // a consumer that saw the completion may Reset() it at once for the next
  // operation (an async iterator's next MoveNextAsync), on any thread.
  static constexpr int kEmpty = 0;
  static constexpr int kContinuation = 1;
  static constexpr int kCompleted = 2;
  static constexpr int kAbandoned = 3;

  void ValidateToken(short token) const {
    if (token != version_) throw InvalidOperationException(detail::kBadToken);
  }
  void CheckNotCompleted() const {
    const int slot = slot_.load(std::memory_order_acquire);
    if (slot == kCompleted) throw InvalidOperationException("The operation has already completed.");
    if (slot == kAbandoned) throw InvalidOperationException(detail::kSourceAbandoned);
  }
  void SignalCompletion() {
    if (slot_.load(std::memory_order_acquire) == kContinuation) {
      // A continuation is registered: its owner waits for it and cannot
      // Reset() the core before it runs, so the entry can be taken first.
      // (Only OnCompleted moves the slot to kContinuation, and only once.)
      detail::ContinuationEntry entry{std::move(continuation_), std::move(context_), false, scheduler_};
      slot_.store(kCompleted, std::memory_order_release);
      detail::ScheduleContinuation(entry, RunContinuationsAsynchronously);
      return;
    }
    int expected = kEmpty;
    if (slot_.compare_exchange_strong(expected, kCompleted, std::memory_order_acq_rel,
                                      std::memory_order_acquire)) {
      return;  // published; nothing of the core is touched after this
    }
    // OnCompleted registered the continuation meanwhile (expected == kContinuation).
    detail::ContinuationEntry entry{std::move(continuation_), std::move(context_), false, scheduler_};
    slot_.store(kCompleted, std::memory_order_release);
    detail::ScheduleContinuation(entry, RunContinuationsAsynchronously);
  }

  detail::ResultStorage<T> result_;
  std::exception_ptr error_;
  Continuation continuation_;
  detail::SyncContextRef context_;
  TaskScheduler* scheduler_ = nullptr;
  std::atomic<int> slot_{kEmpty};
  short version_ = 0;
};

template <class T = void>
class ValueTask;

#if defined(__cpp_impl_coroutine)
namespace detail {
template <class T>
class ValueTaskPromise;
}  // namespace detail
#endif

// ValueTask's awaiter (and ConfigureAwait's): owns what the ValueTask held.
template <class T>
class ValueTaskAwaiter {
 public:
  bool IsCompleted() const {
    if (source_ != nullptr) return source_->GetStatus(token_) != ValueTaskSourceStatus::Pending;
    if (task_.IsValid()) return task_.IsCompleted();
    return true;
  }
  void OnCompleted(Continuation k) const {
    if (source_ != nullptr) {
      source_->OnCompleted(std::move(k), token_,
                           capture_context_ ? ValueTaskSourceOnCompletedFlags::UseSchedulingContext
                                            : ValueTaskSourceOnCompletedFlags::None);
    } else if (task_.IsValid()) {
task_.StatePtr()->OnCompletedCapturing(std::move(k), capture_context_);
    } else {
      detail::PostToThreadPool(std::move(k));  // already completed: queued
    }
  }
  void UnsafeOnCompleted(Continuation k) const { OnCompleted(std::move(k)); }

  T GetResult() {
    if (source_ != nullptr) return source_->GetResult(token_);
    if (task_.IsValid()) {
      detail::TaskState<T>& s = *task_.StatePtr();
      s.WaitBlocking();
      s.ThrowIfNotSuccess();
      if constexpr (std::is_void_v<T>) {
        return;
      } else if constexpr (std::is_copy_constructible_v<T>) {
        return s.ResultRef();  // the task may be shared: copy
      } else {
        return std::move(s.MutableResult());
      }
    }
    if constexpr (!std::is_void_v<T>) {
      if (!result_.has_value()) throw InvalidOperationException("The ValueTask is empty.");
      return std::move(*result_);
    }
  }

 private:
  friend class ValueTask<T>;
  ValueTaskAwaiter(detail::ResultStorage<T> result, Task<T> task, IValueTaskSource<T>* source,
                   short token, bool capture) noexcept
      : result_(std::move(result)),
        task_(std::move(task)),
        source_(source),
        token_(token),
        capture_context_(capture) {}
  detail::ResultStorage<T> result_;
  Task<T> task_;
  IValueTaskSource<T>* source_;
  short token_;
  bool capture_context_;
};

template <class T>
class ConfiguredValueTaskAwaitable {
 public:
  ValueTaskAwaiter<T> GetAwaiter() { return std::move(awaiter_); }

 private:
  friend class ValueTask<T>;
  explicit ConfiguredValueTaskAwaitable(ValueTaskAwaiter<T> a) : awaiter_(std::move(a)) {}
  ValueTaskAwaiter<T> awaiter_;
};

// System.Threading.Tasks.ValueTask<T> (ValueTask<> = ValueTask): a result
// held inline (no allocation), a Task<T>, or an IValueTaskSource<T> with a
// token. Awaited once: awaiting the same object again (or a moved-from one)
// throws InvalidOperationException. The default ValueTask is completed (with
// T() when T is default-constructible).
template <class T>
class ValueTask {
 public:
#if defined(__cpp_impl_coroutine)
  using promise_type = detail::ValueTaskPromise<T>;
#endif
  using ResultType = T;

  ValueTask() noexcept(std::is_void_v<T> || std::is_nothrow_default_constructible_v<T>) {
    if constexpr (std::is_void_v<T>) {
      result_.has = true;
    } else if constexpr (std::is_default_constructible_v<T>) {
      result_.emplace();
    }
  }
  // A completed ValueTask holding `result` inline.
  template <class U = T, class TT = T,
            class = std::enable_if_t<!std::is_void_v<TT> && std::is_constructible_v<TT, U&&> &&
                                     !std::is_same_v<std::decay_t<U>, ValueTask> &&
                                     !std::is_same_v<std::decay_t<U>, Task<TT>>>>
  explicit ValueTask(U&& result) : result_(std::in_place, std::forward<U>(result)) {}
  explicit ValueTask(Task<T> task) : task_(std::move(task)) {
    if (!task_.IsValid()) throw ArgumentException("ValueTask: empty task handle.");
  }
  ValueTask(IValueTaskSource<T>* source, short token) : source_(source), token_(token) {
    if (source_ == nullptr) throw ArgumentException("ValueTask: null source.");
  }

  ValueTask(const ValueTask&) = default;
  ValueTask& operator=(const ValueTask&) = default;
  ValueTask(ValueTask&& o) noexcept
      : result_(std::move(o.result_)),
        task_(std::move(o.task_)),
        source_(o.source_),
        token_(o.token_),
        consumed_(std::exchange(o.consumed_, true)) {}
  ValueTask& operator=(ValueTask&& o) noexcept {
    result_ = std::move(o.result_);
    task_ = std::move(o.task_);
    source_ = o.source_;
    token_ = o.token_;
    consumed_ = std::exchange(o.consumed_, true);
    return *this;
  }

  // ValueTask.CompletedTask / FromResult.
  static ValueTask CompletedTask() { return ValueTask(); }

  bool IsCompleted() const {
    if (source_ != nullptr) return source_->GetStatus(token_) != ValueTaskSourceStatus::Pending;
    if (task_.IsValid()) return task_.IsCompleted();
    return true;
  }
  bool IsCompletedSuccessfully() const {
    if (source_ != nullptr) return source_->GetStatus(token_) == ValueTaskSourceStatus::Succeeded;
    if (task_.IsValid()) return task_.IsCompletedSuccessfully();
    return true;
  }
  bool IsFaulted() const {
    if (source_ != nullptr) return source_->GetStatus(token_) == ValueTaskSourceStatus::Faulted;
    return task_.IsValid() && task_.IsFaulted();
  }
  bool IsCanceled() const {
    if (source_ != nullptr) return source_->GetStatus(token_) == ValueTaskSourceStatus::Canceled;
    return task_.IsValid() && task_.IsCanceled();
  }

  // A Task for this operation (consumes a source-backed ValueTask, as .NET's
  // AsTask: the source's result is fetched exactly once).
  Task<T> AsTask() {
    if (task_.IsValid()) return task_;
    if (source_ != nullptr) {
      CheckNotConsumed();
      consumed_ = true;
      return SourceAsTask(source_, token_);
    }
    if constexpr (std::is_void_v<T>) {
      return async::CompletedTask();
    } else {
      if (!result_.has_value()) throw InvalidOperationException("The ValueTask is empty.");
      return async::FromResult(*result_);
    }
  }
  // A ValueTask that can be awaited any number of times... once more each
  // copy (backed by a Task when this one is backed by a source).
  ValueTask Preserve() {
    if (source_ == nullptr) return *this;
    return ValueTask(AsTask());
  }

  // Awaiting: the same object only once.
  ValueTaskAwaiter<T> GetAwaiter() { return TakeAwaiter(true); }
  ConfiguredValueTaskAwaitable<T> ConfigureAwait(bool continueOnCapturedContext) {
    return ConfiguredValueTaskAwaitable<T>(TakeAwaiter(continueOnCapturedContext));
  }

  // Runtime-internal: the task behind a task-backed ValueTask.
  const Task<T>& TaskHandle() const noexcept { return task_; }
  IValueTaskSource<T>* Source() const noexcept { return source_; }
  short Token() const noexcept { return token_; }

 private:
  void CheckNotConsumed() const {
    if (consumed_) throw InvalidOperationException(detail::kValueTaskConsumed);
  }
  ValueTaskAwaiter<T> TakeAwaiter(bool capture) {
    CheckNotConsumed();
    consumed_ = true;
    return ValueTaskAwaiter<T>(std::move(result_), std::move(task_), source_, token_, capture);
  }

  static Task<T> SourceAsTask(IValueTaskSource<T>* source, short token) {
    auto complete = [source, token](TaskCompletionSource<T>& tcs) {
      try {
        if constexpr (std::is_void_v<T>) {
          source->GetResult(token);
          tcs.TrySetResult();
        } else {
          tcs.TrySetResult(source->GetResult(token));
        }
      } catch (...) {
        std::exception_ptr e = std::current_exception();
        if (detail::IsOperationCanceled(e)) {
          tcs.TrySetCanceled();
        } else {
          tcs.TrySetException(e);
        }
      }
    };
    TaskCompletionSource<T> tcs;
    Task<T> task = tcs.Task();
    if (source->GetStatus(token) != ValueTaskSourceStatus::Pending) {
      complete(tcs);
    } else {
      source->OnCompleted(Continuation([tcs, complete]() mutable { complete(tcs); }), token,
                          ValueTaskSourceOnCompletedFlags::None);
    }
    return task;
  }

  detail::ResultStorage<T> result_;
  Task<T> task_;
  IValueTaskSource<T>* source_ = nullptr;
  short token_ = 0;
  bool consumed_ = false;
};

// ValueTask.FromResult(v): completed, no allocation.
template <class U>
ValueTask<std::decay_t<U>> ValueTaskFromResult(U&& value) {
  return ValueTask<std::decay_t<U>>(std::forward<U>(value));
}

// The builder for ValueTask-returning state machines: the protocol of
// AsyncTaskMethodBuilder<T> (Create<SM>, Task, Start, AwaitUnsafeOnCompleted,
// AwaitOnCompleted, SetReturnValue, SetResult, SetException). The machine
// lives in the same one-block box; Task() gives a task-backed ValueTask
// (Task() is called before Start, so it cannot be the inline-result form).
template <class T = void>
class AsyncValueTaskMethodBuilder {
 public:
  explicit AsyncValueTaskMethodBuilder(detail::AsyncBox<T>* box) noexcept : inner_(box) {}

  template <class SM, class... Args>
  static SM& Create(Args&&... args) {
    return detail::CreateMachine<AsyncValueTaskMethodBuilder, T, SM>(std::forward<Args>(args)...);
  }

  ValueTask<T> Task() const { return ValueTask<T>(inner_.Task()); }
  template <class SM>
  void Start(SM& sm) {
    inner_.Start(sm);
  }
  template <class Awaiter, class SM>
  void AwaitUnsafeOnCompleted(Awaiter& awaiter, SM& sm) {
    inner_.AwaitUnsafeOnCompleted(awaiter, sm);
  }
  template <class Awaiter, class SM>
  void AwaitOnCompleted(Awaiter& awaiter, SM& sm) {
    inner_.AwaitOnCompleted(awaiter, sm);
  }
  template <class U, class TT = T, class = std::enable_if_t<!std::is_void_v<TT>>>
  void SetReturnValue(U&& value) {
    inner_.SetReturnValue(std::forward<U>(value));
  }
  void SetResult() { inner_.SetResult(); }
  void SetException(std::exception_ptr e) { inner_.SetException(std::move(e)); }
  void SetStateMachine(IAsyncStateMachine&) noexcept {}
  void SetStateMachine(IAsyncStateMachine*) noexcept {}

 private:
  AsyncTaskMethodBuilder<T> inner_;
};

}  // namespace async

#if defined(__cpp_impl_coroutine)

namespace async {
namespace detail {

// ValueTask<T>'s promise: the Task promise, returning a task-backed ValueTask.
template <class T>
class ValueTaskPromise final : public TaskPromiseBase<T> {
 public:
  ValueTask<T> get_return_object() { return ValueTask<T>(this->MakeTask(*this)); }
  template <class U = T>
  void return_value(U&& value) {
    this->box_->StoreResult(std::forward<U>(value));
  }
};

template <>
class ValueTaskPromise<void> final : public TaskPromiseBase<void> {
 public:
  ValueTask<void> get_return_object() { return ValueTask<void>(this->MakeTask(*this)); }
  void return_void() noexcept {}
};

}  // namespace detail
}  // namespace async
#endif
