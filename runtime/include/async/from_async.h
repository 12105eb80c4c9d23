// async/from_async.h: bridging the Asynchronous Programming Model (APM:
// BeginXxx/EndXxx with an IAsyncResult and a callback) to a Task, as .NET's
// TaskFactory.FromAsync. The event-based pattern (EAP) has no helper in .NET
// either: complete a TaskCompletionSource from the completion event
// (docs/runtime.md shows the recipe).
#pragma once

#include <functional>
#include <memory>
#include <type_traits>
#include <utility>

#include <async/exceptions.h>
#include <async/task.h>
#include <async/task_completion_source.h>

namespace async {

// System.IAsyncResult: the handle of one APM operation, handed to its
// callback and to EndXxx. Implementations derive from it and carry their
// own state (EndXxx casts it back).
class IAsyncResult {
 public:
  virtual ~IAsyncResult() = default;
  virtual bool IsCompleted() const = 0;
  virtual bool CompletedSynchronously() const = 0;
};

// System.AsyncCallback: called once when the operation has completed.
using AsyncCallback = std::function<void(std::shared_ptr<IAsyncResult>)>;

namespace detail {
template <class End>
using FromAsyncResultT =
    std::decay_t<std::invoke_result_t<std::decay_t<End>&, std::shared_ptr<IAsyncResult>>>;
}  // namespace detail

// Task.Factory.FromAsync(begin, end): calls begin(callback), where begin
// starts the operation (the BeginXxx call with its arguments bound) and
// must arrange for callback(asyncResult) to be called once when it is done
// (possibly before begin returns: a synchronous completion). The callback
// calls end(asyncResult) (EndXxx) and completes the returned task with its
// result, or Faulted with what it throws (Canceled for an
// OperationCanceledException). An exception thrown by begin propagates from
// FromAsync itself, as in .NET. If the callback is destroyed without being
// called, the task is abandoned (it can never complete).
template <class Begin, class End>
Task<detail::FromAsyncResultT<End>> FromAsync(Begin&& begin, End&& end) {
  using R = detail::FromAsyncResultT<End>;
  TaskCompletionSource<R> tcs;
  Task<R> task = tcs.Task();
  AsyncCallback callback = [tcs, end = std::decay_t<End>(std::forward<End>(end))](
                               std::shared_ptr<IAsyncResult> ar) mutable {
    try {
      if constexpr (std::is_void_v<R>) {
        end(std::move(ar));
        tcs.TrySetResult();
      } else {
        tcs.TrySetResult(end(std::move(ar)));
      }
    } catch (const OperationCanceledException& e) {
      tcs.TrySetCanceled(e.CancellationToken());
    } catch (...) {
      tcs.TrySetException(std::current_exception());
    }
  };
  std::forward<Begin>(begin)(std::move(callback));
  return task;
}

}  // namespace async
