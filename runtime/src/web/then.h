// Continuations without coroutines for the web library (C++17).
#pragma once

#include <exception>
#include <utility>

#include <async/continuation.h>
#include <async/task.h>

namespace async {
namespace web {
namespace detail {

// Runs f(t) when t completes, on the completing thread, without capturing
// the execution context (a request's own awaits capture theirs).
template <class T, class F>
void Then(const Task<T>& t, F f) {
  t.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(
      Continuation([t, f = std::move(f)]() mutable { f(t); }));
}

// The exception of a faulted or canceled task.
template <class T>
std::exception_ptr ErrorOf(const Task<T>& t) {
  try {
    t.GetAwaiter().GetResult();
  } catch (...) {
    return std::current_exception();
  }
  return nullptr;
}

}  // namespace detail
}  // namespace web
}  // namespace async
