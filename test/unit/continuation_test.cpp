#include <atomic>
#include <memory>

#include <gtest/gtest.h>

#include <async/async.h>

namespace {

using async::Continuation;

class CountingTarget final : public async::detail::ContinuationTarget {
 public:
  void Resume() override { ++resumed; }
  void OnReleasedUninvoked() override { ++released; }
  void AddRef() noexcept override { ++refs; }
  void Release() noexcept override { --refs; }
  int resumed = 0;
  int released = 0;
  int refs = 0;
};

TEST(Continuation, CallableRunsAtMostOnceAcrossCopies) {
  int calls = 0;
  Continuation k([&calls] { ++calls; });
  Continuation copy = k;
  Continuation moved = std::move(copy);
  k();
  moved();
  k();
  EXPECT_EQ(calls, 1);
  Continuation empty;
  EXPECT_FALSE(empty);
  empty();  // no-op
}

TEST(Continuation, ReleasedUninvokedOnlyWhenTheLastCopyGoes) {
  CountingTarget t;
  {
    Continuation k = Continuation::ForAwait(&t);
    EXPECT_TRUE(t.IsAwaiting());
    EXPECT_EQ(t.ContinuationRefs(), 1u);
    {
      Continuation c1 = k;
      Continuation c2 = c1;
      EXPECT_EQ(t.ContinuationRefs(), 3u);
      EXPECT_EQ(t.refs, 3);
    }
    EXPECT_EQ(t.released, 0);
  }
  EXPECT_EQ(t.released, 1);
  EXPECT_EQ(t.resumed, 0);
  EXPECT_EQ(t.refs, 0);
  EXPECT_FALSE(t.IsAwaiting());
}

TEST(Continuation, InvokedIsNotReleasedUninvoked) {
  CountingTarget t;
  {
    Continuation k = Continuation::ForAwait(&t);
    Continuation c = k;
    c();
    EXPECT_FALSE(t.IsAwaiting());
  }
  EXPECT_EQ(t.resumed, 1);
  EXPECT_EQ(t.released, 0);
  EXPECT_EQ(t.refs, 0);
}

TEST(Continuation, StaleCopyFromAnEarlierAwaitDoesNotResumeALaterOne) {
  CountingTarget t;
  Continuation first = Continuation::ForAwait(&t);
  Continuation stale = first;
  first();  // resumes await #1
  EXPECT_EQ(t.resumed, 1);
  Continuation second = Continuation::ForAwait(&t);  // await #2
  stale();                                            // must not resume #2
  EXPECT_EQ(t.resumed, 1);
  EXPECT_TRUE(t.IsAwaiting());
  second();
  EXPECT_EQ(t.resumed, 2);
  first.Reset();
  stale.Reset();
  second.Reset();
  EXPECT_EQ(t.released, 0);
  EXPECT_EQ(t.refs, 0);
}

TEST(Continuation, CallableTargetIsFreedWithItsCaptures) {
  auto owner = std::make_shared<int>(1);
  {
    Continuation k([owner] {});
    EXPECT_EQ(owner.use_count(), 2);
  }
  EXPECT_EQ(owner.use_count(), 1);
}

TEST(Continuation, ConcurrentInvokeRunsOnce) {
  for (int round = 0; round < 200; ++round) {
    std::atomic<int> calls{0};
    Continuation k([&calls] { calls.fetch_add(1); });
    std::atomic<bool> go{false};
    std::thread a([&, c = k] { while (!go) {} c(); });
    std::thread b([&, c = k] { while (!go) {} c(); });
    go = true;
    a.join();
    b.join();
    ASSERT_EQ(calls.load(), 1);
  }
}

}  // namespace
