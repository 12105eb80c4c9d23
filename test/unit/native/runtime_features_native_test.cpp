// The runtime features of issue 4 through the native promise types, the
// same behaviour as the hand-lowered machines: AsyncLocal flow and Start
// isolation, scheduler capture, the stack dump (source_location sites), and
// deadlock detection.
#if !defined(__cpp_impl_coroutine)
#error "this test needs C++20 coroutines"
#endif

#include <sstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include <async/async.h>

#include "step_machine.h"

namespace native {

async::AsyncLocal<int> g_local;

async::Task<int> SetThenAwaitAsync(async::Task<int> input, int value) {
  g_local.SetValue(value);
  int v = co_await input;
  co_return v + g_local.Value();
}

TEST(NativeExecutionContext, FlowsIntoAwaitsAndDoesNotLeakToTheCaller) {
  g_local.SetValue(1);
  auto sync = SetThenAwaitAsync(async::FromResult(10), 2);
  EXPECT_EQ(sync.Result(), 12);
  EXPECT_EQ(g_local.Value(), 1);
  async::TaskCompletionSource<int> tcs;
  auto pending = SetThenAwaitAsync(tcs.Task(), 3);
  EXPECT_EQ(g_local.Value(), 1);
  std::thread([&] { tcs.SetResult(10); }).join();
  EXPECT_EQ(pending.Result(), 13);
  EXPECT_EQ(g_local.Value(), 1);
  g_local.SetValue(0);
}

async::Task<std::thread::id> ResumeThreadAsync(async::Task<int> input) {
  co_await input;
  co_return std::this_thread::get_id();
}

TEST(NativeTaskScheduler, ContinuationsReturnToTheCapturedScheduler) {
  asyncc_test::SingleThreadScheduler s;
  async::TaskCompletionSource<int> tcs;
  auto outer = async::TaskFactory(s).StartNew([&] { return ResumeThreadAsync(tcs.Task()); });
  auto inner = outer.Result();
  tcs.SetResult(1);
  EXPECT_EQ(inner.Result(), s.ThreadId());
}

constexpr int kInnerLine = __LINE__ + 2;
async::Task<int> InnerAsync(async::Task<int> input) {
  int v = co_await input;
  co_return v;
}
constexpr int kMiddleLine = __LINE__ + 2;
async::Task<int> MiddleAsync(async::Task<int> input) {
  co_return co_await InnerAsync(std::move(input));
}
constexpr int kOuterLine = __LINE__ + 2;
async::Task<int> OuterAsync(async::Task<int> input) {
  co_return co_await MiddleAsync(std::move(input));
}

std::string Dump() {
  std::ostringstream out;
  async::DumpPendingTasks(out);
  return out.str();
}

TEST(NativePendingTasks, ThreeDeepChainShowsEveryFrameInnermostFirst) {
  async::TaskCompletionSource<int> tcs;
  auto outer = OuterAsync(tcs.Task());
  const std::string dump = Dump();
  const std::string file = __FILE__;
  const std::string expected = "  at native::InnerAsync (" + file + ":" + std::to_string(kInnerLine) +
                               ")\n  at native::MiddleAsync (" + file + ":" + std::to_string(kMiddleLine) +
                               ")\n  at native::OuterAsync (" + file + ":" + std::to_string(kOuterLine) + ")\n\n";
  EXPECT_NE(dump.find(expected), std::string::npos) << dump << "expected:\n" << expected;
  EXPECT_EQ(dump.rfind("async task ", 0), 0u) << dump;
  tcs.SetResult(1);
  EXPECT_EQ(outer.Result(), 1);
  EXPECT_EQ(Dump(), "");
}

TEST(NativeDeadlock, WaitOnTheAsyncContextThreadIsDetected) {
  std::string message;
  async::AsyncContext::Run([&] {
    async::TaskCompletionSource<int> tcs;
    auto t = OuterAsync(tcs.Task());
    async::Run([tcs]() mutable { tcs.SetResult(1); });
    try {
      t.Wait();
    } catch (const async::InvalidOperationException& e) {
      message = e.what();
    }
    return t;
  });
  EXPECT_EQ(message.rfind("deadlock: blocking Wait() on the AsyncContext thread", 0), 0u) << message;
}

}  // namespace native
