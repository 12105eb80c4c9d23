// async/native_coroutine.h: promise types so that an ASYNC function returning
// Task<T> / Task<> also compiles as a native C++20 coroutine. Only active when
// the compiler implements coroutines; the C++17 build never sees <coroutine>.
// The one header of the C++20 machinery (the coroutine box, the await
// adapter, the promise base): <async/task.h> includes it for Task's promise;
// ValueTask, AsyncVoid and AsyncEnumerable add their promises, built on
// TaskPromiseBase, in their own headers. It includes no task header.
//
// Same ownership rules as the generated state machines: the task state, the
// ContinuationTarget and a handle to the frame share one box; the frame is
// destroyed (params and locals first) before the task completes; a
// continuation released uninvoked destroys the frame and abandons the task.
#pragma once

#if defined(__cpp_impl_coroutine)

#include <atomic>
#include <coroutine>
#include <cstddef>
#include <exception>
#include <source_location>
#include <type_traits>
#include <utility>

#include <async/awaiters.h>
#include <async/continuation.h>
#include <async/detail/async_box.h>
#include <async/detail/frame_pool.h>
#include <async/diagnostics.h>
#include <async/execution_context.h>

namespace async {

// Defined in <async/task.h>, which includes this header before it: the
// promises name the task type only in members instantiated on use, so this
// header needs no task header and none of them forms an include cycle.
template <class T>
class Task;

namespace detail {

template <class T>
class CoroutineBox final : public AsyncBox<T> {
 public:
  void Resume() override {
    this->ResumeUnderContext([this] { handle_.resume(); });
  }
  void DestroyMachine() noexcept override { handle_.destroy(); }
  void SetHandle(std::coroutine_handle<> h) noexcept { handle_ = h; }

  // Before each suspension (the coroutine's thread): the co_await's source
  // location (one pointer: its data is static), then the common part.
  void NoteSuspension(std::source_location where) noexcept {
    where_.store(where, std::memory_order_relaxed);
    AsyncBoxTarget::NoteSuspension(nullptr);
  }
  AwaitSite SuspendedAt() const noexcept override {
    std::source_location where = where_.load(std::memory_order_relaxed);
    return AwaitSite{where.function_name(), where.file_name(), static_cast<int>(where.line())};
  }
  const char* MachineName() const noexcept override { return "<coroutine>"; }

 private:
  std::coroutine_handle<> handle_;
  std::atomic<std::source_location> where_{};
};

// co_await e inside a native coroutine (Task, ValueTask, AsyncEnumerable):
// any GetAwaiter-awaitable. Box is the coroutine's box: it records the await
// site and is what the continuation resumes.
template <class Awaiter, class Box>
class NativeAwaitAdapter {
 public:
  template <class A>
  NativeAwaitAdapter(A&& awaiter, Box* box, std::source_location where)
      : awaiter_(std::forward<A>(awaiter)), box_(box), where_(where) {}
  bool await_ready() { return awaiter_.IsCompleted(); }
  // The coroutine may be resumed (or destroyed) before this returns: nothing
  // of the frame is touched after the awaiter call.
  void await_suspend(std::coroutine_handle<>) {
    box_->NoteSuspension(where_);
    CallUnsafeOnCompleted(awaiter_, Continuation::ForAwait(box_));
  }
  decltype(auto) await_resume() { return awaiter_.GetResult(); }

 private:
  Awaiter awaiter_;
  Box* box_;
  std::source_location where_;
};

template <class T>
class TaskPromiseBase {
 public:
  TaskPromiseBase() : box_(new CoroutineBox<T>()) {}
  TaskPromiseBase(const TaskPromiseBase&) = delete;
  TaskPromiseBase& operator=(const TaskPromiseBase&) = delete;

  // Frames come from the same pool as the boxes.
  static void* operator new(std::size_t size) { return FramePoolAllocate(size); }
  static void operator delete(void* p, std::size_t size) noexcept { FramePoolFree(p, size); }

  // Runs the body synchronously to its first suspension, like the builder's
  // Start: ExecutionContext and SynchronizationContext changes made before
  // it do not leak to the caller. (Resuming inside await_suspend: the call
  // returns to the caller once the body suspends or finishes.)
  struct InitialAwaiter {
    bool await_ready() noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) noexcept {
      StartScope scope;
      h.resume();
    }
    void await_resume() noexcept {}
  };
  InitialAwaiter initial_suspend() noexcept { return {}; }

  struct FinalAwaiter {
    bool await_ready() noexcept { return false; }
    template <class P>
    void await_suspend(std::coroutine_handle<P> h) noexcept {
      TaskPromiseBase& promise = h.promise();
      CoroutineBox<T>* box = promise.box_;
      std::exception_ptr e = std::move(promise.exception_);
      // Destroys the frame (params, promise) first, then completes.
      box->FinishMachine(std::move(e));
    }
    void await_resume() noexcept {}
  };
  FinalAwaiter final_suspend() noexcept { return {}; }

  void unhandled_exception() noexcept { exception_ = std::current_exception(); }

  // `where` records the co_await's location for DumpPendingTasks.
  template <class E>
  auto await_transform(E&& e, std::source_location where = std::source_location::current()) {
    return NativeAwaitAdapter<AwaiterOf<E>, CoroutineBox<T>>(async::GetAwaiter(std::forward<E>(e)),
                                                             box_, where);
  }

 protected:
  template <class P>
  async::Task<T> MakeTask(P& self) {
    box_->SetHandle(std::coroutine_handle<P>::from_promise(self));
    return async::Task<T>(TaskStateRef<T>::Share(box_));
  }
  CoroutineBox<T>* box_;
  std::exception_ptr exception_;
};

// co_return's half of Task<T>'s promise: return_value, or return_void for
// Task<>.
template <class T>
class TaskPromiseReturn : public TaskPromiseBase<T> {
 public:
  template <class U = T>
  void return_value(U&& value) {
    this->box_->StoreResult(std::forward<U>(value));
  }
};

template <>
class TaskPromiseReturn<void> : public TaskPromiseBase<void> {
 public:
  void return_void() noexcept {}
};

// Task<T>::promise_type.
template <class T>
class TaskPromise final : public TaskPromiseReturn<T> {
 public:
  async::Task<T> get_return_object() { return this->MakeTask(*this); }
};

}  // namespace detail
}  // namespace async

#endif  // __cpp_impl_coroutine
