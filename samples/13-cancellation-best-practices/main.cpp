// Guide section "Best Practices for Cancellation" (rules, no code block):
//
//   - Accept CancellationToken as the last parameter in async methods.
//   - Pass the token through to all downstream async calls.
//   - Use CancellationTokenSource(TimeSpan) for timeouts.
//   - Use ct.ThrowIfCancellationRequested() in CPU-bound loops.
//
// One small import job follows all four. ImportAsync takes the token last
// and passes it to every call below it (the Delay standing for I/O, the
// CPU-bound checksum on the pool). The caller gives it a timeout with
// CancellationTokenSource(duration) and, to combine the timeout with a
// "user pressed cancel" source, CreateLinkedTokenSource.
#include <async/async.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

using namespace std::chrono_literals;

std::vector<std::string> g_log;

// CPU-bound: checks the token between iterations.
std::uint64_t Checksum(int rounds, async::CancellationToken ct) {
  std::uint64_t h = 1469598103934665603ull;
  for (int i = 0; i < rounds; ++i) {
    if (i % 1000 == 0) ct.ThrowIfCancellationRequested();  // throws OperationCanceledException
    h = (h ^ static_cast<std::uint64_t>(i)) * 1099511628211ull;
  }
  return h;
}

// I/O stand-in: a delay that honours the token.
ASYNC async::Task<> ReadBatchAsync(int batch, async::CancellationToken ct) {
  co_await async::Delay(20ms, ct);
  g_log.push_back("read " + std::to_string(batch));
}

// The token is the last parameter, and it goes to every downstream call.
ASYNC async::Task<std::uint64_t> ImportAsync(int batches, int rounds, async::CancellationToken ct) {
  std::uint64_t total = 0;
  for (int batch = 0; batch < batches; ++batch) {
    co_await ReadBatchAsync(batch, ct);
    auto checksum = [rounds, ct] { return Checksum(rounds, ct); };
    std::uint64_t sum = co_await async::Run(checksum, ct);
    total ^= sum;
  }
  co_return total;
}

int Check(bool ok, const char* what) {
  std::printf("  %s: %s\n", what, ok ? "yes" : "NO");
  return ok ? 0 : 1;
}

ASYNC async::Task<int> MainAsync() {
  int failures = 0;

  std::printf("A generous timeout: CancellationTokenSource(10 s)\n");
  {
    async::CancellationTokenSource timeout(10s);
    std::uint64_t total = co_await ImportAsync(3, 10000, timeout.Token());
    std::printf("  imported 3 batches, checksum %016llx\n", static_cast<unsigned long long>(total));
    failures += Check(g_log.size() == 3, "all three batches read");
  }

  std::printf("A token that is already canceled: nothing starts\n");
  {
    g_log.clear();
    async::CancellationTokenSource cts;
    cts.Cancel();
    async::Task<std::uint64_t> import = ImportAsync(3, 10000, cts.Token());
    failures += Check(import.IsCanceled(), "the task is Canceled at once");
    failures += Check(g_log.empty(), "no batch was read");
  }

  std::printf("A short timeout: CancellationTokenSource(50 ms), batches of 20 ms\n");
  {
    g_log.clear();
    async::CancellationTokenSource timeout(50ms);
    try {
      co_await ImportAsync(1000, 10000, timeout.Token());
      std::printf("  finished: WRONG\n");
      ++failures;
    } catch (const async::OperationCanceledException&) {
      std::printf("  OperationCanceledException after some batches\n");
    }
    failures += Check(!g_log.empty() && g_log.size() < 1000, "it stopped part way");
  }

  std::printf("CPU-bound loop: ThrowIfCancellationRequested\n");
  {
    async::CancellationTokenSource cts;
    async::CancellationToken ct = cts.Token();
    // A loop that would run for a long time; cancel it once it has started.
    async::TaskCompletionSource<> started;
    async::Task<std::uint64_t> work = async::Run([ct, started]() mutable {
      started.SetResult();
      return Checksum(2000000000, ct);
    }, ct);  // the token given to Run too: Canceled, not Faulted, as in .NET
    co_await started.Task();
    cts.Cancel();
    try {
      co_await work;
      std::printf("  finished: WRONG\n");
      ++failures;
    } catch (const async::OperationCanceledException&) {
      std::printf("  the loop saw the token and threw OperationCanceledException\n");
    }
    failures += Check(work.IsCanceled(), "the Run task is Canceled");
  }

  std::printf("Linked sources: a timeout or the user, whichever comes first\n");
  {
    g_log.clear();
    async::CancellationTokenSource user;  // e.g. a Cancel button
    async::CancellationTokenSource timeout(10s);
    async::CancellationTokenSource linked =
        async::CancellationTokenSource::CreateLinkedTokenSource(user.Token(), timeout.Token());
    async::Task<std::uint64_t> import = ImportAsync(1000, 1000, linked.Token());
    co_await async::Delay(30ms);
    user.Cancel();
    try {
      co_await import;
    } catch (const async::OperationCanceledException&) {
      std::printf("  canceled by the user's source through the linked token\n");
    }
    failures += Check(import.IsCanceled() && !timeout.IsCancellationRequested(),
                      "the import is Canceled; the timeout never fired");
  }

  std::printf("%s\n", failures == 0 ? "PASS" : "FAIL");
  co_return failures == 0 ? 0 : 1;
}

int main() { return async::AsyncContext::Run(MainAsync); }
