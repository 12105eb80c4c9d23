// async/execution_context.h: System.Threading.ExecutionContext and
// AsyncLocal<T>.
//
// The calling thread's execution context is an immutable, reference-counted
// map from AsyncLocal keys to values (copy-on-write: AsyncLocal::SetValue
// builds a new map). No AsyncLocal ever set on a flow means a null pointer:
// capturing, flowing and restoring it costs a thread-local load and a
// compare. What flows the context (as .NET does):
//   - every await of an async method (generated machine or native
//     coroutine): the continuation runs under the context captured at the
//     await, and the thread's previous context is restored afterwards;
//   - AsyncTaskMethodBuilder::Start (and the native promise's first run):
//     changes the body makes before its first suspension do not leak to the
//     caller (AsyncMethodBuilderCore.Start);
//   - async::Run / TaskFactory::StartNew: f runs under the caller's context;
//   - thread-pool workers reset the context after each work item.
// ExecutionContext::SuppressFlow stops capture (Capture() returns a null
// context; awaits and Run then run under whatever the running thread has).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

#include <async/exceptions.h>

namespace async {

class SynchronizationContext;

namespace detail {

// The immutable map behind an ExecutionContext.
class EcData {
 public:
  struct Entry {
    std::uint64_t key;
    std::shared_ptr<const void> value;
  };
  std::vector<Entry> entries;
  bool flow_suppressed = false;

  const Entry* Find(std::uint64_t key) const noexcept {
    for (const Entry& e : entries)
      if (e.key == key) return &e;
    return nullptr;
  }
  void AddRef() noexcept { refs_.fetch_add(1, std::memory_order_relaxed); }
  void Release() noexcept {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }

 private:
  std::atomic<int> refs_{1};
};

// The calling thread's current context (one reference owned by the thread),
// null when no AsyncLocal was set on this flow.
inline thread_local EcData* t_current_ec = nullptr;

// Replaces the thread's context, adopting one reference of `ec`, releasing
// the previous one.
void SetCurrentEcAdopt(EcData* ec) noexcept;

// What an await / Run captures: `ec` (a new reference, null for the default
// context) and whether anything was captured (false when flow is suppressed:
// the work then runs under the running thread's context, untouched).
struct CapturedEc {
  EcData* ec = nullptr;
  bool flows = true;
};
inline CapturedEc CaptureEcForFlow() noexcept {
  EcData* cur = t_current_ec;
  if (cur == nullptr) return {};
  if (cur->flow_suppressed) return {nullptr, false};
  cur->AddRef();
  return {cur, true};
}

// Runs under a captured context for its scope, then restores the thread's
// previous context (ExecutionContext.RunInternal). `ec` is borrowed.
class EcScope {
 public:
  EcScope(EcData* ec, bool flows) noexcept : active_(flows && ec != t_current_ec) {
    if (!active_) {
      saved_ = t_current_ec;  // still restore changes made inside
      if (saved_ != nullptr) saved_->AddRef();
      return;
    }
    saved_ = t_current_ec;  // the thread's reference moves to us
    if (ec != nullptr) ec->AddRef();
    t_current_ec = nullptr;
    SetCurrentEcAdopt(ec);
  }
  EcScope(const EcScope&) = delete;
  EcScope& operator=(const EcScope&) = delete;
  ~EcScope() {
    if (!active_) {
      if (t_current_ec != saved_) {
        SetCurrentEcAdopt(saved_);
      } else if (saved_ != nullptr) {
        saved_->Release();
      }
      return;
    }
    SetCurrentEcAdopt(saved_);
  }

 private:
  bool active_;
  EcData* saved_;
};

// AsyncMethodBuilderCore.Start: saves the thread's ExecutionContext and
// SynchronizationContext and restores both when the first MoveNext returns.
// With no context ever set this is two thread-local loads.
class StartScope {
 public:
  StartScope() noexcept;
  StartScope(const StartScope&) = delete;
  StartScope& operator=(const StartScope&) = delete;
  ~StartScope();

 private:
  EcData* saved_ec_;
  SynchronizationContext* saved_sync_;
};

// Thread-pool workers: drops whatever context a work item left behind.
inline void ResetCurrentEc() noexcept {
  if (t_current_ec != nullptr) SetCurrentEcAdopt(nullptr);
}

std::uint64_t NewAsyncLocalKey() noexcept;
void SetAsyncLocal(std::uint64_t key, std::shared_ptr<const void> value);

}  // namespace detail

class AsyncFlowControl;

// System.Threading.ExecutionContext: a captured, immutable snapshot of the
// AsyncLocal values of a flow. A null context (`!ec`) is what Capture()
// returns while flow is suppressed (.NET returns null).
class ExecutionContext {
 public:
  ExecutionContext() noexcept = default;  // null
  ExecutionContext(const ExecutionContext& o) noexcept : data_(o.data_), valid_(o.valid_) {
    if (data_ != nullptr) data_->AddRef();
  }
  ExecutionContext(ExecutionContext&& o) noexcept
      : data_(std::exchange(o.data_, nullptr)), valid_(std::exchange(o.valid_, false)) {}
  ExecutionContext& operator=(ExecutionContext o) noexcept {
    std::swap(data_, o.data_);
    std::swap(valid_, o.valid_);
    return *this;
  }
  ~ExecutionContext() {
    if (data_ != nullptr) data_->Release();
  }

  // False for a null context.
  explicit operator bool() const noexcept { return valid_; }

  // The calling thread's context, or a null one when flow is suppressed.
  static ExecutionContext Capture();
  // The context with no AsyncLocal values.
  static ExecutionContext Default() noexcept {
    ExecutionContext ec;
    ec.valid_ = true;
    return ec;
  }
  // Runs f() under `context` on the calling thread, then restores the
  // thread's previous context (also when f throws). Throws
  // InvalidOperationException for a null context.
  template <class F>
  static void Run(const ExecutionContext& context, F&& f) {
    if (!context) throw InvalidOperationException("ExecutionContext::Run: the context is null.");
    detail::EcScope scope(context.data_, true);
    std::forward<F>(f)();
  }

  // Stops the flow of the current context into awaits and Run until
  // RestoreFlow() (or the returned AsyncFlowControl's Undo/destructor).
  // Throws InvalidOperationException if flow is already suppressed.
  static AsyncFlowControl SuppressFlow();
  // Throws InvalidOperationException if flow is not suppressed.
  static void RestoreFlow();
  static bool IsFlowSuppressed() noexcept {
    return detail::t_current_ec != nullptr && detail::t_current_ec->flow_suppressed;
  }

 private:
  detail::EcData* data_ = nullptr;  // null: Default (when valid_)
  bool valid_ = false;
};

// The token SuppressFlow returns; Undo() (or its destructor) restores flow.
class AsyncFlowControl {
 public:
  AsyncFlowControl() noexcept = default;
  AsyncFlowControl(AsyncFlowControl&& o) noexcept : active_(std::exchange(o.active_, false)) {}
  AsyncFlowControl& operator=(AsyncFlowControl&& o) noexcept {
    if (this != &o) {
      UndoIfSuppressed();
      active_ = std::exchange(o.active_, false);
    }
    return *this;
  }
  // Restores flow if this token has not been undone and flow is still
  // suppressed (RestoreFlow() may have been called directly).
  ~AsyncFlowControl() { UndoIfSuppressed(); }
  void Undo() {
    if (!active_) throw InvalidOperationException("AsyncFlowControl::Undo: already undone.");
    active_ = false;
    ExecutionContext::RestoreFlow();
  }

 private:
  friend class ExecutionContext;
  explicit AsyncFlowControl(bool active) noexcept : active_(active) {}
  void UndoIfSuppressed() noexcept;
  bool active_ = false;
};

// System.Threading.AsyncLocal<T>: a value local to the async flow. Value()
// reads the current context (T{} when unset); SetValue(v) installs a new
// context with v (copy-on-write), visible to this flow and to work started
// from it afterwards, never to the caller of the async method that set it.
// T must be copy-constructible and default-constructible. (.NET's
// value-changed notifications are not provided.)
template <class T>
class AsyncLocal {
 public:
  AsyncLocal() noexcept : key_(detail::NewAsyncLocalKey()) {}
  AsyncLocal(const AsyncLocal&) = delete;
  AsyncLocal& operator=(const AsyncLocal&) = delete;

  T Value() const {
    const detail::EcData* ec = detail::t_current_ec;
    if (ec == nullptr) return T{};
    const detail::EcData::Entry* e = ec->Find(key_);
    if (e == nullptr || !e->value) return T{};
    return *static_cast<const T*>(e->value.get());
  }
  void SetValue(T value) {
    detail::SetAsyncLocal(key_, std::make_shared<const T>(std::move(value)));
  }

 private:
  std::uint64_t key_;
};

inline void AsyncFlowControl::UndoIfSuppressed() noexcept {
  if (std::exchange(active_, false) && ExecutionContext::IsFlowSuppressed()) {
    try {
      ExecutionContext::RestoreFlow();
    } catch (...) {  // allocation failure: flow stays suppressed
    }
  }
}

}  // namespace async
