// async/async_context.h: AsyncContext::Run (Nito.AsyncEx's AsyncContext).
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <type_traits>
#include <utility>

#include <async/awaiters.h>
#include <async/continuation.h>
#include <async/exceptions.h>
#include <async/synchronization_context.h>

namespace async {
namespace detail {

// The single-threaded context behind AsyncContext::Run. Reference counted:
// continuations that captured it keep it alive after Run returns; work posted
// after the loop has ended is dropped (released uninvoked). It counts the
// operations started on it (AsyncVoid functions, like Nito's AsyncContext
// and .NET's AsyncVoidMethodBuilder): the loop ends only once the main task
// is done and none is outstanding.
class AsyncContextImpl final : public SynchronizationContext {
 public:
  AsyncContextImpl();
  void Post(std::function<void()> f) override;
  void Send(std::function<void()> f) override;
  void OperationStarted() override;
  void OperationCompleted() override;

  // Runs posted work in FIFO order until MarkDone() has been called and no
  // operation is outstanding, then drains what was queued before, and
  // closes the queue.
  void RunLoop();
  void MarkDone(bool abandoned);
  // Ends the loop for good: drops queued work, accepts no more.
  void Close() noexcept;
  bool Abandoned() const;
  // True on the thread that runs the loop (the thread that called Run).
  bool OwnedByCurrentThread() const noexcept;

  void AddRef() noexcept override;
  void Release() noexcept override;

 private:
  ~AsyncContextImpl() override = default;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  bool done_ = false;
  bool abandoned_ = false;
  bool closed_ = false;
  int operations_ = 0;  // started and not completed (AsyncVoid functions)
  std::thread::id owner_;
  std::atomic<int> refs_{1};
};

// Installs a fresh AsyncContextImpl as the current context for its scope.
class AsyncContextScope {
 public:
  AsyncContextScope();
  ~AsyncContextScope();
  AsyncContextScope(const AsyncContextScope&) = delete;
  AsyncContextScope& operator=(const AsyncContextScope&) = delete;
  AsyncContextImpl& Context() noexcept { return *ctx_; }
  // Registers the loop's completion signal on `awaiter`.
  template <class A>
  void SignalWhenCompleted(A& awaiter) {
    CallOnCompleted(awaiter, MakeCompletionContinuation());
  }

 private:
  Continuation MakeCompletionContinuation();
  AsyncContextImpl* ctx_;
  SynchronizationContext* previous_;
};

}  // namespace detail

class AsyncContext {
 public:
  // Runs f() (returning an awaitable) on the calling thread under a
  // single-threaded SynchronizationContext that runs posted work in FIFO
  // order until the awaitable has completed and every AsyncVoid function
  // started under it has finished; returns its result or rethrows its first
  // exception. An exception escaping an AsyncVoid function is posted to the
  // loop and thrown from here when it runs (the rest of the queue is then
  // dropped). Throws InvalidOperationException if the awaited operation was
  // abandoned (after waiting for the AsyncVoid functions).
  template <class F>
  static auto Run(F&& f) {
    detail::AsyncContextScope scope;
    auto awaiter = async::GetAwaiter(std::forward<F>(f)());
    if (!awaiter.IsCompleted()) {
      scope.SignalWhenCompleted(awaiter);
    } else {
      scope.Context().MarkDone(false);
    }
    scope.Context().RunLoop();
    if (scope.Context().Abandoned())
      throw InvalidOperationException("AsyncContext::Run: the task was abandoned and can never complete.");
    return awaiter.GetResult();
  }
};

}  // namespace async
