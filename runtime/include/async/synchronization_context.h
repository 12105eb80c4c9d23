// async/synchronization_context.h: System.Threading.SynchronizationContext.
#pragma once

#include <functional>
#include <utility>

namespace async {

class SynchronizationContext;

namespace detail {
class SyncContextRef;
// The calling thread's current context (SynchronizationContext::Current()).
inline thread_local SynchronizationContext* t_current_sync_context = nullptr;
}  // namespace detail

class SynchronizationContext {
 public:
  SynchronizationContext() = default;
  SynchronizationContext(const SynchronizationContext&) = delete;
  SynchronizationContext& operator=(const SynchronizationContext&) = delete;
  virtual ~SynchronizationContext() = default;

  // Queues f; the base class queues it to the thread pool (as .NET's does).
  virtual void Post(std::function<void()> f);
  // Runs f synchronously; the base class runs it on the calling thread.
  virtual void Send(std::function<void()> f);
  // An asynchronous operation that the context should wait for (an
  // AsyncVoid function) started / finished; called in pairs, the second
  // possibly from another thread. The base class does nothing (as .NET's);
  // AsyncContext counts them and keeps running until none is outstanding.
  virtual void OperationStarted() {}
  virtual void OperationCompleted() {}

  // The calling thread's current context (thread-local), or nullptr.
  static SynchronizationContext* Current() noexcept { return detail::t_current_sync_context; }
  static void SetSynchronizationContext(SynchronizationContext* context) noexcept {
    detail::t_current_sync_context = context;
  }

 protected:
  // Captured contexts are held through these while a continuation refers to
  // them. The base class does nothing (the owner keeps the context alive);
  // runtime contexts that may end before their captured continuations do
  // (AsyncContext) count references.
  virtual void AddRef() noexcept {}
  virtual void Release() noexcept {}

 private:
  friend class detail::SyncContextRef;
};

namespace detail {

// Owning pointer to a captured SynchronizationContext.
class SyncContextRef {
 public:
  SyncContextRef() noexcept = default;
  explicit SyncContextRef(SynchronizationContext* c) noexcept : ctx_(c) {
    if (ctx_ != nullptr) ctx_->AddRef();
  }
  SyncContextRef(const SyncContextRef& o) noexcept : SyncContextRef(o.ctx_) {}
  SyncContextRef(SyncContextRef&& o) noexcept : ctx_(std::exchange(o.ctx_, nullptr)) {}
  SyncContextRef& operator=(SyncContextRef o) noexcept {
    std::swap(ctx_, o.ctx_);
    return *this;
  }
  ~SyncContextRef() {
    if (ctx_ != nullptr) ctx_->Release();
  }
  SynchronizationContext* get() const noexcept { return ctx_; }
  SynchronizationContext* operator->() const noexcept { return ctx_; }
  explicit operator bool() const noexcept { return ctx_ != nullptr; }

 private:
  SynchronizationContext* ctx_ = nullptr;
};

}  // namespace detail
}  // namespace async
