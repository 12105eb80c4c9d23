// bench/bench_async.cpp: the async benchmarks (issue 4), written once as
// ordinary ASYNC functions and built four ways by bench/CMakeLists.txt:
//
//   bench_async_lowered   asyncc output, C++17      (the configured compiler)
//   bench_async_native    C++20 coroutines          (the configured compiler)
//
// scripts/bench.sh configures the project once with clang++-19 and once with
// g++, so there are four binaries; docs/performance.md has the results.
//
// Besides the Google Benchmark cases, two extra modes (handled before
// benchmark::Initialize) that are run as separate processes:
//   --rss=delay|whenany|whenany-cancel [N]   RSS samples as one JSON line
//   --instr=<case> [N]                       run <case> N times inside
//       bench::InstrLoop (for callgrind --toggle-collect=bench::InstrLoop*)

#include <async/async.h>

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>
#include <utility>
#include <vector>

#include "alloc_counter.h"

using namespace std::chrono_literals;

#define BENCH_NOINLINE __attribute__((noinline))

namespace bench {

// ---------------------------------------------------------------------------
// The async functions under test.

// A synchronously completing async function (no await at all: the leaf of
// every chain).
ASYNC async::Task<int> Leaf(int x) { co_return x + 1; }

// A chain: each level awaits the next one, which has already completed.
ASYNC async::Task<int> Chain2(int x) {
  int v = co_await Leaf(x);
  co_return v + 1;
}
ASYNC async::Task<int> Chain3(int x) {
  int v = co_await Chain2(x);
  co_return v + 1;
}
ASYNC async::Task<int> Chain4(int x) {
  int v = co_await Chain3(x);
  co_return v + 1;
}
ASYNC async::Task<int> Chain5(int x) {
  int v = co_await Chain4(x);
  co_return v + 1;
}
ASYNC async::Task<int> Chain6(int x) {
  int v = co_await Chain5(x);
  co_return v + 1;
}
ASYNC async::Task<int> Chain7(int x) {
  int v = co_await Chain6(x);
  co_return v + 1;
}
ASYNC async::Task<int> Chain8(int x) {
  int v = co_await Chain7(x);
  co_return v + 1;
}
ASYNC async::Task<int> Chain9(int x) {
  int v = co_await Chain8(x);
  co_return v + 1;
}
ASYNC async::Task<int> Chain10(int x) {
  int v = co_await Chain9(x);
  co_return v + 1;
}

// The plain-call baseline: the same chain as ordinary (not inlined) calls.
BENCH_NOINLINE int PlainLeaf(int x) {
  benchmark::DoNotOptimize(x);
  return x + 1;
}
BENCH_NOINLINE int PlainChain2(int x) { return PlainLeaf(x) + 1; }
BENCH_NOINLINE int PlainChain3(int x) { return PlainChain2(x) + 1; }
BENCH_NOINLINE int PlainChain4(int x) { return PlainChain3(x) + 1; }
BENCH_NOINLINE int PlainChain5(int x) { return PlainChain4(x) + 1; }
BENCH_NOINLINE int PlainChain6(int x) { return PlainChain5(x) + 1; }
BENCH_NOINLINE int PlainChain7(int x) { return PlainChain6(x) + 1; }
BENCH_NOINLINE int PlainChain8(int x) { return PlainChain7(x) + 1; }
BENCH_NOINLINE int PlainChain9(int x) { return PlainChain8(x) + 1; }
BENCH_NOINLINE int PlainChain10(int x) { return PlainChain9(x) + 1; }

// Suspend + resume through a TaskCompletionSource: each await gets a fresh,
// not yet completed task from the channel; the driver completes it, which
// resumes the loop inline up to its next await.
struct TcsChannel {
  async::TaskCompletionSource<int> pending;
  async::Task<int> Next() {
    pending = async::TaskCompletionSource<int>();
    return pending.Task();
  }
  void Complete(int v) {
    async::TaskCompletionSource<int> tcs = std::move(pending);
    tcs.SetResult(v);
  }
};

ASYNC async::Task<long> TcsLoop(TcsChannel& ch, int n) {
  long sum = 0;
  for (int i = 0; i < n; ++i) {
    int v = co_await ch.Next();
    sum += v;
  }
  co_return sum;
}

// Suspend + resume through Yield (posted to the AsyncContext's queue).
ASYNC async::Task<long> YieldLoop(int n) {
  long sum = 0;
  for (int i = 0; i < n; ++i) {
    co_await async::Yield();
    sum += i;
  }
  co_return sum;
}

// One pending task: suspended on a task that is not complete.
ASYNC async::Task<int> PendingAwait(async::Task<int> t) {
  int v = co_await t;
  co_return v + 1;
}

// The `op` of WhenAny(op, Delay(10s)): completes after one Yield.
ASYNC async::Task<> OpAsync() { co_await async::Yield(); }

// Samples RSS at 10%, 50% and 100% of n iterations.
struct RssSampler {
  long n = 0;
  std::int64_t at0 = 0, at10 = 0, at50 = 0, at100 = 0;
  void Sample(long done) {
    if (done == n / 10) at10 = ResidentBytes();
    if (done == n / 2) at50 = ResidentBytes();
    if (done == n) at100 = ResidentBytes();
  }
};

// 1e6 sequential WhenAny(op, Delay(10s)): the op wins every time; the delay
// stays pending (its timer fires only after 10 s).
ASYNC async::Task<long> WhenAnyLoop(long n, RssSampler& s) {
  long op_won = 0;
  for (long i = 0; i < n; ++i) {
    async::Task<> op = OpAsync();
    async::Task<> delay = async::Delay(10s);
    async::Task<> winner = co_await async::WhenAny(op, delay);
    if (winner == op) ++op_won;
    s.Sample(i + 1);
  }
  co_return op_won;
}

// The same with the .NET idiom: the delay gets a token that is canceled as
// soon as WhenAny returns, which removes its timer at once.
ASYNC async::Task<long> WhenAnyCancelLoop(long n, RssSampler& s) {
  long op_won = 0;
  for (long i = 0; i < n; ++i) {
    async::CancellationTokenSource cts;
    async::Task<> op = OpAsync();
    async::Task<> delay = async::Delay(10s, cts.Token());
    async::Task<> winner = co_await async::WhenAny(op, delay);
    cts.Cancel();
    if (winner == op) ++op_won;
    s.Sample(i + 1);
  }
  co_return op_won;
}

// ---------------------------------------------------------------------------
// Google Benchmark cases.

namespace {

// Allocation counters over a benchmark run, reported per operation.
class AllocScope {
 public:
  explicit AllocScope(benchmark::State& state) : state_(state), start_(ThreadAllocCounters()) {}
  void Report(double ops_per_iteration) {
    const AllocCounters& now = ThreadAllocCounters();
    double ops = static_cast<double>(state_.iterations()) * ops_per_iteration;
    if (ops <= 0) return;
    state_.counters["allocs_per_op"] = static_cast<double>(now.allocs - start_.allocs) / ops;
  }

 private:
  benchmark::State& state_;
  AllocCounters start_;
};

// Call + await of a synchronously completing async function (depth 1: one
// async call; depth 10: ten nested ones, each awaiting the next).
void BM_SyncCall(benchmark::State& state) {
  const int depth = static_cast<int>(state.range(0));
  AllocScope allocs(state);
  int x = 0;
  for (auto _ : state) {
    int r = depth == 1 ? Leaf(x).GetAwaiter().GetResult() : Chain10(x).GetAwaiter().GetResult();
    benchmark::DoNotOptimize(r);
    ++x;
  }
  allocs.Report(1);
}
BENCHMARK(BM_SyncCall)->ArgName("depth")->Arg(1)->Arg(10);

void BM_PlainCall(benchmark::State& state) {
  const int depth = static_cast<int>(state.range(0));
  AllocScope allocs(state);
  int x = 0;
  for (auto _ : state) {
    int r = depth == 1 ? PlainLeaf(x) : PlainChain10(x);
    benchmark::DoNotOptimize(r);
    ++x;
  }
  allocs.Report(1);
}
BENCHMARK(BM_PlainCall)->ArgName("depth")->Arg(1)->Arg(10);

constexpr int kBatch = 1000;

long TcsBatch(int n) {
  TcsChannel ch;
  async::Task<long> t = TcsLoop(ch, n);
  for (int i = 0; i < n; ++i) ch.Complete(i);
  return t.GetAwaiter().GetResult();
}

long YieldBatch(int n) {
  return async::AsyncContext::Run([n] { return YieldLoop(n); });
}

// Suspend + resume through a TaskCompletionSource; time is per batch of
// kBatch round trips (items_per_second is round trips per second).
void BM_TcsRoundTrip(benchmark::State& state) {
  AllocScope allocs(state);
  for (auto _ : state) benchmark::DoNotOptimize(TcsBatch(kBatch));
  state.SetItemsProcessed(state.iterations() * kBatch);
  allocs.Report(kBatch);
}
BENCHMARK(BM_TcsRoundTrip);

// Suspend + resume through Yield inside AsyncContext::Run (single thread:
// the continuation is posted to the context's queue and run by its loop).
void BM_YieldRoundTrip(benchmark::State& state) {
  AllocScope allocs(state);
  for (auto _ : state) benchmark::DoNotOptimize(YieldBatch(kBatch));
  state.SetItemsProcessed(state.iterations() * kBatch);
  allocs.Report(kBatch);
}
BENCHMARK(BM_YieldRoundTrip);

// Heap bytes held per pending task (frame + task + continuation): N calls
// that each suspend on their own (pre-made) TaskCompletionSource; the
// counted bytes are everything the N calls allocated and still hold.
void BM_PendingTaskBytes(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  double bytes = 0, allocs = 0;
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<async::TaskCompletionSource<int>> sources(n);
    std::vector<async::Task<int>> inputs;
    inputs.reserve(n);
    for (auto& s : sources) inputs.push_back(s.Task());
    std::vector<async::Task<int>> pending;
    pending.reserve(n);
    state.ResumeTiming();

    ThreadAllocCounters().track_bytes = true;
    AllocCounters before = ThreadAllocCounters();
    for (int i = 0; i < n; ++i) pending.push_back(PendingAwait(inputs[i]));
    AllocCounters after = ThreadAllocCounters();
    ThreadAllocCounters().track_bytes = false;

    state.PauseTiming();
    bytes = static_cast<double>(after.live_bytes - before.live_bytes) / n;
    allocs = static_cast<double>(after.allocs - before.allocs) / n;
    for (int i = 0; i < n; ++i) sources[i].SetResult(i);
    long sum = 0;
    for (auto& t : pending) sum += t.GetAwaiter().GetResult();
    benchmark::DoNotOptimize(sum);
    state.ResumeTiming();
  }
  state.counters["bytes_per_pending"] = bytes;
  state.counters["allocs_per_pending"] = allocs;
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_PendingTaskBytes)->Arg(10000)->Iterations(20);

// ---------------------------------------------------------------------------
// --rss=...: RSS growth with many pending Delay(10s) tasks, and over many
// sequential WhenAny(op, Delay(10s)).

void PrintRss(const char* mode, long n, const RssSampler& s, long extra) {
  std::printf(
      "{\"mode\": \"%s\", \"n\": %ld, \"rss0\": %lld, \"rss10\": %lld, \"rss50\": %lld, "
      "\"rss100\": %lld, \"check\": %ld}\n",
      mode, n, static_cast<long long>(s.at0), static_cast<long long>(s.at10),
      static_cast<long long>(s.at50), static_cast<long long>(s.at100), extra);
  std::fflush(stdout);
}

int RunRss(const std::string& mode, long n) {
  RssSampler s;
  s.n = n;
  if (mode == "delay") {
    std::vector<async::Task<>> tasks(static_cast<std::size_t>(n));  // handles pre-touched
    // Warm up the timer thread and the allocator outside the measurement.
    { async::Task<> warm = async::Delay(10s); }
    s.at0 = ResidentBytes();
    for (long i = 0; i < n; ++i) {
      tasks[static_cast<std::size_t>(i)] = async::Delay(10s);
      s.Sample(i + 1);
    }
    PrintRss("delay", n, s, 0);
  } else if (mode == "whenany" || mode == "whenany-cancel") {
    const bool cancel = mode == "whenany-cancel";
    RssSampler warm;
    warm.n = 1000;
    async::AsyncContext::Run([&] { return cancel ? WhenAnyCancelLoop(1000, warm) : WhenAnyLoop(1000, warm); });
    s.at0 = ResidentBytes();
    long won = async::AsyncContext::Run(
        [&] { return cancel ? WhenAnyCancelLoop(n, s) : WhenAnyLoop(n, s); });
    PrintRss(mode.c_str(), n, s, won);
  } else {
    std::fprintf(stderr, "unknown --rss mode '%s'\n", mode.c_str());
    return 2;
  }
  // Skip releasing a million pending timers at exit: nothing to measure there.
  std::_Exit(0);
}

// ---------------------------------------------------------------------------
// --instr=<case>: fixed work for instruction counting under callgrind.

void RunCase(const std::string& c, int n) {
  long sink = 0;
  if (c == "sync1") {
    for (int i = 0; i < n; ++i) sink += Leaf(i).GetAwaiter().GetResult();
  } else if (c == "sync10") {
    for (int i = 0; i < n; ++i) sink += Chain10(i).GetAwaiter().GetResult();
  } else if (c == "plain1") {
    for (int i = 0; i < n; ++i) sink += PlainLeaf(i);
  } else if (c == "plain10") {
    for (int i = 0; i < n; ++i) sink += PlainChain10(i);
  } else if (c == "tcs") {
    sink += TcsBatch(n);
  } else if (c == "yield") {
    sink += YieldBatch(n);
  } else {
    std::fprintf(stderr, "unknown --instr case '%s'\n", c.c_str());
    std::exit(2);
  }
  benchmark::DoNotOptimize(sink);
}

}  // namespace

BENCH_NOINLINE void InstrWarmup(const std::string& c, int n) { RunCase(c, n); }
BENCH_NOINLINE void InstrLoop(const std::string& c, int n) { RunCase(c, n); }

}  // namespace bench

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const char* a = argv[i];
    long n = i + 1 < argc ? std::atol(argv[i + 1]) : 0;
    if (std::strncmp(a, "--rss=", 6) == 0) return bench::RunRss(a + 6, n > 0 ? n : 1000000);
    if (std::strncmp(a, "--instr=", 8) == 0) {
      const std::string c = a + 8;
      const int count = n > 0 ? static_cast<int>(n) : 100000;
      bench::InstrWarmup(c, 1000);
      const bench::AllocCounters before = bench::ThreadAllocCounters();
      bench::InstrLoop(c, count);
      const bench::AllocCounters after = bench::ThreadAllocCounters();
      std::printf("{\"case\": \"%s\", \"n\": %d, \"allocs_per_op\": %.3f}\n", c.c_str(), count,
                  static_cast<double>(after.allocs - before.allocs) / count);
      return 0;
    }
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
