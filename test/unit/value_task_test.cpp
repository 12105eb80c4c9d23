// ValueTask<T>, IValueTaskSource<T>, ManualResetValueTaskSourceCore<T>,
// AsyncValueTaskMethodBuilder<T>.
#include <atomic>
#include <cstdlib>
#include <new>
#include <stdexcept>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include <async/async.h>

#include "test_util.h"

// Counts operator new calls on the thread that enables counting (to prove
// that a ValueTask from a result does not allocate).
namespace {
thread_local bool t_count_allocations = false;
thread_local long t_allocations = 0;
void* CountedAlloc(std::size_t n) {
  if (t_count_allocations) ++t_allocations;
  if (n == 0) n = 1;
  void* p = std::malloc(n);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
}  // namespace
void* operator new(std::size_t n) { return CountedAlloc(n); }
void* operator new[](std::size_t n) { return CountedAlloc(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return CountedAlloc(n);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return CountedAlloc(n);
  } catch (...) {
    return nullptr;
  }
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace {

using asyncc_test::Slot;
using async::Continuation;
using async::ValueTask;

// ASYNC async::ValueTask<int> AddOneValueAsync(async::ValueTask<int> input) {
//   int v = co_await input;
//   co_return v + 1;
// }
async::ValueTask<int> AddOneValueAsync(async::ValueTask<int> input) {
  struct AddOneValueAsync_StateMachine final : async::IAsyncStateMachine {
    async::AsyncValueTaskMethodBuilder<int> sm_builder;
    int sm_state = -1;
    async::ValueTask<int> input;
    Slot<async::AwaiterOf<async::ValueTask<int>&>> sm_awaiter0;
    AddOneValueAsync_StateMachine(async::AsyncValueTaskMethodBuilder<int> builder,
                                  async::ValueTask<int>&& input_)
        : sm_builder(builder), input(std::move(input_)) {}
    ~AddOneValueAsync_StateMachine() override {
      if (sm_state == 0) sm_awaiter0.Destroy();
    }
    void MoveNext() override {
      try {
        if (sm_state == 0) goto resume0;
        sm_awaiter0.Construct(async::GetAwaiter(input));
        if (!sm_awaiter0.Get().IsCompleted()) {
          sm_state = 0;
          sm_builder.AwaitUnsafeOnCompleted(sm_awaiter0.Get(), *this);
          return;
        }
      resume0:
        sm_state = -1;
        {
          int v;
          try {
            v = sm_awaiter0.Get().GetResult();
          } catch (...) {
            sm_awaiter0.Destroy();
            throw;
          }
          sm_awaiter0.Destroy();
          sm_builder.SetReturnValue(v + 1);
        }
      } catch (...) {
        sm_state = -2;
        sm_builder.SetException(std::current_exception());
        return;
      }
      sm_state = -2;
      sm_builder.SetResult();
    }
  };
  auto& sm = async::AsyncValueTaskMethodBuilder<int>::Create<AddOneValueAsync_StateMachine>(std::move(input));
  async::ValueTask<int> task = sm.sm_builder.Task();
  sm.sm_builder.Start(sm);
  return task;
}

// A reusable source, as .NET's pooled IValueTaskSource implementations.
class Source final : public async::IValueTaskSource<int> {
 public:
  async::ManualResetValueTaskSourceCore<int> core;
  ValueTask<int> Next() {
    core.Reset();
    return ValueTask<int>(this, core.Version());
  }
  async::ValueTaskSourceStatus GetStatus(short token) override { return core.GetStatus(token); }
  void OnCompleted(Continuation k, short token, async::ValueTaskSourceOnCompletedFlags flags) override {
    core.OnCompleted(std::move(k), token, flags);
  }
  int GetResult(short token) override { return core.GetResult(token); }
};

TEST(ValueTask, FromAResultCompletesSynchronouslyWithoutAllocating) {
  t_allocations = 0;
  t_count_allocations = true;
  ValueTask<int> vt(41);
  bool completed = vt.IsCompletedSuccessfully();
  auto awaiter = vt.GetAwaiter();
  bool ready = awaiter.IsCompleted();
  int v = awaiter.GetResult();
  ValueTask<> done;
  bool done_completed = done.IsCompleted();
  done.GetAwaiter().GetResult();
  auto from = async::ValueTaskFromResult(std::string("short"));
  std::string s = from.GetAwaiter().GetResult();
  t_count_allocations = false;
  EXPECT_EQ(t_allocations, 0);
  EXPECT_TRUE(completed && ready && done_completed);
  EXPECT_EQ(v, 41);
  EXPECT_EQ(s, "short");
}

TEST(ValueTask, AwaitingTheSameObjectTwiceThrows) {
  ValueTask<int> vt(1);
  EXPECT_EQ(vt.GetAwaiter().GetResult(), 1);
  EXPECT_THROW(vt.GetAwaiter(), async::InvalidOperationException);
  ValueTask<int> moved(2);
  ValueTask<int> to(std::move(moved));
  EXPECT_THROW(moved.GetAwaiter(), async::InvalidOperationException);
  EXPECT_EQ(to.GetAwaiter().GetResult(), 2);
  // In a machine: the second await faults the machine's task.
  ValueTask<int> twice(5);
  EXPECT_EQ(AddOneValueAsync(twice).GetAwaiter().GetResult(), 6);  // a copy
  (void)twice.GetAwaiter();
  ValueTask<int> consumed = twice;  // copies the consumed flag
  ValueTask<int> r = AddOneValueAsync(consumed);
  EXPECT_TRUE(r.IsFaulted());
  EXPECT_THROW(r.GetAwaiter().GetResult(), async::InvalidOperationException);
}

TEST(ValueTask, BackedByATask) {
  async::TaskCompletionSource<int> tcs;
  ValueTask<int> vt(tcs.Task());
  EXPECT_FALSE(vt.IsCompleted());
  ValueTask<int> r = AddOneValueAsync(std::move(vt));
  EXPECT_FALSE(r.IsCompleted());
  tcs.SetResult(9);
  EXPECT_TRUE(r.IsCompletedSuccessfully());
  EXPECT_EQ(r.AsTask().Result(), 10);
  ValueTask<int> f(async::FromException<int>(std::make_exception_ptr(std::runtime_error("f"))));
  EXPECT_TRUE(f.IsFaulted());
  EXPECT_THROW(f.GetAwaiter().GetResult(), std::runtime_error);
}

TEST(ValueTask, BackedByAReusableSourceWithVersionTokens) {
  Source src;
  for (int round = 0; round < 3; ++round) {
    ValueTask<int> vt = src.Next();
    EXPECT_FALSE(vt.IsCompleted());
    ValueTask<int> r = AddOneValueAsync(vt);
    EXPECT_FALSE(r.IsCompleted());
    src.core.SetResult(round * 10);
    ASSERT_TRUE(r.IsCompletedSuccessfully());
    EXPECT_EQ(r.AsTask().Result(), round * 10 + 1);
    // The operation's token is stale after the source is reset.
    short old = src.core.Version();
    src.core.Reset();
    EXPECT_THROW(src.core.GetStatus(old), async::InvalidOperationException);
    EXPECT_THROW(src.core.GetResult(old), async::InvalidOperationException);
  }
  ValueTask<int> failing = src.Next();
  src.core.SetException(std::make_exception_ptr(async::OperationCanceledException()));
  EXPECT_TRUE(failing.IsCanceled());
  EXPECT_THROW(failing.GetAwaiter().GetResult(), async::OperationCanceledException);
  ValueTask<int> late = src.Next();
  src.core.SetResult(3);
  EXPECT_THROW(src.core.SetResult(4), async::InvalidOperationException);
  async::Task<int> t = late.AsTask();
  EXPECT_EQ(t.Result(), 3);
  EXPECT_THROW(late.GetAwaiter(), async::InvalidOperationException);  // AsTask consumed it
}

TEST(ValueTask, SourceContinuationRunsInlineOrAsynchronously) {
  Source src;
  ValueTask<int> vt = src.Next();
  std::thread::id ran_on;
  src.core.OnCompleted(Continuation([&] { ran_on = std::this_thread::get_id(); }), src.core.Version(),
                       async::ValueTaskSourceOnCompletedFlags::None);
  EXPECT_THROW(src.core.OnCompleted(Continuation([] {}), src.core.Version(),
                                    async::ValueTaskSourceOnCompletedFlags::None),
               async::InvalidOperationException);
  src.core.SetResult(1);
  EXPECT_EQ(ran_on, std::this_thread::get_id());
  src.core.Reset();
  src.core.RunContinuationsAsynchronously = true;
  std::atomic<bool> on_pool{false}, ran{false};
  src.core.OnCompleted(Continuation([&] {
                         on_pool = async::detail::IsThreadPoolThread();
                         ran = true;
                       }),
                       src.core.Version(), async::ValueTaskSourceOnCompletedFlags::None);
  src.core.SetResult(2);
  ASSERT_TRUE(asyncc_test::WaitUntil([&] { return ran.load(); }));
  EXPECT_TRUE(on_pool.load());
  // Captured context: the continuation is posted to it.
  asyncc_test::ManualContext ctx;
  src.core.Reset();
  src.core.RunContinuationsAsynchronously = false;
  int n = 0;
  {
    asyncc_test::ContextScope scope(&ctx);
    src.core.OnCompleted(Continuation([&] { ++n; }), src.core.Version(),
                         async::ValueTaskSourceOnCompletedFlags::UseSchedulingContext);
  }
  src.core.SetResult(3);
  EXPECT_EQ(n, 0);
  EXPECT_EQ(ctx.RunAll(), 1);
  EXPECT_EQ(n, 1);
}

TEST(ValueTask, VoidValueTask) {
  ValueTask<> done;
  EXPECT_TRUE(done.IsCompletedSuccessfully());
  async::TaskCompletionSource<> tcs;
  ValueTask<> vt(tcs.Task());
  auto a = vt.ConfigureAwait(false).GetAwaiter();
  EXPECT_FALSE(a.IsCompleted());
  tcs.SetResult();
  EXPECT_TRUE(a.IsCompleted());
  a.GetResult();
  EXPECT_THROW(vt.GetAwaiter(), async::InvalidOperationException);
}

}  // namespace
