// AsyncEnumerable<T> driven by hand-lowered iterator machines
// (iterator_machines.h: the shape asyncc generates for co_yield), plus the
// lowering protocol's own details. native/async_enumerable_native_test.cpp
// runs the same checks on native C++20 coroutines.
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

}  // namespace
