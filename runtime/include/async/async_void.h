// async/async_void.h: AsyncVoid, the return type of a fire-and-forget ASYNC
// function (C#'s `async void`), its builder, and AsyncMethodBuilder<R>, the
// trait that names the builder of a task type R (C#'s [AsyncMethodBuilder]).
//
// The tool lowers an ASYNC function returning R through
// `async::AsyncMethodBuilder<R>::type` whenever R is not Task or ValueTask:
// specialize it for a task type of your own, with a builder that has the
// members generated code calls (builder.h lists them). For the native C++20
// build, R needs a promise_type as usual.
#pragma once

#include <atomic>
#include <cstdio>
#include <exception>
#include <utility>

#include <async/builder.h>
#include <async/continuation.h>
#include <async/native_coroutine.h>
#include <async/synchronization_context.h>
#include <async/task.h>
#include <async/value_task.h>

namespace async {

namespace detail {
class AsyncVoidPromise;
}  // namespace detail

// Nothing to await: the caller cannot observe completion. An exception that
// escapes the function is rethrown where .NET rethrows it (see below).
struct AsyncVoid {
  using promise_type = detail::AsyncVoidPromise;
};

template <class R>
struct AsyncMethodBuilder;  // specialize: using type = <the builder>;

template <class T>
struct AsyncMethodBuilder<Task<T>> {
  using type = AsyncTaskMethodBuilder<T>;
};

template <class T>
struct AsyncMethodBuilder<ValueTask<T>> {
  using type = AsyncValueTaskMethodBuilder<T>;
};

namespace detail {

// Watches the hidden task of one AsyncVoid call (.NET's
// AsyncVoidMethodBuilder): the SynchronizationContext current when the call
// starts is told OperationStarted() (AsyncContext::Run then waits for the
// call) and, when the call ends, OperationCompleted(). If it ended with an
// exception, the exception is first posted to that context (so
// AsyncContext::Run throws it); with no context the process ends with a
// message (.NET crashes it from the thread pool). A call that is abandoned
// (an await that can never resume) counts as ended, so Run does not wait
// forever. Runs inline on the thread that ends the call.
//
// The watcher holds the context by a plain pointer: an outstanding
// operation keeps the context alive (AsyncContext holds a reference on
// itself from OperationStarted until the end of OperationCompleted; a
// context of one's own must outlive its operations, as work posted to it),
// and OperationCompleted() is the last thing the watcher does with it.
class AsyncVoidWatcher final : public ContinuationTarget {
 public:
  AsyncVoidWatcher(Task<void> task, SynchronizationContext* context) noexcept
      : task_(std::move(task)), context_(context) {}

  static void Watch(Task<void> task) {
    SynchronizationContext* context = SynchronizationContext::Current();
    if (context != nullptr) context->OperationStarted();
    TaskState<void>* state = task.StatePtr();
    // No captured context: the watcher itself decides where the fault goes.
    state->OnCompleted(Continuation::ForAwait(new AsyncVoidWatcher(std::move(task), context)),
                       nullptr);
  }

  void Resume() override {
    std::exception_ptr fault;
    try {
      task_.GetAwaiter().GetResult();
    } catch (...) {
      fault = std::current_exception();
    }
    task_ = Task<void>();
    if (fault && context_) {
      context_->Post([fault] { std::rethrow_exception(fault); });
    } else if (fault) {
      std::fputs("async: an exception escaped an AsyncVoid function with no "
                 "SynchronizationContext to rethrow it on\n",
                 stderr);
      std::terminate();
    }
    Finish();
  }
  void OnReleasedUninvoked() override { Finish(); }
  void AddRef() noexcept override { refs_.fetch_add(1, std::memory_order_relaxed); }
  void Release() noexcept override {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }

 private:
  void Finish() {
    if (SynchronizationContext* context = std::exchange(context_, nullptr))
      context->OperationCompleted();
  }
  Task<void> task_;
  SynchronizationContext* context_;
  std::atomic<int> refs_{0};
};

inline void WatchAsyncVoid(Task<void> task) { AsyncVoidWatcher::Watch(std::move(task)); }

}  // namespace detail

// The builder of AsyncVoid functions: a Task<void> builder whose task nobody
// sees, watched for faults.
class AsyncVoidMethodBuilder {
 public:
  explicit AsyncVoidMethodBuilder(detail::AsyncBox<void>* box) noexcept : inner_(box) {}

  template <class SM, class... Args>
  static SM& Create(Args&&... args) {
    return detail::CreateMachine<AsyncVoidMethodBuilder, void, SM>(std::forward<Args>(args)...);
  }

  // Called once by the kickoff, before Start.
  AsyncVoid Task() const {
    detail::WatchAsyncVoid(inner_.Task());
    return AsyncVoid{};
  }
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
  void SetResult() { inner_.SetResult(); }
  void SetException(std::exception_ptr e) { inner_.SetException(std::move(e)); }
  void SetStateMachine(IAsyncStateMachine&) noexcept {}

 private:
  AsyncTaskMethodBuilder<void> inner_;
};

template <>
struct AsyncMethodBuilder<AsyncVoid> {
  using type = AsyncVoidMethodBuilder;
};

}  // namespace async

#if defined(__cpp_impl_coroutine)

namespace async {
namespace detail {

class AsyncVoidPromise final : public TaskPromiseBase<void> {
 public:
  AsyncVoid get_return_object() {
    WatchAsyncVoid(this->MakeTask(*this));
    return AsyncVoid{};
  }
  void return_void() noexcept {}
};

}  // namespace detail
}  // namespace async
#endif
