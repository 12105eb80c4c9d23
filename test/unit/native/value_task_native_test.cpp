// ValueTask<T> / ValueTask<> as native C++20 coroutine return types.
#if !defined(__cpp_impl_coroutine)
#error "this test needs C++20 coroutines"
#endif

#include <stdexcept>

#include <gtest/gtest.h>

#include <async/async.h>

namespace {

async::ValueTask<int> AddOneValueAsync(async::ValueTask<int> input) {
  int v = co_await input;
  co_return v + 1;
}

async::ValueTask<> ThrowValueAsync(async::Task<int> input) {
  int v = co_await input;
  throw std::runtime_error("v=" + std::to_string(v));
}

async::Task<int> AwaitTwiceAsync(async::ValueTask<int> vt) {
  int a = co_await vt;
  int b = co_await vt;  // InvalidOperationException
  co_return a + b;
}

TEST(NativeValueTask, ReturnAndAwait) {
  auto sync = AddOneValueAsync(async::ValueTask<int>(1));
  EXPECT_TRUE(sync.IsCompletedSuccessfully());
  EXPECT_EQ(sync.GetAwaiter().GetResult(), 2);
  async::TaskCompletionSource<int> tcs;
  auto pending = AddOneValueAsync(async::ValueTask<int>(tcs.Task()));
  EXPECT_FALSE(pending.IsCompleted());
  tcs.SetResult(41);
  EXPECT_EQ(pending.AsTask().Result(), 42);
  auto faulted = ThrowValueAsync(async::FromResult(3));
  EXPECT_TRUE(faulted.IsFaulted());
  EXPECT_THROW(faulted.GetAwaiter().GetResult(), std::runtime_error);
  auto twice = AwaitTwiceAsync(async::ValueTask<int>(5));
  EXPECT_THROW(twice.GetAwaiter().GetResult(), async::InvalidOperationException);
}

}  // namespace
