// Native C++20 coroutines: 1,000,000 synchronously completing awaits in one
// loop, and a loop of synchronously completing async calls, must not grow
// the stack. Compiled at -O0 (see CMakeLists.txt); runs on a 1 MiB stack.
#if !defined(__cpp_impl_coroutine)
#error "this test needs C++20 coroutines"
#endif

#include <pthread.h>

#include <functional>

#include <gtest/gtest.h>

#include <async/async.h>

namespace {

constexpr int kIterations = 1000000;

void OnSmallStack(std::function<void()> f) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 1 << 20);
  pthread_t thread;
  auto body = [](void* p) -> void* {
    (*static_cast<std::function<void()>*>(p))();
    return nullptr;
  };
  ASSERT_EQ(pthread_create(&thread, &attr, body, &f), 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
}

long Expected() {
  long sum = 0;
  for (int i = 0; i < kIterations; ++i) sum += i % 8;
  return sum;
}

async::Task<long> SumLoopAsync(int n) {
  long sum = 0;
  for (int i = 0; i < n; ++i) sum += co_await async::FromResult(i % 8);
  co_return sum;
}

async::Task<int> ValueAsync(int i) { co_return i % 8; }

async::Task<long> SumCallsAsync(int n) {
  long sum = 0;
  for (int i = 0; i < n; ++i) sum += co_await ValueAsync(i);
  co_return sum;
}

async::ValueTask<long> SumValueTasksAsync(int n) {
  long sum = 0;
  for (int i = 0; i < n; ++i) sum += co_await async::ValueTask<int>(i % 8);
  co_return sum;
}

TEST(NativeStackDepth, MillionCompletedTaskAwaitsInALoop) {
  long result = 0;
  OnSmallStack([&] { result = SumLoopAsync(kIterations).Result(); });
  EXPECT_EQ(result, Expected());
}

TEST(NativeStackDepth, MillionSynchronouslyCompletingCallsInALoop) {
  long result = 0;
  OnSmallStack([&] { result = SumCallsAsync(kIterations).Result(); });
  EXPECT_EQ(result, Expected());
}

TEST(NativeStackDepth, MillionCompletedValueTaskAwaitsInALoop) {
  long result = 0;
  OnSmallStack([&] { result = SumValueTasksAsync(kIterations).GetAwaiter().GetResult(); });
  EXPECT_EQ(result, Expected());
}

}  // namespace
