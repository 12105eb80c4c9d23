// async/async_enumerable.h: async iterators (C#'s IAsyncEnumerable<T> and
// `async IAsyncEnumerable<T>` methods with `yield return`).
//
//   ASYNC async::AsyncEnumerable<int> Numbers(int n) {
//     for (int i = 0; i < n; ++i) {
//       co_await async::Delay(1ms);
//       co_yield i;
//     }
//   }
//   ASYNC async::Task<> Consume() {
//     auto e = Numbers(3).GetAsyncEnumerator();
//     while (co_await e.MoveNextAsync()) std::printf("%d\n", e.Current());
//     co_await e.DisposeAsync();
//   }
//
// One runtime object, detail::AsyncIteratorBox<T>, drives both builds: it
// holds the iterator's machine (a generated state machine, or a native
// coroutine frame handle), the value of the last `co_yield`, and the
// reusable source (ManualResetValueTaskSourceCore<bool>) behind every
// MoveNextAsync ValueTask. AsyncEnumerable<T> and AsyncEnumerator<T> are
// shared handles to it. docs/runtime.md ("Async iterators") describes the
// semantics and the protocol generated code follows.
#pragma once

#include <atomic>
#include <cstdint>
#include <exception>
#include <new>
#include <optional>
#include <type_traits>
#include <typeinfo>
#include <utility>

#include <async/async_void.h>
#include <async/awaiters.h>
#include <async/builder.h>
#include <async/cancellation.h>
#include <async/continuation.h>
#include <async/detail/async_box.h>
#include <async/detail/frame_pool.h>
#include <async/detail/task_state.h>
#include <async/enumerator_cancellation.h>
#include <async/exceptions.h>
#include <async/execution_context.h>
#include <async/native_coroutine.h>
#include <async/task.h>
#include <async/value_task.h>

namespace async {

template <class T>
class AsyncEnumerable;
template <class T>
class AsyncEnumerator;
template <class T>
class AsyncIteratorMethodBuilder;
template <class T>
class ConfiguredCancelableAsyncEnumerable;

#if defined(__cpp_impl_coroutine)
namespace detail {
template <class T>
class AsyncIteratorPromise;
}  // namespace detail
#endif

namespace detail {

inline constexpr const char* kEnumeratedOnce =
    "This AsyncEnumerable was already enumerated: GetAsyncEnumerator may be called only once "
    "(the iterator's state machine cannot be copied; call the iterator function again).";
inline constexpr const char* kMoveNextPending =
    "MoveNextAsync was called while the previous MoveNextAsync has not completed yet.";
inline constexpr const char* kDisposePending =
    "DisposeAsync was called while a MoveNextAsync has not completed yet.";
inline constexpr const char* kNoCurrent =
    "Current: the enumerator has no current element (MoveNextAsync has not completed with true).";
inline constexpr const char* kEmptyEnumerable = "The AsyncEnumerable handle is empty.";
inline constexpr const char* kEmptyEnumerator = "The AsyncEnumerator handle is empty.";

// The awaiter of `co_yield e` in a lowered iterator: the tool lowers
// `co_yield e` as an await of builder.YieldValue(e). It never completes by
// itself; AsyncIteratorMethodBuilder::AwaitUnsafeOnCompleted recognizes it
// and completes the MoveNextAsync in progress with true.
class AsyncIteratorYieldAwaiter {
 public:
  AsyncIteratorYieldAwaiter GetAwaiter() const noexcept { return *this; }
  bool IsCompleted() const noexcept { return false; }
  void GetResult() const noexcept {}
};

// The one heap block of an async iterator (frame pool). Memory references
// (TaskStateBase's count): one held by the live machine (dropped once it is
// destroyed), one by the owner handles together (AsyncEnumerable and
// AsyncEnumerator copies, counted in owners_), and one per live
// Continuation of an await in progress. The TaskState<void> base is only the
// box's identity in the pending registry (DumpPendingTasks, deadlock
// detection); it never completes.
template <class T>
class AsyncIteratorBox : public TaskState<void>, public AsyncBoxTarget, public IValueTaskSource<bool> {
  static_assert(!std::is_reference_v<T> && !std::is_void_v<T>,
                "AsyncEnumerable<T>: T must be an object type");

 public:
  // --- ContinuationTarget / TaskStateBase ---------------------------------
  void AddRef() noexcept override { this->AddStateRef(); }
  void Release() noexcept override { this->ReleaseStateRef(); }
  AsyncBoxTarget* AsBoxTarget() noexcept override { return this; }
  // An await of the body completed: resume under the context it captured.
  void Resume() override {
    this->ResumeUnderContext([this] { ResumeMachine(); });
  }
  // The continuation of the body's current await was dropped uninvoked: the
  // body can never resume. Destroy it (its live locals' destructors run) and
  // abandon the MoveNextAsync in progress (its continuation is released
  // uninvoked, as for an abandoned Task).
  void OnReleasedUninvoked() override {
    this->Unregister();
    DestroyMachine();
    SetPhase(kFinished);
    core_.Abandon();
    this->ReleaseStateRef();  // the machine's reference
  }

  // --- owner handles -------------------------------------------------------
  void AddOwner() noexcept {
    if (owners_.fetch_add(1, std::memory_order_relaxed) == 0) this->AddStateRef();
  }
  // The last AsyncEnumerable / AsyncEnumerator handle is gone: nothing can
  // resume the body any more. If it is suspended at a yield (or never
  // started) it is destroyed now; if it is running (awaiting something) it
  // runs on, like a dropped Task, and is destroyed at its next yield.
  void ReleaseOwner() noexcept {
    if (owners_.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
    const std::uint32_t old = word_.fetch_or(kOrphaned, std::memory_order_acq_rel);
    const std::uint32_t phase = old & kPhaseMask;
    if (phase == kNotStarted || phase == kYielded) {
      // Nobody else can touch the machine now: no owner is left, and the
      // body is not running.
      word_.store(kFinished | kOrphaned, std::memory_order_relaxed);
      DestroyMachine();
      this->ReleaseStateRef();  // the machine's reference
    }
    this->ReleaseStateRef();  // the owners' reference
  }

  void BeginEnumeration(CancellationToken ct) {
    if (enumerated_.exchange(true, std::memory_order_acq_rel))
      throw InvalidOperationException(kEnumeratedOnce);
    token_ = std::move(ct);
  }

  // --- the enumerator (consumer side) --------------------------------------
  ValueTask<bool> MoveNextAsync() {
    std::uint32_t old = word_.load(std::memory_order_acquire);
    const std::uint32_t phase = old & kPhaseMask;
    if (phase == kFinished) return ValueTask<bool>(false);
    if (phase == kRunning || (phase == kYielded && !CoreCompleted()))
      throw InvalidOperationException(kMoveNextPending);
    if (token_.IsCancellationRequested()) return CanceledMoveNext();
    if (!word_.compare_exchange_strong(old, (old & ~kPhaseMask) | kRunning,
                                       std::memory_order_acq_rel, std::memory_order_acquire))
      throw InvalidOperationException(kMoveNextPending);  // a concurrent call
    core_.Reset();
    const short version = core_.Version();
    current_.reset();
    {
      // AsyncMethodBuilderCore.Start: the body runs on this thread under
      // this thread's contexts; its changes to them do not leak out.
      StartScope scope;
      ResumeMachine();
    }
    // This handle's owner keeps the box alive; only this thread resets core_.
    if (core_.GetStatus(version) == ValueTaskSourceStatus::Succeeded)
      return ValueTask<bool>(core_.GetResult(version));  // synchronous: no source
    return ValueTask<bool>(static_cast<IValueTaskSource<bool>*>(this), version);
  }

  ValueTask<> DisposeAsync() {
    std::uint32_t old = word_.load(std::memory_order_acquire);
    for (;;) {
      const std::uint32_t phase = old & kPhaseMask;
      if (phase == kFinished) {
        current_.reset();
        return ValueTask<>();
      }
      if (phase == kRunning || (phase == kYielded && !CoreCompleted()))
        throw InvalidOperationException(kDisposePending);
      if (word_.compare_exchange_weak(old, (old & ~kPhaseMask) | kFinished,
                                      std::memory_order_acq_rel, std::memory_order_acquire))
        break;
    }
    current_.reset();
    DestroyMachine();
    this->ReleaseStateRef();  // the machine's reference
    return ValueTask<>();
  }

  T& Current() {
    if (!current_.has_value()) throw InvalidOperationException(kNoCurrent);
    return *current_;
  }

  // The token given to GetAsyncEnumerator (CurrentEnumeratorCancellation).
  const CancellationToken& EnumeratorToken() const noexcept { return token_; }

  // --- the body (machine side) ---------------------------------------------
  // co_yield v: stores the element Current() returns.
  template <class U>
  void StoreCurrent(U&& value) {
    current_.emplace(std::forward<U>(value));
  }

  // Right after StoreCurrent, when the body suspends at the yield (machine
  // thread): completes the MoveNextAsync in progress with true, or, when no
  // owner is left, destroys the machine. The caller touches nothing of the
  // machine afterwards (it may be resumed on another thread, or destroyed,
  // before this returns).
  void OnYield() {
    this->Unregister();  // suspended at a yield is not pending work
    this->AddStateRef();  // the box must outlive the completion below
    std::uint32_t old = word_.load(std::memory_order_acquire);
    for (;;) {
      if ((old & kOrphaned) != 0) {
        word_.store(kFinished | kOrphaned, std::memory_order_relaxed);
        DestroyMachine();
        this->ReleaseStateRef();  // the machine's reference
        this->ReleaseStateRef();
        return;
      }
      if (word_.compare_exchange_weak(old, kYielded, std::memory_order_acq_rel,
                                      std::memory_order_acquire))
        break;
    }
    core_.SetResult(true);
    this->ReleaseStateRef();
  }

  // The body finished (e null: ran to its end; else the exception that
  // escaped it). Destroys the machine first, then completes the
  // MoveNextAsync in progress (false, or faulted / canceled). Nothing of
  // the machine may be touched afterwards.
  void Finish(std::exception_ptr e) {
    this->Unregister();
    DestroyMachine();
    SetPhase(kFinished);
    if (e != nullptr) {
      core_.SetException(std::move(e));
    } else {
      core_.SetResult(false);
    }
    this->ReleaseStateRef();  // the machine's reference
  }

  // --- IValueTaskSource<bool> (the MoveNextAsync ValueTasks) ---------------
  ValueTaskSourceStatus GetStatus(short token) override { return core_.GetStatus(token); }
  void OnCompleted(Continuation k, short token, ValueTaskSourceOnCompletedFlags flags) override {
    // Tell an awaiting async method what it awaits (stack dump, deadlock
    // detection): this iterator.
    if (k.Target() != nullptr && k.Target()->AsAsyncBox() != nullptr) {
      ContinuationEntry entry;
      CaptureSchedulingContext(entry,
                               HasFlag(flags, ValueTaskSourceOnCompletedFlags::UseSchedulingContext));
      NoteAwaitTarget(k, this, entry);
    }
    core_.OnCompleted(std::move(k), token, flags);
  }
  bool GetResult(short token) override { return core_.GetResult(token); }

  static void* operator new(std::size_t size) { return FramePoolAllocate(size); }
  static void operator delete(void* p, std::size_t size) noexcept { FramePoolFree(p, size); }
  static void* operator new(std::size_t size, std::align_val_t al) {
    return ::operator new(size, al);
  }
  static void operator delete(void* p, std::size_t size, std::align_val_t al) noexcept {
    ::operator delete(p, size, al);
  }

 protected:
  AsyncIteratorBox() noexcept : AsyncBoxTarget(this) {}
  ~AsyncIteratorBox() override = default;

  // Runs the body to its next suspension (sm.MoveNext() / handle.resume()).
  virtual void ResumeMachine() = 0;
  // Destroys the machine object (a lowered machine's destructor, or the
  // coroutine frame): the destructors of its live locals run.
  virtual void DestroyMachine() noexcept = 0;

 private:
  // word_: the phase (who may touch the machine) and the orphaned flag.
  static constexpr std::uint32_t kNotStarted = 0;  // created, body not entered
  static constexpr std::uint32_t kRunning = 1;     // inside MoveNextAsync, or awaiting
  static constexpr std::uint32_t kYielded = 2;     // suspended at a co_yield
  static constexpr std::uint32_t kFinished = 3;    // machine destroyed
  static constexpr std::uint32_t kPhaseMask = 3;
  static constexpr std::uint32_t kOrphaned = 4;    // no owner handle left

  void SetPhase(std::uint32_t phase) noexcept {
    std::uint32_t old = word_.load(std::memory_order_relaxed);
    while (!word_.compare_exchange_weak(old, (old & ~kPhaseMask) | phase, std::memory_order_acq_rel,
                                        std::memory_order_relaxed)) {
    }
  }
  // Whether the MoveNextAsync before has fully completed (the body may have
  // reached a yield and not yet published it).
  bool CoreCompleted() const {
    return core_.GetStatus(core_.Version()) != ValueTaskSourceStatus::Pending;
  }
  ValueTask<bool> CanceledMoveNext() const {
    auto* s = new TaskState<bool>();
    s->TryCompleteCanceled(std::make_exception_ptr(OperationCanceledException(token_)));
    return ValueTask<bool>(Task<bool>(TaskStateRef<bool>::Adopt(s)));
  }

  std::atomic<std::uint32_t> word_{kNotStarted};
  std::atomic<int> owners_{0};
  std::atomic<bool> enumerated_{false};
  CancellationToken token_;
  ManualResetValueTaskSourceCore<bool> core_;
  std::optional<T> current_;
};

// The box of a lowered iterator: the generated machine SM lives inside it
// and never moves.
template <class T, class SM>
class AsyncIteratorMachineBox final : public AsyncIteratorBox<T> {
 public:
  void* Storage() noexcept { return storage_; }
  SM* Machine() noexcept { return std::launder(reinterpret_cast<SM*>(storage_)); }
  const char* MachineName() const noexcept override { return typeid(SM).name(); }

 protected:
  void ResumeMachine() override { Machine()->MoveNext(); }
  void DestroyMachine() noexcept override { detail::DestroyGeneratedMachine(*Machine()); }

 private:
  alignas(SM) unsigned char storage_[sizeof(SM)];
};

// Shared ownership of an iterator box, as an owner (the handles' base).
template <class T>
class AsyncIteratorRef {
 public:
  AsyncIteratorRef() noexcept = default;
  explicit AsyncIteratorRef(AsyncIteratorBox<T>* box) noexcept : box_(box) {
    if (box_ != nullptr) box_->AddOwner();
  }
  AsyncIteratorRef(const AsyncIteratorRef& o) noexcept : AsyncIteratorRef(o.box_) {}
  AsyncIteratorRef(AsyncIteratorRef&& o) noexcept : box_(std::exchange(o.box_, nullptr)) {}
  AsyncIteratorRef& operator=(AsyncIteratorRef o) noexcept {
    std::swap(box_, o.box_);
    return *this;
  }
  ~AsyncIteratorRef() {
    if (box_ != nullptr) box_->ReleaseOwner();
  }
  AsyncIteratorBox<T>* get() const noexcept { return box_; }

 private:
  AsyncIteratorBox<T>* box_ = nullptr;
};

}  // namespace detail

// IAsyncEnumerator<T>: shares ownership of the iterator with the
// AsyncEnumerable it came from (a copy is another handle to the same
// enumeration). Destroying the last handle without DisposeAsync destroys
// the iterator too (at once when it is suspended at a yield; at its next
// yield when it is awaiting something).
template <class T>
class AsyncEnumerator {
 public:
  AsyncEnumerator() noexcept = default;

  // Resumes the body on the calling thread until its next co_yield
  // (completes true; Current() is the element), its end (false), or an
  // exception (the ValueTask faults; canceled for an
  // OperationCanceledException). Completes later when the body awaits
  // something incomplete. After the end (or DisposeAsync): false.
  // InvalidOperationException while the previous one is pending. When the
  // CancellationToken given to GetAsyncEnumerator is canceled, completes
  // Canceled without resuming the body.
  ValueTask<bool> MoveNextAsync() { return Box().MoveNextAsync(); }

  // The element of the last co_yield, until the next MoveNextAsync (or
  // DisposeAsync); InvalidOperationException when there is none.
  const T& Current() const { return Box().Current(); }
  T& Current() { return Box().Current(); }

  // Destroys the iterator's state (the destructors of the body's live
  // locals run, innermost first) when it is suspended at a yield or was
  // never started; afterwards MoveNextAsync returns false. Completes
  // synchronously. InvalidOperationException while a MoveNextAsync is
  // pending. Idempotent.
  ValueTask<> DisposeAsync() { return Box().DisposeAsync(); }

  explicit operator bool() const noexcept { return ref_.get() != nullptr; }

 private:
  friend class AsyncEnumerable<T>;
  explicit AsyncEnumerator(detail::AsyncIteratorRef<T> ref) noexcept : ref_(std::move(ref)) {}
  detail::AsyncIteratorBox<T>& Box() const {
    if (ref_.get() == nullptr) throw InvalidOperationException(detail::kEmptyEnumerator);
    return *ref_.get();
  }
  detail::AsyncIteratorRef<T> ref_;
};

// IAsyncEnumerable<T>: what an async iterator function returns. Calling the
// function runs nothing (the body starts at the first MoveNextAsync). A
// shared handle; destroying every handle (and enumerator) of an iterator
// that is not running destroys its state.
template <class T>
class AsyncEnumerable {
 public:
#if defined(__cpp_impl_coroutine)
  using promise_type = detail::AsyncIteratorPromise<T>;
#endif
  using ElementType = T;

  AsyncEnumerable() noexcept = default;

  // The enumerator of this iterator; `ct` is checked by each MoveNextAsync.
  // An iterator can be enumerated once: a second call throws
  // InvalidOperationException (.NET clones the iterator instead; a C++
  // state machine cannot be copied).
  AsyncEnumerator<T> GetAsyncEnumerator(CancellationToken ct = CancellationToken::None()) const {
    detail::AsyncIteratorBox<T>* box = ref_.get();
    if (box == nullptr) throw InvalidOperationException(detail::kEmptyEnumerable);
    box->BeginEnumeration(std::move(ct));
    return AsyncEnumerator<T>(ref_);
  }

  // IAsyncEnumerable.WithCancellation(ct): an object whose
  // GetAsyncEnumerator() passes `ct` (read in the iterator through
  // CurrentEnumeratorCancellation()).
  ConfiguredCancelableAsyncEnumerable<T> WithCancellation(CancellationToken ct) const {
    return ConfiguredCancelableAsyncEnumerable<T>(*this, std::move(ct));
  }

  explicit operator bool() const noexcept { return ref_.get() != nullptr; }

  // Runtime-internal (builders, promises): a new handle to `box`.
  explicit AsyncEnumerable(detail::AsyncIteratorBox<T>* box) noexcept : ref_(box) {}

 private:
  detail::AsyncIteratorRef<T> ref_;
};

// What WithCancellation returns (.NET's ConfiguredCancelableAsyncEnumerable;
// there is no await foreach to consume it, so it only gives the enumerator).
template <class T>
class ConfiguredCancelableAsyncEnumerable {
 public:
  using ElementType = T;
  ConfiguredCancelableAsyncEnumerable(AsyncEnumerable<T> enumerable, CancellationToken ct) noexcept
      : enumerable_(std::move(enumerable)), token_(std::move(ct)) {}
  AsyncEnumerator<T> GetAsyncEnumerator() const { return enumerable_.GetAsyncEnumerator(token_); }
  // The last token wins (as in .NET).
  ConfiguredCancelableAsyncEnumerable WithCancellation(CancellationToken ct) const {
    return ConfiguredCancelableAsyncEnumerable(enumerable_, std::move(ct));
  }

 private:
  AsyncEnumerable<T> enumerable_;
  CancellationToken token_;
};

// The builder of lowered async iterators (C#'s AsyncIteratorMethodBuilder
// plus the iterator's promise). Generated code uses it exactly as it uses
// AsyncTaskMethodBuilder (Create, Task, Start, AwaitUnsafeOnCompleted /
// AwaitOnCompleted, SetResult, SetException), and lowers `co_yield e` as an
// await of YieldValue(e); see docs/runtime.md.
template <class T>
class AsyncIteratorMethodBuilder {
 public:
  explicit AsyncIteratorMethodBuilder(detail::AsyncIteratorBox<T>* box) noexcept : box_(box) {}

  // One allocation (frame pool) holding the iterator's state and SM,
  // constructed in place as SM(builder, args...); it never moves. If SM's
  // constructor throws, the block is freed.
  template <class SM, class... Args>
  static SM& Create(Args&&... args) {
    auto* box = new detail::AsyncIteratorMachineBox<T, SM>();
    try {
      ::new (box->Storage()) SM(AsyncIteratorMethodBuilder(box), std::forward<Args>(args)...);
    } catch (...) {
      box->ReleaseStateRef();
      throw;
    }
    return *box->Machine();
  }

  AsyncEnumerable<T> Task() const { return AsyncEnumerable<T>(box_); }

  // Lazy: the body first runs in the first MoveNextAsync.
  template <class SM>
  void Start(SM&) noexcept {}

  // co_yield v: stores v (copied or moved) as the element Current() returns,
  // and returns the awaitable the generated code awaits next.
  template <class U = T>
  detail::AsyncIteratorYieldAwaiter YieldValue(U&& value) {
    box_->StoreCurrent(std::forward<U>(value));
    return detail::AsyncIteratorYieldAwaiter();
  }

  // The yield awaiter: the body is suspended at a co_yield; completes the
  // MoveNextAsync in progress with true (synchronously when the body got
  // there inside MoveNextAsync's call). Any other awaiter: as in
  // AsyncTaskMethodBuilder (the await site is recorded, the awaiter gets a
  // Continuation that resumes sm under the ExecutionContext captured here;
  // capturing a SynchronizationContext / TaskScheduler is its job).
  // Nothing touches `this` or `sm` after the awaiter call.
  template <class Awaiter, class SM>
  void AwaitUnsafeOnCompleted(Awaiter& awaiter, SM& sm) {
    if constexpr (std::is_same_v<Awaiter, detail::AsyncIteratorYieldAwaiter>) {
      (void)awaiter;
      (void)sm;
      box_->OnYield();
    } else if constexpr (std::is_same_v<Awaiter, detail::EnumeratorCancellationAwaiter>) {
      // co_await CurrentEnumeratorCancellation(): never suspends.
      awaiter.SetToken(box_->EnumeratorToken());
      sm.MoveNext();
    } else {
      box_->NoteSuspension(detail::AwaitSiteOf(sm));
      detail::CallUnsafeOnCompleted(awaiter, Continuation::ForAwait(box_));
    }
  }
  template <class Awaiter, class SM>
  void AwaitOnCompleted(Awaiter& awaiter, SM& sm) {
    if constexpr (std::is_same_v<Awaiter, detail::AsyncIteratorYieldAwaiter>) {
      (void)awaiter;
      (void)sm;
      box_->OnYield();
    } else if constexpr (std::is_same_v<Awaiter, detail::EnumeratorCancellationAwaiter>) {
      // co_await CurrentEnumeratorCancellation(): never suspends.
      awaiter.SetToken(box_->EnumeratorToken());
      sm.MoveNext();
    } else {
      box_->NoteSuspension(detail::AwaitSiteOf(sm));
      detail::CallOnCompleted(awaiter, Continuation::ForAwait(box_));
    }
  }

  // The end of the body: destroys the machine (this builder is a member of
  // it), then completes the MoveNextAsync in progress with false.
  void SetResult() {
    detail::AsyncIteratorBox<T>* box = box_;
    box->Finish(nullptr);
  }
  // An exception escaped the body: destroys the machine, then faults the
  // MoveNextAsync in progress (Canceled for an OperationCanceledException).
  void SetException(std::exception_ptr e) {
    detail::AsyncIteratorBox<T>* box = box_;
    if (e == nullptr) e = std::make_exception_ptr(InvalidOperationException("SetException(nullptr)"));
    box->Finish(std::move(e));
  }

  void SetStateMachine(IAsyncStateMachine&) noexcept {}
  void SetStateMachine(IAsyncStateMachine*) noexcept {}

 private:
  detail::AsyncIteratorBox<T>* box_;
};

template <class T>
struct AsyncMethodBuilder<AsyncEnumerable<T>> {
  using type = AsyncIteratorMethodBuilder<T>;
};

}  // namespace async

#if defined(__cpp_impl_coroutine)
#include <coroutine>
#include <source_location>

namespace async {
namespace detail {

// The box of a native iterator coroutine: holds the frame's handle.
template <class T>
class AsyncIteratorCoroutineBox final : public AsyncIteratorBox<T> {
 public:
  void SetHandle(std::coroutine_handle<> h) noexcept { handle_ = h; }
  void NoteSuspension(std::source_location where) noexcept {
    where_.store(where, std::memory_order_relaxed);
    AsyncBoxTarget::NoteSuspension(nullptr);
  }
  AwaitSite SuspendedAt() const noexcept override {
    std::source_location where = where_.load(std::memory_order_relaxed);
    return AwaitSite{where.function_name(), where.file_name(), static_cast<int>(where.line())};
  }
  const char* MachineName() const noexcept override { return "<iterator coroutine>"; }

 protected:
  void ResumeMachine() override { handle_.resume(); }
  void DestroyMachine() noexcept override { handle_.destroy(); }

 private:
  std::coroutine_handle<> handle_;
  std::atomic<std::source_location> where_{};
};

template <class T>
class AsyncIteratorPromise {
 public:
  AsyncIteratorPromise() : box_(new AsyncIteratorCoroutineBox<T>()) {}
  AsyncIteratorPromise(const AsyncIteratorPromise&) = delete;
  AsyncIteratorPromise& operator=(const AsyncIteratorPromise&) = delete;

  static void* operator new(std::size_t size) { return FramePoolAllocate(size); }
  static void operator delete(void* p, std::size_t size) noexcept { FramePoolFree(p, size); }

  AsyncEnumerable<T> get_return_object() {
    box_->SetHandle(std::coroutine_handle<AsyncIteratorPromise>::from_promise(*this));
    return AsyncEnumerable<T>(box_);
  }

  // Lazy: the body first runs in the first MoveNextAsync.
  std::suspend_always initial_suspend() noexcept { return {}; }

  struct FinalAwaiter {
    bool await_ready() noexcept { return false; }
    void await_suspend(std::coroutine_handle<AsyncIteratorPromise> h) noexcept {
      AsyncIteratorPromise& promise = h.promise();
      AsyncIteratorCoroutineBox<T>* box = promise.box_;
      std::exception_ptr e = std::move(promise.exception_);
      box->Finish(std::move(e));  // destroys the frame first, then completes
    }
    void await_resume() noexcept {}
  };
  FinalAwaiter final_suspend() noexcept { return {}; }

  void unhandled_exception() noexcept { exception_ = std::current_exception(); }
  void return_void() noexcept {}

  struct YieldAwaiter {
    AsyncIteratorCoroutineBox<T>* box;
    bool await_ready() noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) {
      AsyncIteratorCoroutineBox<T>* b = box;
      b->OnYield();  // the frame may be gone (or running elsewhere) after this
    }
    void await_resume() noexcept {}
  };
  // co_yield v: the element is copied or moved into the iterator, as the
  // lowered build's YieldValue does.
  template <class U = T>
  YieldAwaiter yield_value(U&& value) {
    box_->StoreCurrent(std::forward<U>(value));
    return YieldAwaiter{box_};
  }

  // `where` records the co_await's location for DumpPendingTasks.
  template <class E>
  auto await_transform(E&& e, std::source_location where = std::source_location::current()) {
    return NativeAwaitAdapter<AwaiterOf<E>, AsyncIteratorCoroutineBox<T>>(
        async::GetAwaiter(std::forward<E>(e)), box_, where);
  }
  // co_await CurrentEnumeratorCancellation(): the enumerator's token, at once.
  struct EnumeratorTokenAwaiter {
    CancellationToken token;
    bool await_ready() noexcept { return true; }
    void await_suspend(std::coroutine_handle<>) noexcept {}
    CancellationToken await_resume() noexcept { return std::move(token); }
  };
  EnumeratorTokenAwaiter await_transform(CurrentEnumeratorCancellationAwaitable) {
    return EnumeratorTokenAwaiter{box_->EnumeratorToken()};
  }

 private:
  AsyncIteratorCoroutineBox<T>* box_;
  std::exception_ptr exception_;
};

}  // namespace detail
}  // namespace async
#endif  // __cpp_impl_coroutine
