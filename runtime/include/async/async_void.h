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

#include <cstdio>
#include <exception>
#include <utility>

#include <async/builder.h>
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

// When the AsyncVoid function's task faults: its exception is posted to the
// SynchronizationContext that was current when the function started (so
// AsyncContext::Run throws it), or, with none, the process ends with a
// message (.NET crashes it from the thread pool).
inline void WatchAsyncVoid(Task<void> task) {
  SyncContextRef context(SynchronizationContext::Current());
  auto awaiter = task.GetAwaiter();
  awaiter.UnsafeOnCompleted(Continuation([task, context]() {
    std::exception_ptr fault;
    try {
      task.GetAwaiter().GetResult();
    } catch (...) {
      fault = std::current_exception();
    }
    if (fault && context) {
      context->Post([fault] { std::rethrow_exception(fault); });
    } else if (fault) {
      std::fputs("async: an exception escaped an AsyncVoid function with no "
                 "SynchronizationContext to rethrow it on\n",
                 stderr);
      std::terminate();
    }
  }));
}

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
#include <async/native_coroutine.h>

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
