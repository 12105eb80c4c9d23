// async/detail/async_box.h: the single heap block behind an async function:
// its task state, the ContinuationTarget its awaits resume, and the machine
// (a generated state machine, or a native coroutine frame handle).
#pragma once

#include <atomic>
#include <cstddef>
#include <new>
#include <type_traits>
#include <typeinfo>
#include <utility>

#include <async/continuation.h>
#include <async/detail/frame_pool.h>
#include <async/detail/task_state.h>
#include <async/diagnostics.h>
#include <async/execution_context.h>

namespace async {
namespace detail {

class AsyncBoxTarget;
// Pending-task registry (pending_tasks.cpp). A box is registered at its first
// suspension (so a synchronously completing call never touches it) and
// unregistered when its machine finishes or is destroyed.
void RegisterPendingBox(AsyncBoxTarget* box) noexcept;
void UnregisterPendingBox(AsyncBoxTarget* box) noexcept;

// The non-template part of an async method's box: the continuation target,
// the execution context captured at the current await, what the machine is
// awaiting (for the stack dump and deadlock detection), and the registry
// links.
class AsyncBoxTarget : public ContinuationTarget {
 public:
  AsyncBoxTarget* AsAsyncBox() noexcept override { return this; }

  TaskStateBase* TaskStatePtr() const noexcept { return task_; }

  // Called by the builder / native promise right before it hands its
  // continuation to an awaiter (machine thread, machine not awaiting yet):
  // registers the box as pending (first time), records the await site (may
  // be null) and captures the ExecutionContext the continuation will run in.
  void NoteSuspension(const AwaitSite* site) noexcept {
    if (!registered_) RegisterPendingBox(this);
    site_.store(site, std::memory_order_relaxed);
    awaited_.store(nullptr, std::memory_order_relaxed);
    awaited_context_.store(nullptr, std::memory_order_relaxed);
    if (ec_ != nullptr) ec_->Release();
    CapturedEc c = CaptureEcForFlow();
    ec_ = c.ec;
    ec_flows_ = c.flows;
  }
  // Called by an awaiter right before it registers this box's continuation:
  // the task it waits for (may be null) and the SynchronizationContext or
  // TaskScheduler the continuation was captured with (null: none).
  void NoteAwaiting(const TaskStateBase* awaited, const void* context) noexcept {
    awaited_.store(awaited, std::memory_order_relaxed);
    awaited_context_.store(context, std::memory_order_relaxed);
  }
  const TaskStateBase* Awaited() const noexcept { return awaited_.load(std::memory_order_relaxed); }
  const void* AwaitedContext() const noexcept {
    return awaited_context_.load(std::memory_order_relaxed);
  }
  // Where the machine is suspended (function, file, line; nulls if unknown).
  virtual AwaitSite SuspendedAt() const noexcept {
    const AwaitSite* s = site_.load(std::memory_order_relaxed);
    return s != nullptr ? *s : AwaitSite{nullptr, nullptr, 0};
  }
  // A name for the machine when no await site is known.
  virtual const char* MachineName() const noexcept = 0;

 protected:
  explicit AsyncBoxTarget(TaskStateBase* task) noexcept : task_(task) {}
  ~AsyncBoxTarget() {
    if (ec_ != nullptr) ec_->Release();
  }
  // Resumes the machine under the context captured at the await.
  template <class F>
  void ResumeUnderContext(F&& move_next) {
    EcScope scope(ec_, ec_flows_);
    move_next();
  }
  void Unregister() noexcept {
    if (registered_) UnregisterPendingBox(this);
  }

 private:
  friend void RegisterPendingBox(AsyncBoxTarget*) noexcept;
  friend void UnregisterPendingBox(AsyncBoxTarget*) noexcept;
  friend struct PendingRegistryAccess;

  TaskStateBase* task_;
  EcData* ec_ = nullptr;
  bool ec_flows_ = true;
  bool registered_ = false;  // machine-owned; links under the registry lock
  AsyncBoxTarget* reg_prev_ = nullptr;
  AsyncBoxTarget* reg_next_ = nullptr;
  std::atomic<const TaskStateBase*> awaited_{nullptr};
  std::atomic<const void*> awaited_context_{nullptr};
  std::atomic<const AwaitSite*> site_{nullptr};
};

// Memory: one state reference is held by the live machine (released after
// the machine is destroyed and the task completed or abandoned); the others
// by Task handles and Continuations. Boxes come from the frame pool.
template <class T>
class AsyncBox : public TaskState<T>, public AsyncBoxTarget {
 public:
  AsyncBox() noexcept : AsyncBoxTarget(this) {}

  void AddRef() noexcept override { this->AddStateRef(); }
  void Release() noexcept override { this->ReleaseStateRef(); }
  AsyncBoxTarget* AsBoxTarget() noexcept override { return this; }

  // Nothing can resume the machine any more: destroy it (its live locals'
  // destructors run), abandon the task, drop the machine's reference.
  void OnReleasedUninvoked() override {
    this->Unregister();
    DestroyMachine();
    this->Abandon();
    this->ReleaseStateRef();
  }

  // The machine finished: destroy it first (SPEC §4), then complete the task
  // (e null: RanToCompletion with the stored result), then drop the
  // machine's reference. Nothing of the machine may be touched afterwards.
  void FinishMachine(std::exception_ptr e) {
    this->Unregister();
    DestroyMachine();
    this->CompleteFromMachine(std::move(e));
    this->ReleaseStateRef();
  }

  // Destroys the machine object; its memory reference stays held.
  virtual void DestroyMachine() noexcept = 0;

  static void* operator new(std::size_t size) { return FramePoolAllocate(size); }
  static void operator delete(void* p, std::size_t size) noexcept { FramePoolFree(p, size); }
  // Over-aligned boxes bypass the pool.
  static void* operator new(std::size_t size, std::align_val_t al) {
    return ::operator new(size, al);
  }
  static void operator delete(void* p, std::size_t size, std::align_val_t al) noexcept {
    ::operator delete(p, size, al);
  }
};

// The await-site table of a generated machine (see <async/diagnostics.h>):
// a static data member array (machines at namespace scope), or a static
// member function returning the array (machines that are local classes,
// which cannot have static data members).
template <class SM, class = void>
struct HasAwaitSiteArray : std::false_type {};
template <class SM>
struct HasAwaitSiteArray<SM, std::void_t<decltype(SM::sm_await_sites[0].line)>> : std::true_type {};
template <class SM, class = void>
struct HasAwaitSiteFunction : std::false_type {};
template <class SM>
struct HasAwaitSiteFunction<SM, std::void_t<decltype(SM::sm_await_sites()[0].line)>> : std::true_type {};

// The site of await number sm.sm_state, or null when SM has no table (or,
// for the array form, the state is out of its range).
template <class SM>
const AwaitSite* AwaitSiteOf(const SM& sm) noexcept {
  if constexpr (HasAwaitSiteArray<SM>::value) {
    constexpr std::size_t n = sizeof(SM::sm_await_sites) / sizeof(SM::sm_await_sites[0]);
    const int state = sm.sm_state;
    return state >= 0 && static_cast<std::size_t>(state) < n ? &SM::sm_await_sites[state] : nullptr;
  } else if constexpr (HasAwaitSiteFunction<SM>::value) {
    const int state = sm.sm_state;
    return state >= 0 ? &SM::sm_await_sites()[state] : nullptr;
  } else {
    (void)sm;
    return nullptr;
  }
}

// Ends a generated machine's life in its box. A machine that cannot have a
// destructor of its own (an ASYNC lambda's in a template: Clang 15 to 19
// leave a user-provided destructor of a local class in a generic lambda in
// a template undefined) has sm_destroy(), which destroys what it holds; its
// storage is then released without ~SM (which is deleted: its frame slots
// are anonymous unions).
template <class SM, class = void>
struct DestroysItself : std::false_type {};
template <class SM>
struct DestroysItself<SM, std::void_t<decltype(std::declval<SM&>().sm_destroy())>>
    : std::true_type {};
template <class SM>
void DestroyGeneratedMachine(SM& sm) noexcept {
  if constexpr (DestroysItself<SM>::value) {
    sm.sm_destroy();
  } else {
    sm.~SM();
  }
}

// A box holding a generated state machine SM in place (it never moves).
template <class T, class SM>
class StateMachineBox final : public AsyncBox<T> {
 public:
  void* Storage() noexcept { return storage_; }
  SM* Machine() noexcept { return std::launder(reinterpret_cast<SM*>(storage_)); }
  void Resume() override {
    this->ResumeUnderContext([this] { Machine()->MoveNext(); });
  }
  void DestroyMachine() noexcept override { DestroyGeneratedMachine(*Machine()); }

  const char* MachineName() const noexcept override { return typeid(SM).name(); }

 private:
  alignas(SM) unsigned char storage_[sizeof(SM)];
};

}  // namespace detail
}  // namespace async
