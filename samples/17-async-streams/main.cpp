// Guide section "Async Streams (IAsyncEnumerable)".
//
//   // Producer — yield elements asynchronously
//   public async IAsyncEnumerable<int> GenerateNumbersAsync(
//       int count,
//       [EnumeratorCancellation] CancellationToken ct = default)
//   {
//       for (int i = 0; i < count; i++)
//       {
//           ct.ThrowIfCancellationRequested();
//           await Task.Delay(100, ct);
//           yield return i;
//       }
//   }
//
//   // Consumer — await foreach
//   public async Task ConsumeAsync()
//   {
//       await foreach (var number in GenerateNumbersAsync(10))
//           Console.WriteLine(number);
//   }
//
//   // With cancellation
//   public async Task ConsumeWithCancellationAsync(CancellationToken ct)
//   {
//       await foreach (var number in GenerateNumbersAsync(10).WithCancellation(ct))
//           Console.WriteLine(number);
//   }
//
// Differences: there is no `await foreach` in C++: the loop is spelled out
// as C# lowers it (GetAsyncEnumerator, `while (co_await MoveNextAsync())`,
// DisposeAsync at the end; C# disposes in a finally, here the loop's exits
// are all normal, and the exception path disposes before rethrowing). The
// [EnumeratorCancellation] parameter is `co_await
// async::CurrentEnumeratorCancellation()` in the body. The delay is 1 ms
// instead of 100 ms.
#include <async/async.h>

#include <chrono>
#include <cstdio>

using namespace std::chrono_literals;

ASYNC async::AsyncEnumerable<int> GenerateNumbersAsync(int count) {
  async::CancellationToken ct = co_await async::CurrentEnumeratorCancellation();
  for (int i = 0; i < count; i++) {
    ct.ThrowIfCancellationRequested();
    co_await async::Delay(1ms, ct);
    co_yield i;
  }
}

// await foreach (var number in GenerateNumbersAsync(10)) Console.WriteLine(number);
ASYNC async::Task<int> ConsumeAsync() {
  int sum = 0;
  auto e = GenerateNumbersAsync(10).GetAsyncEnumerator();
  while (co_await e.MoveNextAsync()) {
    int number = e.Current();
    std::printf("%d\n", number);
    sum += number;
  }
  co_await e.DisposeAsync();
  co_return sum;
}

// The consumer stops the stream after 3 numbers by canceling its token.
ASYNC async::Task<int> ConsumeWithCancellationAsync(async::CancellationTokenSource cts) {
  int seen = 0;
  auto e = GenerateNumbersAsync(10).WithCancellation(cts.Token()).GetAsyncEnumerator();
  try {
    while (co_await e.MoveNextAsync()) {
      std::printf("%d\n", e.Current());
      if (++seen == 3) cts.Cancel();
    }
  } catch (const async::OperationCanceledException&) {
    std::printf("canceled after %d numbers\n", seen);
  }
  co_await e.DisposeAsync();
  co_return seen;
}

ASYNC async::Task<int> MainAsync() {
  std::printf("ConsumeAsync:\n");
  int sum = co_await ConsumeAsync();
  std::printf("ConsumeWithCancellationAsync:\n");
  int seen = co_await ConsumeWithCancellationAsync(async::CancellationTokenSource());
  bool ok = sum == 45 && seen == 3;
  std::printf("%s\n", ok ? "ok" : "WRONG");
  co_return ok ? 0 : 1;
}

int main() { return async::AsyncContext::Run(MainAsync); }
