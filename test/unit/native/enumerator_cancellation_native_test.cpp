// CurrentEnumeratorCancellation and WithCancellation in native C++20
// iterators (the promise answers the await), and outside an iterator.
#include <gtest/gtest.h>

#include <async/async.h>

namespace {

using async::CancellationToken;
using async::CancellationTokenSource;

async::AsyncEnumerable<int> Counter(CancellationToken* seen) {
  CancellationToken ct = co_await async::CurrentEnumeratorCancellation();
  *seen = ct;
  for (int i = 0; !ct.IsCancellationRequested(); ++i) {
    co_await async::Yield();
    co_yield i;
  }
}

async::Task<int> Consume(CancellationTokenSource cts, CancellationToken* seen) {
  auto e = Counter(seen).WithCancellation(cts.Token()).GetAsyncEnumerator();
  int sum = 0;
  while (co_await e.MoveNextAsync()) {
    sum += e.Current();
    if (e.Current() == 3) break;
  }
  co_await e.DisposeAsync();
  co_return sum;
}

TEST(NativeEnumeratorCancellation, WithCancellationTokenReachesTheIterator) {
  CancellationTokenSource cts;
  CancellationToken seen;
  EXPECT_EQ(Consume(cts, &seen).Result(), 0 + 1 + 2 + 3);
  EXPECT_TRUE(seen == cts.Token());
}

TEST(NativeEnumeratorCancellation, CancelingStopsTheIterator) {
  CancellationTokenSource cts;
  CancellationToken seen;
  auto e = Counter(&seen).GetAsyncEnumerator(cts.Token());
  ASSERT_TRUE(e.MoveNextAsync().AsTask().Result());
  EXPECT_TRUE(seen == cts.Token());
  cts.Cancel();
  EXPECT_THROW(e.MoveNextAsync().AsTask().GetAwaiter().GetResult(), async::OperationCanceledException);
  e.DisposeAsync().AsTask().Wait();
}

async::Task<> NotAnIterator() {
  CancellationToken ct = co_await async::CurrentEnumeratorCancellation();
  (void)ct;
}

TEST(NativeEnumeratorCancellation, OutsideAnIteratorThrows) {
  EXPECT_THROW(NotAnIterator().GetAwaiter().GetResult(), async::InvalidOperationException);
}

}  // namespace
