// AsyncEnumerable<T> as the return type of native C++20 coroutines with
// co_yield / co_await: the checks of async_enumerable_cases.h (also run on
// hand-lowered machines by async_enumerable_test.cpp), plus native-only ones.
#if !defined(__cpp_impl_coroutine)
#error "this test needs C++20 coroutines"
#endif

#include <atomic>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include <async/async.h>

#include "iterator_machines.h"
#include "test_util.h"

namespace {

using asyncc_test::IterOptions;
using asyncc_test::Tracked;

async::AsyncEnumerable<int> CountAsync(IterOptions opt) {
  Tracked outer(opt.log, "outer");
  for (int i = 0; i < opt.count; ++i) {
    Tracked inner(opt.log, "inner" + std::to_string(i));
    if (opt.before_yield) co_await opt.before_yield(i);
    co_yield i;
    if (i + 1 == opt.throw_after) asyncc_test::ThrowAfterYield(opt);
  }
}

async::AsyncEnumerable<std::string> WordsAsync(std::string text) {
  std::string word;
  for (std::size_t k = 0; k < text.size(); ++k) {
    if (text[k] != ' ') {
      word += text[k];
      continue;
    }
    co_yield std::move(word);
    word.clear();
  }
  if (!word.empty()) co_yield word;
}

#define ASYNCC_ENUM_SUITE NativeAsyncEnumerable
#include "async_enumerable_cases.h"

// A consumer coroutine on the thread pool racing a producer that resumes on
// other pool threads (TSan).
async::AsyncEnumerable<int> PoolProducer(int n) {
  for (int i = 0; i < n; ++i) {
    if (i % 3 == 0) co_await async::Yield();
    if (i % 3 == 1) co_await async::Run([] {});
    co_yield i;
  }
}

async::Task<long long> PoolConsumer(int n) {
  co_await async::Yield();
  auto e = PoolProducer(n).GetAsyncEnumerator();
  long long sum = 0;
  int expected = 0;
  while (co_await e.MoveNextAsync()) {
    if (e.Current() != expected) throw std::logic_error("out of order");
    ++expected;
    sum += e.Current();
  }
  co_await e.DisposeAsync();
  co_return sum;
}

TEST(NativeAsyncEnumerable, PoolConsumerRacesPoolProducer) {
  constexpr int kItems = 4000;
  for (int round = 0; round < 3; ++round) {
    auto t = async::Run([] { return PoolConsumer(kItems); });
    EXPECT_EQ(t.Result(), static_cast<long long>(kItems) * (kItems - 1) / 2);
  }
}

// An iterator consuming another, with co_await of the inner MoveNextAsync
// inside the outer body, under an AsyncContext (single thread).
async::AsyncEnumerable<std::string> Labeled(asyncc_test::Log* log) {
  Tracked t(log, "labeled");
  IterOptions opt;
  opt.log = log;
  opt.before_yield = [](int) { return async::Delay(std::chrono::milliseconds(1)); };
  auto inner = CountAsync(opt).GetAsyncEnumerator();
  while (co_await inner.MoveNextAsync()) co_yield "#" + std::to_string(inner.Current());
  co_await inner.DisposeAsync();
}

TEST(NativeAsyncEnumerable, IteratorConsumingAnIterator) {
  asyncc_test::Log log;
  std::vector<std::string> got = async::AsyncContext::Run([&]() -> async::Task<std::vector<std::string>> {
    std::vector<std::string> out;
    auto e = Labeled(&log).GetAsyncEnumerator();
    while (co_await e.MoveNextAsync()) out.push_back(e.Current());
    co_await e.DisposeAsync();
    co_return out;
  });
  EXPECT_EQ(got, (std::vector<std::string>{"#0", "#1", "#2"}));
  EXPECT_EQ(log.Joined(),
            "+labeled +outer +inner0 ~inner0 +inner1 ~inner1 +inner2 ~inner2 ~outer ~labeled");
}

// Move-only elements: Current() can be moved from.
async::AsyncEnumerable<std::unique_ptr<int>> Boxes(int n) {
  for (int i = 0; i < n; ++i) co_yield std::make_unique<int>(i);
}

TEST(NativeAsyncEnumerable, MoveOnlyElements) {
  auto e = Boxes(3).GetAsyncEnumerator();
  int sum = 0;
  while (e.MoveNextAsync().GetAwaiter().GetResult()) {
    std::unique_ptr<int> p = std::move(e.Current());
    sum += *p;
  }
  EXPECT_EQ(sum, 3);
}

// A SynchronizationContext captured by an await inside the body (current
// when MoveNextAsync was called): the body resumes through it.
async::AsyncEnumerable<int> OnContext(async::Task<> gate, std::atomic<int>* where) {
  co_await gate;
  where->store(1);
  co_yield 7;
}

TEST(NativeAsyncEnumerable, AwaitInsideTheBodyCapturesTheContext) {
  asyncc_test::ManualContext ctx;
  async::TaskCompletionSource<> gate;
  std::atomic<int> where{0};
  async::ValueTask<bool> vt;
  auto e = OnContext(gate.Task(), &where).GetAsyncEnumerator();
  {
    asyncc_test::ContextScope scope(&ctx);
    vt = e.MoveNextAsync();
  }
  EXPECT_FALSE(vt.IsCompleted());
  gate.SetResult();  // the continuation is posted to ctx
  EXPECT_EQ(where.load(), 0);
  EXPECT_FALSE(vt.IsCompleted());
  EXPECT_EQ(ctx.RunAll(), 1);
  EXPECT_EQ(where.load(), 1);
  ASSERT_TRUE(vt.IsCompleted());
  EXPECT_TRUE(vt.GetAwaiter().GetResult());
  EXPECT_EQ(e.Current(), 7);
}

// DumpPendingTasks: an iterator suspended at an await is pending, and a
// method awaiting its MoveNextAsync is listed as awaiting it; an iterator
// suspended at a yield is not pending.
async::AsyncEnumerable<int> PendingIterator(async::Task<int> gate) {
  int v = co_await gate;
  co_yield v;
  co_yield v + 1;
}

async::Task<int> IteratorConsumer(async::AsyncEnumerator<int>* e) {
  co_await e->MoveNextAsync();
  co_return e->Current();
}

std::string Dump() {
  std::ostringstream out;
  async::DumpPendingTasks(out);
  return out.str();
}

TEST(NativeAsyncEnumerable, PendingIteratorIsInTheStackDump) {
  async::TaskCompletionSource<int> gate;
  auto e = PendingIterator(gate.Task()).GetAsyncEnumerator();
  auto consumer = IteratorConsumer(&e);
  const std::string dump = Dump();
  const std::size_t iter = dump.find("PendingIterator (");
  const std::size_t cons = dump.find("IteratorConsumer (");
  EXPECT_NE(iter, std::string::npos) << dump;
  EXPECT_NE(cons, std::string::npos) << dump;
  EXPECT_LT(iter, cons) << dump;  // one chain, innermost first
  EXPECT_EQ(dump.find("async task ", 1), std::string::npos) << dump;
  gate.SetResult(5);
  EXPECT_EQ(consumer.Result(), 5);
  EXPECT_EQ(Dump(), "");  // suspended at a yield: not pending
  EXPECT_TRUE(e.DisposeAsync().IsCompletedSuccessfully());
}

}  // namespace
