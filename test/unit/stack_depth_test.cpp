// 1,000,000 synchronously completing awaits in one loop (hand-written state
// machines in the generated shape) must not grow the stack. This file is
// compiled at -O0 (see CMakeLists.txt) and runs the loops on a thread with a
// small (1 MiB) stack.
#include <pthread.h>

#include <functional>
#include <utility>

#include <gtest/gtest.h>

#include <async/async.h>

#include "test_util.h"

namespace {

using asyncc_test::Slot;

constexpr int kIterations = 1000000;

// ASYNC async::Task<long> SumLoopAsync(int n) {
//   long sum = 0;
//   for (int i = 0; i < n; ++i) sum += co_await async::FromResult(i % 8);
//   co_return sum;
// }
template <class Awaitable, class Make>
async::Task<long> SumLoopAsync(int n, Make make) {
  struct SumLoopAsync_StateMachine final : async::IAsyncStateMachine {
    async::AsyncTaskMethodBuilder<long> sm_builder;
    int sm_state = -1;
    int n;
    Make make;
    long sum;
    int i;
    Slot<async::AwaiterOf<Awaitable&&>> sm_awaiter0;
    SumLoopAsync_StateMachine(async::AsyncTaskMethodBuilder<long> builder, int&& n_, Make&& make_)
        : sm_builder(builder), n(n_), make(std::move(make_)) {}
    ~SumLoopAsync_StateMachine() override {
      if (sm_state == 0) sm_awaiter0.Destroy();
    }
    void MoveNext() override {
      try {
        if (sm_state == 0) goto resume0;
        sum = 0;
        for (i = 0; i < n; ++i) {
          sm_awaiter0.Construct(async::GetAwaiter(make(i)));
          if (!sm_awaiter0.Get().IsCompleted()) {
            sm_state = 0;
            sm_builder.AwaitUnsafeOnCompleted(sm_awaiter0.Get(), *this);
            return;
          }
        resume0:
          sm_state = -1;
          {
            long v;
            try {
              v = sm_awaiter0.Get().GetResult();
            } catch (...) {
              sm_awaiter0.Destroy();
              throw;
            }
            sm_awaiter0.Destroy();
            sum += v;
          }
        }
        sm_builder.SetReturnValue(sum);
      } catch (...) {
        sm_state = -2;
        sm_builder.SetException(std::current_exception());
        return;
      }
      sm_state = -2;
      sm_builder.SetResult();
    }
  };
  auto& sm = async::AsyncTaskMethodBuilder<long>::Create<SumLoopAsync_StateMachine>(std::move(n), std::move(make));
  async::Task<long> task = sm.sm_builder.Task();
  sm.sm_builder.Start(sm);
  return task;
}

// Runs f on a thread with a 1 MiB stack.
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

TEST(StackDepth, MillionCompletedTaskAwaitsInALoop) {
  long result = 0;
  OnSmallStack([&] {
    auto t = SumLoopAsync<async::Task<int>>(kIterations, [](int i) { return async::FromResult(i % 8); });
    result = t.Result();
  });
  EXPECT_EQ(result, Expected());
}

TEST(StackDepth, MillionCompletedValueTaskAwaitsInALoop) {
  long result = 0;
  OnSmallStack([&] {
    auto t = SumLoopAsync<async::ValueTask<int>>(kIterations,
                                                 [](int i) { return async::ValueTask<int>(i % 8); });
    result = t.Result();
  });
  EXPECT_EQ(result, Expected());
}

TEST(StackDepth, LongChainOfInlineResumptionsIsBoundedByTheDepthGuard) {
  // Each machine awaits the previous one's task: completing the root runs
  // the chain of continuations; the inline-depth guard posts to the pool
  // every kMaxInlineContinuationDepth levels instead of recursing.
  constexpr int kChain = 20000;
  long result = 0;
  OnSmallStack([&] {
    async::TaskCompletionSource<int> root;
    std::vector<async::Task<long>> chain;
    chain.reserve(kChain);
    async::Task<int> prev = root.Task();
    for (int k = 0; k < kChain; ++k) {
      async::Task<long> t = SumLoopAsync<async::Task<int>>(1, [prev](int) { return prev; });
      chain.push_back(t);
      async::TaskCompletionSource<int> relay;
      t.GetAwaiter().OnCompleted(async::Continuation([t, relay]() mutable {
        relay.SetResult(static_cast<int>(t.Result()) + 1);
      }));
      prev = relay.Task();
    }
    root.SetResult(0);
    result = chain.back().Result();
  });
  EXPECT_EQ(result, kChain - 1);
}

}  // namespace
