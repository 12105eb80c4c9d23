// async/using.h: C#'s `await using` (IAsyncDisposable).
//
//   std::string text = co_await async::Using(co_await OpenAsync(path),
//       [&](async::io::FileStream& f) -> async::Task<std::string> { ... });
//
// Using(resource, body) calls body(resource) and, once the task it returns
// has completed in any way (a result, an exception, cancellation, or an
// exception thrown by the call itself), awaits resource.DisposeAsync(); the
// returned Task<R> then completes as body's task did. As with a C# finally,
// an exception from DisposeAsync replaces body's outcome.
//
// `resource` is anything with DisposeAsync() returning Task<> or ValueTask<>
// (IAsyncDisposable), or a pointer / smart pointer to one (null: nothing is
// disposed, as `await using` skips a null). An lvalue is referenced (it
// must outlive the returned task); an rvalue is moved into the operation
// and lives until it has been disposed. C++ has no `await using`
// declaration: the body is a lambda.
#pragma once

#include <functional>
#include <memory>
#include <type_traits>
#include <utility>

#include <async/detail/task_callbacks.h>
#include <async/task.h>

namespace async {
namespace detail {

template <class R, class = void>
struct HasDisposeAsync : std::false_type {};
template <class R>
struct HasDisposeAsync<R, std::void_t<decltype(std::declval<R&>().DisposeAsync())>> : std::true_type {};

// resource.DisposeAsync(), or (*resource).DisposeAsync() for a pointer-like
// resource; a null one is not disposed.
template <class R>
Task<> DisposeAsyncOf(R& resource) {
  if constexpr (HasDisposeAsync<R>::value) {
    return InvokeAsTask([&resource] { return resource.DisposeAsync(); });
  } else {
    static_assert(HasDisposeAsync<std::remove_reference_t<decltype(*resource)>>::value,
                  "Using: the resource needs DisposeAsync() (or must point to something that has it)");
    if (!static_cast<bool>(resource)) return CompletedTask();
    return InvokeAsTask([&resource] { return (*resource).DisposeAsync(); });
  }
}

template <class T>
struct IsReferenceWrapper : std::false_type {};
template <class T>
struct IsReferenceWrapper<std::reference_wrapper<T>> : std::true_type {};

template <class Held, class Body, class R>
class UsingOperation : public std::enable_shared_from_this<UsingOperation<Held, Body, R>> {
 public:
  template <class Res, class B>
  UsingOperation(Res&& resource, B&& body)
      : held_(std::forward<Res>(resource)), body_(std::forward<B>(body)), task_(NewPendingTask(state_)) {}

  Task<R> Start() {
    body_task_ = InvokeAsTask(body_, Resource());
    auto self = this->shared_from_this();
    // Like the code after an await: under the caller's context.
    WhenCompleted(body_task_, [self] { self->Dispose(); }, /*captureContext=*/true);
    return task_;
  }

 private:
  auto& Resource() {
    if constexpr (IsReferenceWrapper<Held>::value) {
      return held_.get();
    } else {
      return held_;
    }
  }
  void Dispose() {
    dispose_task_ = DisposeAsyncOf(Resource());
    auto self = this->shared_from_this();
    WhenCompleted(dispose_task_, [self] { self->Complete(); }, /*captureContext=*/true);
  }
  void Complete() {
    TaskState<void>& d = *dispose_task_.StatePtr();
    if (d.IsCompleted() && d.Status() == TaskStatus::Canceled) {
      state_->TryCompleteCanceled(d.FirstException());
    } else if (!dispose_task_.IsCompletedSuccessfully()) {
      state_->TryCompleteFaulted(ErrorsOf(dispose_task_));
    } else {
      CompleteLike(*state_, body_task_);
    }
  }

  Held held_;
  Body body_;
  TaskState<R>* state_ = nullptr;
  Task<R> task_;
  Task<R> body_task_;
  Task<> dispose_task_;
};

}  // namespace detail

// await using (var r = resource) { body }: see the top of this file.
template <class Resource, class Body>
auto Using(Resource&& resource, Body&& body) {
  using Held = std::conditional_t<std::is_lvalue_reference_v<Resource>,
                                  std::reference_wrapper<std::remove_reference_t<Resource>>,
                                  std::decay_t<Resource>>;
  using Res = std::remove_reference_t<Resource>;
  static_assert(std::is_invocable_v<std::decay_t<Body>&, Res&>, "Using: body(resource&)");
  using R = typename detail::TaskLikeResult<std::decay_t<std::invoke_result_t<std::decay_t<Body>&, Res&>>>::type;
  using Operation = detail::UsingOperation<Held, std::decay_t<Body>, R>;
  std::shared_ptr<Operation> op;
  if constexpr (std::is_lvalue_reference_v<Resource>) {
    op = std::make_shared<Operation>(std::ref(resource), std::forward<Body>(body));
  } else {
    op = std::make_shared<Operation>(std::move(resource), std::forward<Body>(body));
  }
  return op->Start();
}

}  // namespace async
