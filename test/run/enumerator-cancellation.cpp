// C#'s [EnumeratorCancellation]: an async iterator reads the token given to
// GetAsyncEnumerator (directly or through WithCancellation) with
// co_await async::CurrentEnumeratorCancellation(), in a lowered iterator as
// in a native one; the await never suspends the iterator.
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <chrono>
#include <cstdio>

using namespace std::chrono_literals;

ASYNC async::AsyncEnumerable<int> Ticks(int limit) {
  std::printf("  iterator starts\n");
  async::CancellationToken ct = co_await async::CurrentEnumeratorCancellation();
  std::printf("  token can be canceled: %s\n", ct.CanBeCanceled() ? "yes" : "no");
  for (int i = 0; i < limit; ++i) {
    if (ct.IsCancellationRequested()) {
      std::printf("  iterator sees the cancellation after %d\n", i);
      co_return;
    }
    co_await async::Delay(1ms, ct);
    co_yield i;
  }
}

// The token read twice, and after an await: the same token each time.
ASYNC async::AsyncEnumerable<bool> SameToken() {
  async::CancellationToken first = co_await async::CurrentEnumeratorCancellation();
  co_await async::Yield();
  async::CancellationToken second = co_await async::CurrentEnumeratorCancellation();
  co_yield first == second;
}

ASYNC async::Task<int> NotAnIterator() {
  async::CancellationToken ct = co_await async::CurrentEnumeratorCancellation();
  co_return ct.CanBeCanceled() ? 1 : 0;
}

ASYNC async::Task<int> MainAsync() {
  std::printf("without a token:\n");
  auto plain = Ticks(2).GetAsyncEnumerator();
  while (co_await plain.MoveNextAsync()) std::printf("  got %d\n", plain.Current());
  co_await plain.DisposeAsync();

  std::printf("WithCancellation:\n");
  async::CancellationTokenSource cts;
  auto e = Ticks(100).WithCancellation(cts.Token()).GetAsyncEnumerator();
  while (co_await e.MoveNextAsync()) {
    std::printf("  got %d\n", e.Current());
    if (e.Current() == 2) {
      cts.Cancel();
      break;
    }
  }
  co_await e.DisposeAsync();

  std::printf("the iterator ends itself when it sees the token:\n");
  async::CancellationTokenSource cts2;
  auto e2 = Ticks(100).GetAsyncEnumerator(cts2.Token());
  co_await e2.MoveNextAsync();
  std::printf("  got %d\n", e2.Current());
  cts2.Cancel();
  try {
    co_await e2.MoveNextAsync();
  } catch (const async::OperationCanceledException&) {
    std::printf("  MoveNextAsync canceled\n");
  }
  co_await e2.DisposeAsync();

  async::CancellationTokenSource cts3;
  auto same = SameToken().WithCancellation(cts3.Token()).GetAsyncEnumerator();
  co_await same.MoveNextAsync();
  std::printf("same token twice: %s\n", same.Current() ? "yes" : "no");
  co_await same.DisposeAsync();

  try {
    co_await NotAnIterator();
  } catch (const async::InvalidOperationException&) {
    std::printf("outside an iterator: InvalidOperationException\n");
  }
  co_return 0;
}

int main() { return async::AsyncContext::Run(MainAsync); }

// CHECK:      without a token:
// CHECK-NEXT:   iterator starts
// CHECK-NEXT:   token can be canceled: no
// CHECK-NEXT:   got 0
// CHECK-NEXT:   got 1
// CHECK-NEXT: WithCancellation:
// CHECK-NEXT:   iterator starts
// CHECK-NEXT:   token can be canceled: yes
// CHECK-NEXT:   got 0
// CHECK-NEXT:   got 1
// CHECK-NEXT:   got 2
// CHECK-NEXT: the iterator ends itself when it sees the token:
// CHECK-NEXT:   iterator starts
// CHECK-NEXT:   token can be canceled: yes
// CHECK-NEXT:   got 0
// CHECK-NEXT:   MoveNextAsync canceled
// CHECK-NEXT: same token twice: yes
// CHECK-NEXT: outside an iterator: InvalidOperationException
