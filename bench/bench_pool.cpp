// bench/bench_pool.cpp: thread-pool throughput, async::Run vs TBB's
// tbb::task_group, 1e6 tiny tasks each, 2 threads doing the work.
//
// async: the runtime's pool has max(2, hardware_concurrency) workers; the
//   main thread submits (from outside the pool: the global queue) and then
//   waits on every task. "from_pool": the same 1e6 Runs are submitted from
//   inside one pool task (they go to that worker's local deque).
// TBB: a task_arena of concurrency 2 (the main thread plus one worker): the
//   main thread submits with task_group::run, then joins the work in wait().
#include <async/async.h>

#include <benchmark/benchmark.h>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace {

constexpr int kTasks = 1000000;
std::atomic<long> g_counter{0};

void Tiny() { g_counter.fetch_add(1, std::memory_order_relaxed); }

int PoolWorkers() { return static_cast<int>(std::max(2u, std::thread::hardware_concurrency())); }

void BM_AsyncRun(benchmark::State& state) {
  std::vector<async::Task<>> tasks(kTasks);
  for (auto _ : state) {
    for (int i = 0; i < kTasks; ++i) tasks[i] = async::Run([] { Tiny(); });
    for (auto& t : tasks) t.Wait();
  }
  state.SetItemsProcessed(state.iterations() * kTasks);
  state.counters["workers"] = PoolWorkers();
}
BENCHMARK(BM_AsyncRun)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_AsyncRunFromPool(benchmark::State& state) {
  std::vector<async::Task<>> tasks(kTasks);
  for (auto _ : state) {
    async::Run([&tasks] {
      for (int i = 0; i < kTasks; ++i) tasks[i] = async::Run([] { Tiny(); });
    }).Wait();
    for (auto& t : tasks) t.Wait();
  }
  state.SetItemsProcessed(state.iterations() * kTasks);
  state.counters["workers"] = PoolWorkers();
}
BENCHMARK(BM_AsyncRunFromPool)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_TbbTaskGroup(benchmark::State& state) {
  tbb::task_arena arena(2);
  for (auto _ : state) {
    arena.execute([] {
      tbb::task_group g;
      for (int i = 0; i < kTasks; ++i) g.run([] { Tiny(); });
      g.wait();
    });
  }
  state.SetItemsProcessed(state.iterations() * kTasks);
  state.counters["workers"] = 2;
}
BENCHMARK(BM_TbbTaskGroup)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
