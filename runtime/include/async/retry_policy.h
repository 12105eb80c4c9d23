// async/retry_policy.h: retry with waits between attempts, in Polly's shape
// (the guide's "Retry and Resilience").
//
//   auto policy = async::Policy::Handle<async::http::HttpRequestException>()
//                     .Or<async::TaskCanceledException>()
//                     .WaitAndRetryAsync(3, [](int attempt) { return std::chrono::seconds(1 << attempt); });
//   std::string body = co_await policy.ExecuteAsync([&] { return client.GetStringAsync(url); });
//
// ExecuteAsync(f) calls f() (returning Task<R> or ValueTask<R>); when its
// task fails with a handled exception (an exception thrown by the call
// itself counts the same way) and fewer than `retries` retries were made,
// it waits delayFor(attempt) (attempt = 1, 2, ...) and calls f() again;
// otherwise the returned Task<R> completes as f's last task did. An
// exception of a type no Handle/Or names propagates at once. A canceled task
// of f is judged by its exception (TaskCanceledException, or the
// OperationCanceledException that canceled it), so Or<TaskCanceledException>()
// retries timeouts as Polly does. ExecuteAsync(f, ct): f(ct) (or f()), and
// when ct is canceled the wait stops and the task ends Canceled.
//
// The code after each attempt and wait runs as an await's continuation would:
// under the caller's SynchronizationContext when there is one (Polly's
// continueOnCapturedContext = true).
#pragma once

#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

#include <async/cancellation.h>
#include <async/delay.h>
#include <async/detail/task_callbacks.h>
#include <async/exceptions.h>
#include <async/task.h>

namespace async {

class AsyncRetryPolicy;

// What Policy::Handle<E>() starts: the exception types (and predicates)
// that a policy handles.
class PolicyBuilder {
 public:
  // Also handles exceptions of type E (and types derived from it).
  template <class E>
  PolicyBuilder Or() const {
    return Or<E>([](const E&) { return true; });
  }
  // Also handles exceptions of type E for which predicate(e) is true.
  template <class E, class Predicate>
  PolicyBuilder Or(Predicate predicate) const {
    PolicyBuilder b = *this;
    b.predicates_.push_back([predicate = std::move(predicate)](const std::exception_ptr& e) -> bool {
      try {
        std::rethrow_exception(e);
      } catch (const E& handled) {
        return predicate(handled);
      } catch (...) {
        return false;
      }
    });
    return b;
  }

  // Retries up to `retryCount` times, waiting delayFor(attempt) (a
  // std::chrono duration; attempt counts from 1) before each retry.
  // onRetry(exception, delay, attempt), when given, runs before each wait.
  template <class DelayFor>
  AsyncRetryPolicy WaitAndRetryAsync(int retryCount, DelayFor delayFor) const;
  template <class DelayFor, class OnRetry>
  AsyncRetryPolicy WaitAndRetryAsync(int retryCount, DelayFor delayFor, OnRetry onRetry) const;
  // Retries at once (no wait).
  AsyncRetryPolicy RetryAsync(int retryCount = 1) const;

  // Whether some Handle/Or accepts `e`.
  bool Handles(const std::exception_ptr& e) const {
    for (const auto& p : predicates_)
      if (p(e)) return true;
    return false;
  }

 private:
  std::vector<std::function<bool(const std::exception_ptr&)>> predicates_;
};

// Polly's static Policy class: the entry point.
struct Policy {
  template <class E>
  static PolicyBuilder Handle() {
    return PolicyBuilder().Or<E>();
  }
  template <class E, class Predicate>
  static PolicyBuilder Handle(Predicate predicate) {
    return PolicyBuilder().Or<E>(std::move(predicate));
  }
};

namespace detail {

template <class F, class R>
class RetryOperation : public std::enable_shared_from_this<RetryOperation<F, R>> {
 public:
  using DelayFor = std::function<std::chrono::nanoseconds(int)>;
  using OnRetry = std::function<void(std::exception_ptr, std::chrono::nanoseconds, int)>;

  RetryOperation(F f, PolicyBuilder handles, int retries, DelayFor delayFor, OnRetry onRetry,
                 CancellationToken ct)
      : f_(std::move(f)),
        handles_(std::move(handles)),
        retries_(retries),
        delay_for_(std::move(delayFor)),
        on_retry_(std::move(onRetry)),
        ct_(std::move(ct)),
        task_(NewPendingTask(state_)) {}

  Task<R> Start() {
    Attempt();
    return task_;
  }

 private:
  void Attempt() {
    if (ct_.IsCancellationRequested()) {
      state_->TryCompleteCanceled(std::make_exception_ptr(TaskCanceledException(ct_)));
      return;
    }
    if constexpr (std::is_invocable_v<F&, CancellationToken&>) {
      attempt_task_ = InvokeAsTask(f_, ct_);
    } else {
      attempt_task_ = InvokeAsTask(f_);
    }
    auto self = this->shared_from_this();
    WhenCompleted(attempt_task_, [self] { self->OnAttemptCompleted(); }, /*captureContext=*/true);
  }

  void OnAttemptCompleted() {
    TaskState<R>& s = *attempt_task_.StatePtr();
    if (s.IsCompleted() && s.Status() == TaskStatus::RanToCompletion) {
      CompleteLike(*state_, attempt_task_);
      return;
    }
    if (ct_.IsCancellationRequested()) {
      state_->TryCompleteCanceled(std::make_exception_ptr(TaskCanceledException(ct_)));
      return;
    }
    std::exception_ptr e = s.IsCompleted() ? s.FirstException() : ErrorsOf(attempt_task_).front();
    if (retried_ >= retries_ || !handles_.Handles(e)) {
      CompleteLike(*state_, attempt_task_);
      return;
    }
    ++retried_;
    Task<> wait;
    try {
      const std::chrono::nanoseconds delay = delay_for_ ? delay_for_(retried_) : std::chrono::nanoseconds(0);
      if (on_retry_) on_retry_(e, delay, retried_);
      wait = Delay(delay, ct_);
    } catch (...) {
      CompleteWithException(*state_, std::current_exception());
      return;
    }
    auto self = this->shared_from_this();
    WhenCompleted(wait, [self, wait] {
      if (!wait.IsCompletedSuccessfully()) {
        self->state_->TryCompleteCanceled(std::make_exception_ptr(TaskCanceledException(self->ct_)));
        return;
      }
      self->Attempt();
    }, /*captureContext=*/true);
  }

  F f_;
  PolicyBuilder handles_;
  int retries_;
  int retried_ = 0;
  DelayFor delay_for_;
  OnRetry on_retry_;
  CancellationToken ct_;
  TaskState<R>* state_ = nullptr;
  Task<R> task_;
  Task<R> attempt_task_;
};

}  // namespace detail

// Polly's AsyncRetryPolicy: copyable; each ExecuteAsync is independent.
class AsyncRetryPolicy {
 public:
  template <class F>
  auto ExecuteAsync(F&& f) const {
    return ExecuteAsync(std::forward<F>(f), CancellationToken::None());
  }
  template <class F>
  auto ExecuteAsync(F&& f, CancellationToken ct) const {
    using Fn = std::decay_t<F>;
    using Call = std::conditional_t<std::is_invocable_v<Fn&, CancellationToken&>,
                                    std::invoke_result<Fn&, CancellationToken&>, std::invoke_result<Fn&>>;
    using R = typename detail::TaskLikeResult<std::decay_t<typename Call::type>>::type;
    auto op = std::make_shared<detail::RetryOperation<Fn, R>>(Fn(std::forward<F>(f)), handles_, retries_,
                                                              delay_for_, on_retry_, std::move(ct));
    return op->Start();
  }

  int RetryCount() const noexcept { return retries_; }

 private:
  friend class PolicyBuilder;
  AsyncRetryPolicy(PolicyBuilder handles, int retries,
                   std::function<std::chrono::nanoseconds(int)> delayFor,
                   std::function<void(std::exception_ptr, std::chrono::nanoseconds, int)> onRetry)
      : handles_(std::move(handles)),
        retries_(retries),
        delay_for_(std::move(delayFor)),
        on_retry_(std::move(onRetry)) {
    if (retries < 0) throw ArgumentOutOfRangeException("retryCount must be 0 or more.");
  }
  PolicyBuilder handles_;
  int retries_;
  std::function<std::chrono::nanoseconds(int)> delay_for_;
  std::function<void(std::exception_ptr, std::chrono::nanoseconds, int)> on_retry_;
};

template <class DelayFor>
AsyncRetryPolicy PolicyBuilder::WaitAndRetryAsync(int retryCount, DelayFor delayFor) const {
  return WaitAndRetryAsync(retryCount, std::move(delayFor), [](std::exception_ptr, std::chrono::nanoseconds, int) {});
}

template <class DelayFor, class OnRetry>
AsyncRetryPolicy PolicyBuilder::WaitAndRetryAsync(int retryCount, DelayFor delayFor, OnRetry onRetry) const {
  static_assert(std::is_invocable_v<DelayFor&, int>, "WaitAndRetryAsync: delayFor(int attempt)");
  return AsyncRetryPolicy(
      *this, retryCount,
      [delayFor = std::move(delayFor)](int attempt) mutable {
        return std::chrono::ceil<std::chrono::nanoseconds>(delayFor(attempt));
      },
      [onRetry = std::move(onRetry)](std::exception_ptr e, std::chrono::nanoseconds d, int attempt) mutable {
        if constexpr (std::is_invocable_v<OnRetry&, std::exception_ptr, std::chrono::nanoseconds, int>) {
          onRetry(std::move(e), d, attempt);
        } else {
          static_assert(std::is_invocable_v<OnRetry&, std::exception_ptr, std::chrono::nanoseconds>,
                        "onRetry(exception, delay[, attempt])");
          onRetry(std::move(e), d);
        }
      });
}

inline AsyncRetryPolicy PolicyBuilder::RetryAsync(int retryCount) const {
  return AsyncRetryPolicy(*this, retryCount, nullptr, nullptr);
}

}  // namespace async
