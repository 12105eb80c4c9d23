// async/native_coroutine.h: promise types so that an ASYNC function returning
// Task<T> / Task<> also compiles as a native C++20 coroutine. Only active when
// the compiler implements coroutines; the C++17 build never sees <coroutine>.
//
// Same ownership rules as the generated state machines: the task state, the
// ContinuationTarget and a handle to the frame share one box; the frame is
// destroyed (params and locals first) before the task completes; a
// continuation released uninvoked destroys the frame and abandons the task.
#pragma once

#if defined(__cpp_impl_coroutine)

#include <coroutine>
#include <exception>
#include <type_traits>
#include <utility>

#include <async/awaiters.h>
#include <async/continuation.h>
#include <async/detail/async_box.h>
#include <async/task.h>

namespace async {
namespace detail {

template <class T>
class CoroutineBox final : public AsyncBox<T> {
 public:
  void Resume() override { handle_.resume(); }
  void DestroyMachine() noexcept override { handle_.destroy(); }
  void SetHandle(std::coroutine_handle<> h) noexcept { handle_ = h; }

 private:
  std::coroutine_handle<> handle_;
};

// co_await e inside a native Task coroutine: any GetAwaiter-awaitable.
template <class Awaiter, class T>
class NativeAwaitAdapter {
 public:
  template <class A>
  NativeAwaitAdapter(A&& awaiter, AsyncBox<T>* box)
      : awaiter_(std::forward<A>(awaiter)), box_(box) {}
  bool await_ready() { return awaiter_.IsCompleted(); }
  // The coroutine may be resumed (or destroyed) before this returns: nothing
  // of the frame is touched after the awaiter call.
  void await_suspend(std::coroutine_handle<>) {
    CallUnsafeOnCompleted(awaiter_, Continuation::ForAwait(box_));
  }
  decltype(auto) await_resume() { return awaiter_.GetResult(); }

 private:
  Awaiter awaiter_;
  AsyncBox<T>* box_;
};

template <class T>
class TaskPromiseBase {
 public:
  TaskPromiseBase() : box_(new CoroutineBox<T>()) {}
  TaskPromiseBase(const TaskPromiseBase&) = delete;
  TaskPromiseBase& operator=(const TaskPromiseBase&) = delete;

  std::suspend_never initial_suspend() noexcept { return {}; }

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

  template <class E>
  auto await_transform(E&& e) {
    return NativeAwaitAdapter<AwaiterOf<E>, T>(async::GetAwaiter(std::forward<E>(e)), box_);
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

template <class T>
class TaskPromise final : public TaskPromiseBase<T> {
 public:
  async::Task<T> get_return_object() { return this->MakeTask(*this); }
  template <class U = T>
  void return_value(U&& value) {
    this->box_->StoreResult(std::forward<U>(value));
  }
};

template <>
class TaskPromise<void> final : public TaskPromiseBase<void> {
 public:
  async::Task<void> get_return_object() { return this->MakeTask(*this); }
  void return_void() noexcept {}
};

}  // namespace detail
}  // namespace async

#endif  // __cpp_impl_coroutine
