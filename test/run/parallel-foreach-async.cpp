// Parallel::ForEachAsync from ASYNC code: an ASYNC lambda body over a range
// and over an async iterator, MaxDegreeOfParallelism counted, .NET's
// failure rule (the first failure cancels the others and the loop faults
// with every exception) and external cancellation.
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <vector>

using namespace std::chrono_literals;

ASYNC async::AsyncEnumerable<int> Numbers(int n) {
  async::CancellationToken ct = co_await async::CurrentEnumeratorCancellation();
  for (int i = 1; i <= n; ++i) {
    co_await async::Delay(1ms, ct);
    co_yield i;
  }
}

ASYNC async::Task<int> MainAsync() {
  std::vector<int> items;
  for (int i = 1; i <= 20; ++i) items.push_back(i);

  std::atomic<int> active{0}, peak{0}, sum{0};
  async::ParallelOptions options;
  options.MaxDegreeOfParallelism = 3;
  co_await async::Parallel::ForEachAsync(items, options,
      [&](int item, async::CancellationToken ct) ASYNC -> async::Task<> {
        int now = ++active;
        int seen = peak.load();
        while (now > seen && !peak.compare_exchange_weak(seen, now)) {
        }
        co_await async::Delay(1ms, ct);
        sum += item;
        --active;
      });
  std::printf("range: sum %d, at most 3 at once: %s\n", sum.load(), peak.load() <= 3 ? "yes" : "no");

  std::atomic<int> streamed{0};
  co_await async::Parallel::ForEachAsync(Numbers(10), options,
      [&](int item, async::CancellationToken) ASYNC -> async::ValueTask<> {
        co_await async::Yield();
        streamed += item;
      });
  std::printf("async iterator: sum %d\n", streamed.load());

  // Item 5 fails; the bodies running then see their token canceled.
  std::atomic<int> canceled_bodies{0};
  async::ParallelOptions two;
  two.MaxDegreeOfParallelism = 2;
  async::Task<> failing = async::Parallel::ForEachAsync(items, two,
      [&](int item, async::CancellationToken ct) ASYNC -> async::Task<> {
        if (item == 5) {
          co_await async::Delay(2ms);
          throw std::runtime_error("item 5 failed");
        }
        try {
          co_await async::Delay(item < 5 ? 1ms : 10s, ct);
        } catch (const async::OperationCanceledException&) {
          ++canceled_bodies;
          throw;
        }
      });
  try {
    co_await failing;
  } catch (const std::runtime_error& e) {
    std::printf("await throws the first: %s\n", e.what());
  }
  const auto& inner = failing.Exception()->InnerExceptions();
  std::printf("every body's exception: %s\n",
              inner.size() == 1u + static_cast<std::size_t>(canceled_bodies.load()) ? "yes" : "no");

  async::CancellationTokenSource cts;
  async::ParallelOptions cancelable;
  cancelable.MaxDegreeOfParallelism = 4;
  cancelable.CancellationToken = cts.Token();
  std::atomic<int> started{0};
  async::Task<> loop = async::Parallel::ForEachAsync(items, cancelable,
      [&](int, async::CancellationToken ct) ASYNC -> async::Task<> {
        ++started;
        co_await async::Delay(10s, ct);
      });
  while (started.load() < 4) co_await async::Delay(1ms);
  cts.Cancel();
  try {
    co_await loop;
  } catch (const async::OperationCanceledException&) {
    std::printf("canceled from outside: %s, started %d\n", loop.IsCanceled() ? "Canceled" : "?", started.load());
  }
  co_return 0;
}

int main() { return async::AsyncContext::Run(MainAsync); }

// CHECK:      range: sum 210, at most 3 at once: yes
// CHECK-NEXT: async iterator: sum 55
// CHECK-NEXT: await throws the first: item 5 failed
// CHECK-NEXT: every body's exception: yes
// CHECK-NEXT: canceled from outside: Canceled, started 4
