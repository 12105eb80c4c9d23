// AsyncEnumerable<T> driven by hand-lowered iterator machines
// (iterator_machines.h: the shape asyncc generates for co_yield), plus the
// lowering protocol's own details. native/async_enumerable_native_test.cpp
// runs the same checks on native C++20 coroutines.
#include <memory>
#include <string>
#include <utility>

#include <gtest/gtest.h>

#include <async/async.h>

#include "iterator_machines.h"
#include "test_util.h"

namespace {

async::AsyncEnumerable<int> CountAsync(asyncc_test::IterOptions opt) {
  return asyncc_test::LoweredCountAsync(std::move(opt));
}
async::AsyncEnumerable<std::string> WordsAsync(std::string text) {
  return asyncc_test::LoweredWordsAsync(std::move(text));
}

#define ASYNCC_ENUM_SUITE LoweredAsyncEnumerable
#include "async_enumerable_cases.h"

TEST(LoweredAsyncEnumerable, BuilderTraitNamesTheIteratorBuilder) {
  static_assert(std::is_same_v<async::AsyncMethodBuilder<async::AsyncEnumerable<int>>::type,
                               async::AsyncIteratorMethodBuilder<int>>);
  // co_yield's awaiter never completes by itself; GetResult is void.
  using Y = decltype(std::declval<async::AsyncIteratorMethodBuilder<int>&>().YieldValue(1));
  static_assert(std::is_void_v<decltype(async::GetAwaiter(std::declval<Y>()).GetResult())>);
  EXPECT_FALSE(async::GetAwaiter(Y()).IsCompleted());
}

// The core behind MoveNextAsync: Abandon() releases the registered
// continuation uninvoked (and any registered later); Reset() starts over.
TEST(ManualResetValueTaskSourceCoreAbandon, ReleasesContinuationsUninvoked) {
  async::ManualResetValueTaskSourceCore<bool> core;
  bool ran = false;
  auto released = std::make_shared<int>(0);
  std::weak_ptr<int> watch = released;
  core.OnCompleted(async::Continuation([&ran, released] { ran = true; }), core.Version(),
                   async::ValueTaskSourceOnCompletedFlags::None);
  released.reset();
  EXPECT_FALSE(watch.expired());
  core.Abandon();
  EXPECT_TRUE(watch.expired());  // released, not run
  EXPECT_FALSE(ran);
  EXPECT_EQ(core.GetStatus(core.Version()), async::ValueTaskSourceStatus::Pending);
  EXPECT_THROW(core.GetResult(core.Version()), async::InvalidOperationException);
  EXPECT_THROW(core.SetResult(true), async::InvalidOperationException);
  core.OnCompleted(async::Continuation([&ran] { ran = true; }), core.Version(),
                   async::ValueTaskSourceOnCompletedFlags::None);
  EXPECT_FALSE(ran);
  core.Reset();
  core.SetResult(true);
  EXPECT_EQ(core.GetStatus(core.Version()), async::ValueTaskSourceStatus::Succeeded);
  EXPECT_TRUE(core.GetResult(core.Version()));
}

}  // namespace
