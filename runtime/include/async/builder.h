// async/builder.h: IAsyncStateMachine and AsyncTaskMethodBuilder<T>, the
// fixed ABI that asyncc's generated state machines call.
#pragma once

#include <exception>
#include <new>
#include <type_traits>
#include <utility>

#include <async/awaiters.h>
#include <async/continuation.h>
#include <async/detail/async_box.h>
#include <async/detail/generated_code.h>  // what generated machines call besides the builder
#include <async/task.h>

namespace async {

struct IAsyncStateMachine {
  virtual void MoveNext() = 0;
  virtual void SetStateMachine(IAsyncStateMachine*) {}
  virtual ~IAsyncStateMachine() = default;
};

namespace detail {

// The one allocation of a call: a box holding the task state and SM, which
// is constructed in place as SM(Builder(box), args...) and never moves. If
// SM's constructor throws, the box is freed. Shared by every builder.
template <class Builder, class T, class SM, class... Args>
SM& CreateMachine(Args&&... args) {
  auto* box = new StateMachineBox<T, SM>();
  try {
    ::new (box->Storage()) SM(Builder(box), std::forward<Args>(args)...);
  } catch (...) {
    box->ReleaseStateRef();
    throw;
  }
  return *box->Machine();
}

}  // namespace detail

template <class T = void>
class AsyncTaskMethodBuilder {
 public:
  explicit AsyncTaskMethodBuilder(detail::AsyncBox<T>* box) noexcept : box_(box) {}

  // Allocates the box (from the frame pool: no malloc in steady state) and
  // constructs SM(builder, args...) inside it. The machine never moves. If
  // SM's constructor throws, the box is freed.
  template <class SM, class... Args>
  static SM& Create(Args&&... args) {
    return detail::CreateMachine<AsyncTaskMethodBuilder, T, SM>(std::forward<Args>(args)...);
  }

  async::Task<T> Task() const { return async::Task<T>(detail::TaskStateRef<T>::Share(box_)); }

  // AsyncMethodBuilderCore.Start: runs the body to its first suspension on
  // the calling thread; ExecutionContext (AsyncLocal values) and
  // SynchronizationContext changes made by it do not leak to the caller.
  template <class SM>
  void Start(SM& sm) {
    detail::StartScope scope;
    sm.MoveNext();
  }

  // Hands the awaiter a Continuation that resumes sm (sm.MoveNext()). After
  // the awaiter call the machine may already be running on another thread,
  // or may have been destroyed (the awaiter dropped k): nothing here touches
  // `this` or `sm` afterwards.
  // Before that, the box records the await site (SM::sm_await_sites
  // [sm.sm_state] when the generated machine has the table; see
  // <async/diagnostics.h>), is registered as pending on its first
  // suspension, and captures the ExecutionContext to resume in.
  template <class Awaiter, class SM>
  void AwaitUnsafeOnCompleted(Awaiter& awaiter, SM& sm) {
    box_->NoteSuspension(detail::AwaitSiteOf(sm));
    detail::CallUnsafeOnCompleted(awaiter, Continuation::ForAwait(box_));
  }
  template <class Awaiter, class SM>
  void AwaitOnCompleted(Awaiter& awaiter, SM& sm) {
    box_->NoteSuspension(detail::AwaitSiteOf(sm));
    detail::CallOnCompleted(awaiter, Continuation::ForAwait(box_));
  }

  // co_return e: stores the result without completing the task.
  template <class U, class TT = T, class = std::enable_if_t<!std::is_void_v<TT>>>
  void SetReturnValue(U&& value) {
    box_->StoreResult(std::forward<U>(value));
  }

  // Destroys the machine (this builder is a member of it), then completes the
  // task as RanToCompletion and runs its continuations.
  void SetResult() {
    detail::AsyncBox<T>* box = box_;
    box->FinishMachine(nullptr);
  }

  // Destroys the machine, then completes the task as Faulted (Canceled for an
  // OperationCanceledException).
  void SetException(std::exception_ptr e) {
    detail::AsyncBox<T>* box = box_;
    if (e == nullptr) e = std::make_exception_ptr(InvalidOperationException("SetException(nullptr)"));
    box->FinishMachine(std::move(e));
  }

  void SetStateMachine(IAsyncStateMachine&) noexcept {}
  void SetStateMachine(IAsyncStateMachine*) noexcept {}

 private:
  detail::AsyncBox<T>* box_;
};

}  // namespace async
