// Continuations between the client's tasks without coroutines (the runtime
// is C++17): Then runs a callback when a task completes, Map turns a
// task's result into another task's.
#pragma once

#include <exception>
#include <type_traits>

#include <async/db/npgsql_exception.h>
#include <async/exceptions.h>
#include <async/task.h>
#include <async/task_completion_source.h>

namespace async {
namespace db {
namespace detail {

// Runs f(t) when t completes (on the completing thread, no context).
template <class T, class F>
void Then(const Task<T>& t, F f) {
  t.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(
      Continuation([t, f = std::move(f)]() mutable { f(t); }));
}

// A failed task's exception, as a fresh copy for the client's own types
// (the original's refcount lives in libstdc++, shared across threads).
template <class T>
std::exception_ptr ErrorOf(const Task<T>& t) {
  try {
    t.GetAwaiter().GetResult();
  } catch (const PostgresException& e) {
    return std::make_exception_ptr(e);
  } catch (const NpgsqlException& e) {
    return std::make_exception_ptr(e);
  } catch (const ObjectDisposedException& e) {
    return std::make_exception_ptr(e);
  } catch (const InvalidOperationException& e) {
    return std::make_exception_ptr(e);
  } catch (...) {
    return std::current_exception();
  }
  return std::make_exception_ptr(InvalidOperationException("The operation did not fail."));
}

// Completes tcs like `done`, its result passed through f.
template <class R, class T, class F>
void CompleteFrom(TaskCompletionSource<R>& tcs, const Task<T>& done, F& f) {
  if (done.IsCanceled()) {
    try {
      done.GetAwaiter().GetResult();
    } catch (const OperationCanceledException& e) {
      tcs.TrySetCanceled(e.CancellationToken());
      return;
    } catch (...) {
    }
    tcs.TrySetCanceled();
    return;
  }
  if (done.IsFaulted()) {
    tcs.TrySetException(ErrorOf(done));
    return;
  }
  try {
    if constexpr (std::is_void_v<R>) {
      if constexpr (std::is_void_v<T>) {
        f();
      } else {
        f(done.GetAwaiter().GetResult());
      }
      tcs.TrySetResult();
    } else {
      if constexpr (std::is_void_v<T>) {
        tcs.TrySetResult(f());
      } else {
        tcs.TrySetResult(f(done.GetAwaiter().GetResult()));
      }
    }
  } catch (...) {
    tcs.TrySetException(std::current_exception());
  }
}

template <class R, class T, class F>
Task<R> Map(const Task<T>& t, F f) {
  TaskCompletionSource<R> tcs(TaskCreationOptions::RunContinuationsAsynchronously);
  Task<R> out = tcs.Task();
  if (t.IsCompleted()) {
    CompleteFrom(tcs, t, f);
    return out;
  }
  Then(t, [tcs, f](const Task<T>& done) mutable { CompleteFrom(tcs, done, f); });
  return out;
}

}  // namespace detail
}  // namespace db
}  // namespace async
