// WithCancellation and CurrentEnumeratorCancellation in a lowered iterator
// (the hand-lowered machine below has the shape asyncc generates; the
// native build is checked in native/enumerator_cancellation_native_test.cpp
// and both builds of the tool's output in test/run/enumerator-cancellation.cpp).
#include <async/enumerator_cancellation.h>

#include <utility>

#include <gtest/gtest.h>

#include <async/async.h>

#include "test_util.h"

namespace {

using async::CancellationToken;
using async::CancellationTokenSource;
using asyncc_test::Slot;

// ASYNC async::AsyncEnumerable<int> Counter(CancellationToken* seen) {
//   CancellationToken ct = co_await async::CurrentEnumeratorCancellation();
//   *seen = ct;
//   for (int i = 0; !ct.IsCancellationRequested(); ++i) co_yield i;
// }
async::AsyncEnumerable<int> LoweredCounter(CancellationToken* seen) {
  using TokenAwaiter = async::AwaiterOf<async::CurrentEnumeratorCancellationAwaitable>;
  using YieldAwaiter = async::AwaiterOf<decltype(
      std::declval<async::AsyncIteratorMethodBuilder<int>&>().YieldValue(std::declval<int&>()))>;
  struct sm_Counter final : async::IAsyncStateMachine {
    async::AsyncIteratorMethodBuilder<int> sm_builder;
    int sm_state = -1;
    CancellationToken* seen;
    Slot<CancellationToken> ct;
    bool ct_live = false;
    int i = 0;
    Slot<TokenAwaiter> sm_awaiter_0;
    Slot<YieldAwaiter> sm_awaiter_1;
    sm_Counter(async::AsyncIteratorMethodBuilder<int> b, CancellationToken* s) : sm_builder(b), seen(s) {}
    ~sm_Counter() override {
      if (sm_state == 0) sm_awaiter_0.Destroy();
      if (sm_state == 1) sm_awaiter_1.Destroy();
      if (ct_live) ct.Destroy();
    }
    void MoveNext() override {
      try {
        switch (sm_state) {
          case 0:
            goto sm_resume_0;
          case 1:
            goto sm_resume_1;
          default:
            break;
        }
        ::new (async::detail::Storage(sm_awaiter_0))
            TokenAwaiter(async::GetAwaiter(async::CurrentEnumeratorCancellation()));
        if (!sm_awaiter_0.Get().IsCompleted()) {
          sm_state = 0;
          sm_builder.AwaitUnsafeOnCompleted(sm_awaiter_0.Get(), *this);
          return;
        }
      sm_resume_0:
        sm_state = -1;
        ct.Construct(sm_awaiter_0.Get().GetResult());
        ct_live = true;
        sm_awaiter_0.Destroy();
        *seen = ct.Get();
        for (i = 0; !ct.Get().IsCancellationRequested(); ++i) {
          ::new (async::detail::Storage(sm_awaiter_1)) YieldAwaiter(async::GetAwaiter(sm_builder.YieldValue(i)));
          if (!sm_awaiter_1.Get().IsCompleted()) {
            sm_state = 1;
            sm_builder.AwaitUnsafeOnCompleted(sm_awaiter_1.Get(), *this);
            return;
          }
        sm_resume_1:
          sm_state = -1;
          sm_awaiter_1.Get().GetResult();
          sm_awaiter_1.Destroy();
        }
        ct.Destroy();
        ct_live = false;
      } catch (...) {
        sm_state = -2;
        sm_builder.SetException(std::current_exception());
        return;
      }
      sm_state = -2;
      sm_builder.SetResult();
    }
  };
  auto& sm = async::AsyncIteratorMethodBuilder<int>::Create<sm_Counter>(seen);
  async::AsyncEnumerable<int> result = sm.sm_builder.Task();
  sm.sm_builder.Start(sm);
  return result;
}

bool Next(async::AsyncEnumerator<int>& e) { return e.MoveNextAsync().GetAwaiter().GetResult(); }

TEST(EnumeratorCancellation, WithCancellationTokenReachesTheIterator) {
  CancellationTokenSource cts;
  CancellationToken seen;
  auto e = LoweredCounter(&seen).WithCancellation(cts.Token()).GetAsyncEnumerator();
  ASSERT_TRUE(Next(e));
  EXPECT_EQ(e.Current(), 0);
  EXPECT_TRUE(seen == cts.Token());
  ASSERT_TRUE(Next(e));
  EXPECT_EQ(e.Current(), 1);
  cts.Cancel();
  // MoveNextAsync itself is canceled now (the enumerator checks the token).
  EXPECT_THROW(Next(e), async::OperationCanceledException);
  e.DisposeAsync().GetAwaiter().GetResult();
}

TEST(EnumeratorCancellation, GetAsyncEnumeratorTokenAndNone) {
  CancellationTokenSource cts;
  CancellationToken seen(true);
  auto e = LoweredCounter(&seen).GetAsyncEnumerator(cts.Token());
  ASSERT_TRUE(Next(e));
  EXPECT_TRUE(seen == cts.Token());
  e.DisposeAsync().GetAwaiter().GetResult();

  auto n = LoweredCounter(&seen).GetAsyncEnumerator();
  ASSERT_TRUE(Next(n));
  EXPECT_TRUE(seen == CancellationToken::None());
  EXPECT_FALSE(seen.CanBeCanceled());
  n.DisposeAsync().GetAwaiter().GetResult();
}

TEST(EnumeratorCancellation, LastWithCancellationWins) {
  CancellationTokenSource a, b;
  CancellationToken seen;
  auto e = LoweredCounter(&seen).WithCancellation(a.Token()).WithCancellation(b.Token()).GetAsyncEnumerator();
  ASSERT_TRUE(Next(e));
  EXPECT_TRUE(seen == b.Token());
  e.DisposeAsync().GetAwaiter().GetResult();
}

TEST(EnumeratorCancellation, OutsideAnIteratorThrows) {
  auto awaiter = async::GetAwaiter(async::CurrentEnumeratorCancellation());
  EXPECT_FALSE(awaiter.IsCompleted());
  bool resumed = false;
  awaiter.UnsafeOnCompleted(async::Continuation([&] { resumed = true; }));
  EXPECT_TRUE(resumed);  // a Task's builder resumes at once ...
  EXPECT_THROW(awaiter.GetResult(), async::InvalidOperationException);  // ... and the await throws
}

}  // namespace
