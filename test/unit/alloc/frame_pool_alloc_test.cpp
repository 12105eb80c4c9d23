// The frame pool: steady-state calls of a synchronously completing async
// method do no global operator new at all (this executable replaces the
// global allocation functions to count them). Built twice: C++17 (the
// hand-lowered machine) and C++20 (also the native coroutine: frame and box).
#include <atomic>
#include <cstdlib>
#include <new>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <async/async.h>

#include "machines.h"
#include "step_machine.h"

namespace {
std::atomic<long> g_news{0};
}  // namespace

// Replaced global allocation functions (all of the unaligned family, so that
// every delete matches its new).
void* operator new(std::size_t n) {
  g_news.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return ::operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  g_news.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n == 0 ? 1 : n);
}
void* operator new[](std::size_t n, const std::nothrow_t& t) noexcept { return ::operator new(n, t); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace {

using asyncc_test::NoSite;
using asyncc_test::StepAsync;

// One synchronous call + await of an async method (the machine awaits a
// cached completed task and returns).
int CallOnce(int i) {
  auto t = StepAsync<NoSite>(async::FromResult(i % 8), [] {}, [](int v) { return v + 1; });
  return t.GetAwaiter().GetResult();
}

TEST(FramePool, SteadyStateSynchronousCallsDoNoGlobalNew) {
  long sum = 0;
  for (int i = 0; i < 100; ++i) sum += CallOnce(i);  // warm-up
  const long before = g_news.load();
  const auto fresh_before = async::detail::GetFramePoolStats().fresh_blocks;
  for (int i = 0; i < 1000; ++i) sum += CallOnce(i);
  EXPECT_EQ(g_news.load() - before, 0);
  EXPECT_EQ(async::detail::GetFramePoolStats().fresh_blocks, fresh_before);
  EXPECT_GT(sum, 0);
}

TEST(FramePool, BlocksFreedOnAnotherThreadAreReused) {
  // Boxes allocated here, released on another thread (the last task handle
  // dies there), then allocated again on that thread from its own list.
  std::vector<async::Task<int>> tasks;
  for (int i = 0; i < 500; ++i)
    tasks.push_back(StepAsync<NoSite>(async::FromResult(1), [] {}, [](int v) { return v; }));
  const auto fresh_before = async::detail::GetFramePoolStats().fresh_blocks;
  std::thread other([&] {
    tasks.clear();
    for (int i = 0; i < 500; ++i) CallOnce(i);
  });
  other.join();
  EXPECT_EQ(async::detail::GetFramePoolStats().fresh_blocks, fresh_before);
}

TEST(FramePool, SizesBeyondTheLargestClassUseOperatorNew) {
  const long before = g_news.load();
  void* p = async::detail::FramePoolAllocate(async::detail::kFramePoolMaxSize + 1);
  async::detail::FramePoolFree(p, async::detail::kFramePoolMaxSize + 1);
  EXPECT_EQ(g_news.load() - before, 1);
}

#if defined(__cpp_impl_coroutine)
async::Task<int> NativeStep(int v) {
  int r = co_await async::FromResult(v % 8);
  co_return r + 1;
}

TEST(FramePool, SteadyStateNativeCoroutineCallsDoNoGlobalNew) {
  long sum = 0;
  for (int i = 0; i < 100; ++i) sum += NativeStep(i).GetAwaiter().GetResult();
  const long before = g_news.load();
  for (int i = 0; i < 1000; ++i) sum += NativeStep(i).GetAwaiter().GetResult();
  EXPECT_EQ(g_news.load() - before, 0);
  EXPECT_GT(sum, 0);
}

// An async iterator: its frame and box come from the pool, and a
// synchronous MoveNextAsync allocates nothing (the ValueTask carries the
// result inline; the box's reusable source backs the pending ones).
async::AsyncEnumerable<int> NativeInts(int n) {
  for (int i = 0; i < n; ++i) co_yield i;
}

long SumInts(int n) {
  auto e = NativeInts(n).GetAsyncEnumerator();
  long sum = 0;
  while (e.MoveNextAsync().GetAwaiter().GetResult()) sum += e.Current();
  e.DisposeAsync().GetAwaiter().GetResult();
  return sum;
}

TEST(FramePool, SteadyStateAsyncIteratorsDoNoGlobalNew) {
  long sum = 0;
  for (int i = 0; i < 100; ++i) sum += SumInts(10);  // warm-up
  const long before = g_news.load();
  for (int i = 0; i < 100; ++i) sum += SumInts(10);
  sum += SumInts(10000);
  EXPECT_EQ(g_news.load() - before, 0);
  EXPECT_EQ(sum, 200L * 45 + 10000L * 9999 / 2);
}
#endif

// async::Run takes one block from the frame pool (task state, work item and
// callable together) and nothing else per call, apart from the global
// queue's chunks (a std::deque node per many posts): in steady state well
// under one global operator new per Run (it was three: the task state, a
// shared job, the callable's continuation target).
TEST(FramePool, RunTakesItsBlockFromThePool) {
  std::atomic<int> ran{0};
  auto batch = [&](int n) {
    std::vector<async::Task<>> tasks;
    tasks.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) tasks.push_back(async::Run([&ran] { ran.fetch_add(1); }));
    for (auto& t : tasks) {
      while (!t.IsCompleted()) std::this_thread::yield();  // no blocking waiter
    }
  };
  for (int i = 0; i < 20; ++i) batch(100);  // warm-up: fills the pool's lists
  const long before = g_news.load();
  for (int i = 0; i < 20; ++i) batch(100);
  const long news = g_news.load() - before;
  EXPECT_EQ(ran.load(), 4000);
  EXPECT_LT(news, 2000 / 2) << news << " global operator new calls for 2000 Runs";
}

}  // namespace
