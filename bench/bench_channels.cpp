// bench/bench_channels.cpp: Channel<T> throughput against Asio 1.22's
// asio::experimental::concurrent_channel, and the uncontended cost of
// SemaphoreSlim.WaitAsync+Release and AsyncLock acquire+release.
//
// Both sides are C++20 coroutines (asyncc's runtime promise types on one
// side, asio::awaitable on the other) on two worker threads each (asyncc's
// pool has max(2, cores) workers; the io_context is run by the same number
// of threads). A producer awaits WriteAsync / async_send per item; a
// consumer awaits ReadAsync / async_receive per item, so one item is one
// write+read pair. Asio's channel has no unbounded mode: "unbounded" gives
// it a capacity of every item of the run.
#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/concurrent_channel.hpp>
#include <asio/io_context.hpp>
#include <asio/use_awaitable.hpp>

#include <benchmark/benchmark.h>

#include <async/async.h>

#include "alloc_counter.h"

namespace {

constexpr int kItems = 200000;  // items per run, over all producers

// ---- asyncc ------------------------------------------------------------------

async::Task<> Produce(async::ChannelWriter<int> writer, int count) {
  for (int i = 0; i < count; ++i) co_await writer.WriteAsync(i);
}

async::Task<long> Consume(async::ChannelReader<int> reader) {
  long received = 0;
  for (;;) {
    try {
      (void)co_await reader.ReadAsync();
      ++received;
    } catch (const async::ChannelClosedException&) {
      co_return received;
    }
  }
}

long RunAsyncc(async::Channel<int> channel, int pairs) {
  std::vector<async::Task<>> producers;
  std::vector<async::Task<long>> consumers;
  for (int c = 0; c < pairs; ++c) {
    consumers.push_back(async::Run([reader = channel.Reader()] { return Consume(reader); }));
  }
  for (int p = 0; p < pairs; ++p) {
    producers.push_back(
        async::Run([writer = channel.Writer(), pairs] { return Produce(writer, kItems / pairs); }));
  }
  async::WhenAll(producers).Wait();
  channel.Writer().Complete();
  long total = 0;
  for (auto& c : consumers) total += c.Result();
  return total;
}

void BM_Channel_asyncc(benchmark::State& state) {
  const bool bounded = state.range(0) != 0;
  const int pairs = static_cast<int>(state.range(1));
  for (auto _ : state) {
    auto channel = bounded ? async::Channel<int>::CreateBounded(1024) : async::Channel<int>::CreateUnbounded();
    if (RunAsyncc(channel, pairs) != kItems / pairs * pairs) state.SkipWithError("items lost");
  }
  state.SetItemsProcessed(state.iterations() * (kItems / pairs * pairs));
}

// ---- Asio ----------------------------------------------------------------------

using AsioChannel = asio::experimental::concurrent_channel<void(asio::error_code, int)>;

// The last producer to finish sends one end marker (-1) per consumer: Asio's
// close() would discard the items still buffered.
asio::awaitable<void> AsioProduce(AsioChannel& channel, int count, std::atomic<int>& producing,
                                  int consumers) {
  for (int i = 0; i < count; ++i) co_await channel.async_send(asio::error_code{}, i, asio::use_awaitable);
  if (producing.fetch_sub(1) == 1) {
    for (int c = 0; c < consumers; ++c) {
      co_await channel.async_send(asio::error_code{}, -1, asio::use_awaitable);
    }
  }
}

asio::awaitable<void> AsioConsume(AsioChannel& channel, std::atomic<long>& received) {
  long n = 0;
  for (;;) {
    auto [ec, value] = co_await channel.async_receive(asio::experimental::as_tuple(asio::use_awaitable));
    if (ec || value < 0) break;
    ++n;
  }
  received += n;
}

long RunAsio(std::size_t capacity, int pairs) {
  asio::io_context context;
  AsioChannel channel(context, capacity);
  std::atomic<int> producing{pairs};
  std::atomic<long> received{0};
  for (int c = 0; c < pairs; ++c) asio::co_spawn(context, AsioConsume(channel, received), asio::detached);
  for (int p = 0; p < pairs; ++p) {
    asio::co_spawn(context, AsioProduce(channel, kItems / pairs, producing, pairs), asio::detached);
  }
  const unsigned threads = async::detail::ThreadPoolSize();
  std::vector<std::thread> runners;
  for (unsigned t = 1; t < threads; ++t) runners.emplace_back([&] { context.run(); });
  context.run();
  for (auto& r : runners) r.join();
  return received.load();
}

void BM_Channel_asio(benchmark::State& state) {
  const bool bounded = state.range(0) != 0;
  const int pairs = static_cast<int>(state.range(1));
  for (auto _ : state) {
    if (RunAsio(bounded ? 1024 : kItems + pairs, pairs) != kItems / pairs * pairs) state.SkipWithError("items lost");
  }
  state.SetItemsProcessed(state.iterations() * (kItems / pairs * pairs));
}

// Args: {bounded (1) or unbounded (0), producers = consumers}.
void ChannelArgs(benchmark::internal::Benchmark* b) {
  b->ArgNames({"bounded", "pairs"});
  for (int bounded : {1, 0}) {
    for (int pairs : {1, 4}) b->Args({bounded, pairs});
  }
  b->UseRealTime()->Unit(benchmark::kMillisecond);
}
BENCHMARK(BM_Channel_asyncc)->Apply(ChannelArgs);
BENCHMARK(BM_Channel_asio)->Apply(ChannelArgs);

// ---- Uncontended coordination primitives ----------------------------------------

void ReportAllocs(benchmark::State& state, const bench::AllocCounters& start) {
  const double ops = static_cast<double>(state.iterations());
  state.counters["allocs_per_op"] =
      static_cast<double>(bench::ThreadAllocCounters().allocs - start.allocs) / ops;
}

void BM_SemaphoreSlim_WaitAsyncRelease(benchmark::State& state) {
  async::SemaphoreSlim semaphore(1);
  const bench::AllocCounters start = bench::ThreadAllocCounters();
  for (auto _ : state) {
    async::Task<> wait = semaphore.WaitAsync();
    benchmark::DoNotOptimize(wait.IsCompleted());
    semaphore.Release();
  }
  ReportAllocs(state, start);
}
BENCHMARK(BM_SemaphoreSlim_WaitAsyncRelease);

// `co_await semaphore.WaitAsync(); semaphore.Release();` in a coroutine.
async::Task<> WaitRelease(async::SemaphoreSlim& semaphore) {
  co_await semaphore.WaitAsync();
  semaphore.Release();
}

void BM_SemaphoreSlim_AwaitInCoroutine(benchmark::State& state) {
  async::SemaphoreSlim semaphore(1);
  const bench::AllocCounters start = bench::ThreadAllocCounters();
  for (auto _ : state) WaitRelease(semaphore).Wait();
  ReportAllocs(state, start);
}
BENCHMARK(BM_SemaphoreSlim_AwaitInCoroutine);

void BM_AsyncLock_AcquireRelease(benchmark::State& state) {
  async::AsyncLock lock;
  const bench::AllocCounters start = bench::ThreadAllocCounters();
  for (auto _ : state) {
    async::AsyncLock::Releaser guard = lock.LockAsync().GetAwaiter().GetResult();
    benchmark::DoNotOptimize(&guard);
  }
  ReportAllocs(state, start);
}
BENCHMARK(BM_AsyncLock_AcquireRelease);

}  // namespace

BENCHMARK_MAIN();
