// Channel<T>, SemaphoreSlim, AsyncLock and PeriodicTimer awaited from native
// C++20 coroutines on the thread pool (the lowered build is covered by
// test/run/channels.cpp and test/run/coordination-primitives.cpp).
#if !defined(__cpp_impl_coroutine)
#error "this test needs C++20 coroutines"
#endif

#include <atomic>
#include <chrono>
#include <vector>

#include <gtest/gtest.h>

#include <async/async.h>

namespace {

using namespace std::chrono_literals;

async::Task<> Produce(async::ChannelWriter<int> writer, int from, int count) {
  for (int i = 0; i < count; ++i) co_await writer.WriteAsync(from + i);
}

async::Task<long> SumAll(async::ChannelReader<int> reader) {
  long sum = 0;
  auto e = reader.ReadAllAsync().GetAsyncEnumerator();
  while (co_await e.MoveNextAsync()) sum += e.Current();
  co_await e.DisposeAsync();
  co_return sum;
}

async::Task<long> ProducersAndConsumers(async::Channel<int> channel) {
  std::vector<async::Task<>> producers;
  for (int p = 0; p < 4; ++p) {
    producers.push_back(async::Run([w = channel.Writer(), p] { return Produce(w, p * 1000, 1000); }));
  }
  std::vector<async::Task<long>> consumers;
  for (int c = 0; c < 3; ++c) {
    consumers.push_back(async::Run([r = channel.Reader()] { return SumAll(r); }));
  }
  co_await async::WhenAll(producers);
  channel.Writer().Complete();
  long total = 0;
  for (auto& c : consumers) total += co_await c;
  co_await channel.Reader().Completion();
  co_return total;
}

TEST(CoordinationNative, ChannelPipelinesOnThePool) {
  const long expected = 4000L * 3999 / 2;
  EXPECT_EQ(ProducersAndConsumers(async::Channel<int>::CreateBounded(8)).Result(), expected);
  EXPECT_EQ(ProducersAndConsumers(async::Channel<int>::CreateUnbounded()).Result(), expected);
}

async::Task<int> ReadOrClosed(async::ChannelReader<int> reader) {
  try {
    co_return co_await reader.ReadAsync();
  } catch (const async::ChannelClosedException&) {
    co_return -1;
  }
}

TEST(CoordinationNative, AwaitedReadSeesCompletion) {
  auto channel = async::Channel<int>::CreateUnbounded();
  async::Task<int> read = ReadOrClosed(channel.Reader());
  channel.Writer().Complete();
  EXPECT_EQ(read.Result(), -1);
}

async::Task<> Increment(async::AsyncLock& lock, int& counter, int times) {
  for (int i = 0; i < times; ++i) {
    auto guard = co_await lock.LockAsync();
    const int before = counter;
    co_await async::Yield();  // the lock is held across the await
    counter = before + 1;
  }
}

TEST(CoordinationNative, AsyncLockHeldAcrossAwaits) {
  async::AsyncLock lock;
  int counter = 0;
  std::vector<async::Task<>> tasks;
  for (int t = 0; t < 4; ++t) tasks.push_back(async::Run([&] { return Increment(lock, counter, 200); }));
  async::WhenAll(tasks).Wait();
  EXPECT_EQ(counter, 800);
}

async::Task<int> Limited(async::SemaphoreSlim& gate, std::atomic<int>& inside, std::atomic<int>& peak) {
  co_await gate.WaitAsync();
  const int now = ++inside;
  int seen = peak.load();
  while (now > seen && !peak.compare_exchange_weak(seen, now)) {
  }
  co_await async::Delay(1ms);
  --inside;
  gate.Release();
  co_return 1;
}

TEST(CoordinationNative, SemaphoreLimitsConcurrency) {
  async::SemaphoreSlim gate(2);
  std::atomic<int> inside{0};
  std::atomic<int> peak{0};
  std::vector<async::Task<int>> tasks;
  for (int i = 0; i < 10; ++i) tasks.push_back(Limited(gate, inside, peak));
  EXPECT_EQ(async::WhenAll(tasks).Result().size(), 10u);
  EXPECT_LE(peak.load(), 2);
  EXPECT_EQ(gate.CurrentCount(), 2);
}

async::Task<int> CountTicks(async::PeriodicTimer& timer, int stop) {
  int ticks = 0;
  while (co_await timer.WaitForNextTickAsync()) {
    if (++ticks == stop) timer.Dispose();
  }
  co_return ticks;
}

TEST(CoordinationNative, PeriodicTimerLoop) {
  async::PeriodicTimer timer(1ms);
  EXPECT_EQ(CountTicks(timer, 3).Result(), 3);
}

}  // namespace
