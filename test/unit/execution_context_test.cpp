// ExecutionContext and AsyncLocal<T>: values flow into awaits (the
// continuation runs under the context captured at the await), into Run and
// StartNew, never back out of an async method into its caller (Start saves
// and restores), SuppressFlow / RestoreFlow, Capture / Run.
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include <async/async.h>

#include "step_machine.h"
#include "test_util.h"

namespace {

using asyncc_test::NoSite;
using asyncc_test::StepAsync;
using asyncc_test::Then;

TEST(AsyncLocal, DefaultValueAndSetOnTheCurrentFlow) {
  async::AsyncLocal<int> local;
  async::AsyncLocal<std::string> name;
  EXPECT_EQ(local.Value(), 0);
  EXPECT_EQ(name.Value(), "");
  local.SetValue(5);
  name.SetValue("x");
  EXPECT_EQ(local.Value(), 5);
  EXPECT_EQ(name.Value(), "x");
  async::ExecutionContext::Run(async::ExecutionContext::Default(), [&] {
    EXPECT_EQ(local.Value(), 0);
    local.SetValue(9);
    EXPECT_EQ(local.Value(), 9);
  });
  EXPECT_EQ(local.Value(), 5);  // Run restored the thread's context
  local.SetValue(0);
  name.SetValue("");
}

TEST(AsyncLocal, FlowsIntoTheContinuationOfAnAwait) {
  async::AsyncLocal<int> local;
  async::TaskCompletionSource<int> tcs;
  local.SetValue(7);
  int seen = -1;
  auto t = Then(tcs.Task(), [&](int v) {
    seen = local.Value();
    local.SetValue(100);  // must not leak to the completing thread
    return v;
  });
  local.SetValue(8);  // the await captured 7
  std::thread completer([&] {
    EXPECT_EQ(local.Value(), 0);
    tcs.SetResult(1);  // resumes inline on this thread, under the captured context
    EXPECT_EQ(local.Value(), 0);
  });
  completer.join();
  EXPECT_EQ(t.Result(), 1);
  EXPECT_EQ(seen, 7);
  EXPECT_EQ(local.Value(), 8);
  local.SetValue(0);
}

TEST(AsyncLocal, ChangesInsideAnAsyncMethodDoNotLeakToItsCaller) {
  async::AsyncLocal<int> local;
  local.SetValue(1);
  // Completes synchronously.
  auto sync = StepAsync<NoSite>(async::FromResult(3), [&] { local.SetValue(2); },
                                [&](int v) { return v + local.Value(); });
  EXPECT_EQ(sync.Result(), 5);
  EXPECT_EQ(local.Value(), 1);
  // Suspends: the value set before the await is seen after it, not by the caller.
  async::TaskCompletionSource<int> tcs;
  auto pending = StepAsync<NoSite>(tcs.Task(), [&] { local.SetValue(3); },
                                   [&](int v) { return v + local.Value(); });
  EXPECT_EQ(local.Value(), 1);
  tcs.SetResult(10);
  EXPECT_EQ(pending.Result(), 13);
  EXPECT_EQ(local.Value(), 1);
  local.SetValue(0);
}

TEST(AsyncLocal, StartRestoresTheSynchronizationContextToo) {
  asyncc_test::ManualContext ctx;
  auto t = StepAsync<NoSite>(async::FromResult(1),
                             [&] { async::SynchronizationContext::SetSynchronizationContext(&ctx); },
                             [](int v) { return v; });
  EXPECT_EQ(t.Result(), 1);
  EXPECT_EQ(async::SynchronizationContext::Current(), nullptr);
}

TEST(AsyncLocal, FlowsIntoRunAndStartNewAndPoolThreadsStartClean) {
  async::AsyncLocal<int> local;
  local.SetValue(42);
  EXPECT_EQ(async::Run([&] { return local.Value(); }).Result(), 42);
  EXPECT_EQ(async::TaskFactory().StartNew([&] { return local.Value(); }).Result(), 42);
  asyncc_test::SingleThreadScheduler s;
  EXPECT_EQ(async::TaskFactory(s).StartNew([&] { return local.Value(); }).Result(), 42);
  // A pool work item that sets a value leaves nothing behind for the next.
  local.SetValue(0);
  for (int i = 0; i < 50; ++i) {
    async::Run([&] { local.SetValue(i + 1); }).Wait();
    EXPECT_EQ(async::Run([&] { return local.Value(); }).Result(), 0);
  }
}

TEST(ExecutionContext, SuppressFlowStopsCaptureUntilRestored) {
  async::AsyncLocal<int> local;
  local.SetValue(3);
  EXPECT_FALSE(async::ExecutionContext::IsFlowSuppressed());
  EXPECT_TRUE(static_cast<bool>(async::ExecutionContext::Capture()));
  {
    async::AsyncFlowControl control = async::ExecutionContext::SuppressFlow();
    EXPECT_TRUE(async::ExecutionContext::IsFlowSuppressed());
    EXPECT_FALSE(static_cast<bool>(async::ExecutionContext::Capture()));
    EXPECT_EQ(local.Value(), 3);  // still visible here
    EXPECT_THROW(async::ExecutionContext::SuppressFlow(), async::InvalidOperationException);
    EXPECT_EQ(async::Run([&] { return local.Value(); }).Result(), 0);
    control.Undo();
    EXPECT_THROW(control.Undo(), async::InvalidOperationException);
  }
  EXPECT_FALSE(async::ExecutionContext::IsFlowSuppressed());
  EXPECT_THROW(async::ExecutionContext::RestoreFlow(), async::InvalidOperationException);
  EXPECT_EQ(async::Run([&] { return local.Value(); }).Result(), 3);
  {
    auto control = async::ExecutionContext::SuppressFlow();
    async::ExecutionContext::RestoreFlow();
    control = async::AsyncFlowControl();  // already restored: nothing to undo
  }
  local.SetValue(0);
}

TEST(ExecutionContext, AwaitWithSuppressedFlowRunsUnderTheResumingThreadsContext) {
  async::AsyncLocal<int> local;
  async::TaskCompletionSource<int> tcs;
  local.SetValue(1);
  int seen = -1;
  async::Task<int> t;
  {
    auto control = async::ExecutionContext::SuppressFlow();
    t = Then(tcs.Task(), [&](int v) {
      seen = local.Value();
      return v;
    });
  }
  std::thread completer([&] {
    local.SetValue(2);
    tcs.SetResult(0);
    EXPECT_EQ(local.Value(), 2);
  });
  completer.join();
  t.Wait();
  EXPECT_EQ(seen, 2);
  local.SetValue(0);
}

TEST(ExecutionContext, CaptureAndRunOnAnotherThread) {
  async::AsyncLocal<std::string> local;
  local.SetValue("captured");
  async::ExecutionContext ec = async::ExecutionContext::Capture();
  local.SetValue("later");
  std::string inside, after;
  std::thread other([&] {
    async::ExecutionContext::Run(ec, [&] { inside = local.Value(); });
    after = local.Value();
  });
  other.join();
  EXPECT_EQ(inside, "captured");
  EXPECT_EQ(after, "");
  EXPECT_THROW(async::ExecutionContext::Run(async::ExecutionContext(), [] {}),
               async::InvalidOperationException);
  // Run restores the previous context when f throws.
  EXPECT_THROW(async::ExecutionContext::Run(async::ExecutionContext::Default(),
                                            [&] {
                                              local.SetValue("inner");
                                              throw std::runtime_error("x");
                                            }),
               std::runtime_error);
  EXPECT_EQ(local.Value(), "later");
  local.SetValue("");
}

TEST(ExecutionContext, EachAwaitCapturesTheContextCurrentAtThatAwait) {
  async::AsyncLocal<int> local;
  async::TaskCompletionSource<int> first;
  std::vector<int> seen;
  // Outer awaits Inner; Inner's continuation sees Inner's value, Outer's
  // continuation sees Outer's (Inner's change did not leak).
  local.SetValue(1);
  auto inner_task = StepAsync<NoSite>(first.Task(), [&] { local.SetValue(2); },
                                      [&](int v) {
                                        seen.push_back(local.Value());
                                        return v;
                                      });
  auto outer_task = StepAsync<NoSite>(inner_task, [] {}, [&](int v) {
    seen.push_back(local.Value());
    return v;
  });
  local.SetValue(0);
  first.SetResult(1);
  outer_task.Wait();
  EXPECT_EQ(seen, (std::vector<int>{2, 1}));
}

}  // namespace
