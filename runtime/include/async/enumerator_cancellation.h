// async/enumerator_cancellation.h: C#'s [EnumeratorCancellation] for async
// iterators.
//
//   ASYNC async::AsyncEnumerable<int> Ticks() {
//     async::CancellationToken ct = co_await async::CurrentEnumeratorCancellation();
//     for (int i = 0;; ++i) {
//       co_await async::Delay(10ms, ct);
//       co_yield i;
//     }
//   }
//   auto e = Ticks().WithCancellation(cts.Token()).GetAsyncEnumerator();
//
// The await gives the token passed to GetAsyncEnumerator(ct) (None when it
// was called without one). It completes at once and never suspends the
// iterator: a lowered iterator's builder (AsyncIteratorMethodBuilder) hands
// the token to the awaiter and resumes the machine inline; a native
// iterator's promise answers it in await_transform. Awaited outside an async
// iterator it throws InvalidOperationException.
#pragma once

#include <optional>
#include <utility>

#include <async/cancellation.h>
#include <async/continuation.h>
#include <async/exceptions.h>

namespace async {
namespace detail {

inline constexpr const char* kNotInAsyncIterator =
    "CurrentEnumeratorCancellation() can only be awaited in an async iterator "
    "(a function returning AsyncEnumerable<T>).";

class EnumeratorCancellationAwaiter {
 public:
  // Not completed, so that a lowered iterator hands it to its builder,
  // which sets the token and resumes at once.
  bool IsCompleted() const noexcept { return token_.has_value(); }
  // Outside an iterator (a Task's builder): resume at once; GetResult throws.
  void OnCompleted(Continuation k) const { k(); }
  void UnsafeOnCompleted(Continuation k) const { k(); }
  CancellationToken GetResult() const {
    if (!token_) throw InvalidOperationException(kNotInAsyncIterator);
    return *token_;
  }
  // The iterator's builder: the enumerator's token.
  void SetToken(CancellationToken token) { token_ = std::move(token); }

 private:
  std::optional<CancellationToken> token_;
};

}  // namespace detail

// What `co_await async::CurrentEnumeratorCancellation()` awaits.
struct CurrentEnumeratorCancellationAwaitable {
  detail::EnumeratorCancellationAwaiter GetAwaiter() const noexcept { return {}; }
};

// In an async iterator: the CancellationToken given to GetAsyncEnumerator
// (or to WithCancellation), read with co_await.
inline CurrentEnumeratorCancellationAwaitable CurrentEnumeratorCancellation() noexcept { return {}; }

}  // namespace async
