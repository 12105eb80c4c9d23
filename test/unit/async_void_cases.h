// AsyncVoid and AsyncContext::Run checks shared by the lowered build
// (async_void_test.cpp: a hand-lowered AsyncVoidMethodBuilder machine) and
// the native build (native/async_void_native_test.cpp: the same function as
// a C++20 coroutine). Before including, define
//   ASYNCC_VOID_SUITE   the GoogleTest suite name
// and, in the including namespace,
//   // ASYNC async::AsyncVoid VoidThen(async::Task<> a, std::function<void()> after) {
//   //   co_await a;
//   //   after();
//   // }
//   async::AsyncVoid VoidThen(async::Task<> a, std::function<void()> after);
// No include guard: included once per test program.

#include <algorithm>
#include <atomic>
#include <functional>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <async/async.h>

#include "test_util.h"

using asyncc_test::Log;

// A context that records OperationStarted / OperationCompleted and runs posts
// on the thread pool (the base class's Post).
class CountingContext final : public async::SynchronizationContext {
 public:
  void OperationStarted() override { ++started; }
  void OperationCompleted() override { ++completed; }
  std::atomic<int> started{0};
  std::atomic<int> completed{0};
};

TEST(ASYNCC_VOID_SUITE, RunWaitsForAsyncVoidsThatFinishAfterTheMainTask) {
  Log log;
  // The main task completes synchronously; each AsyncVoid resumes through
  // the context's queue after it. The pool jobs wait for the gate, opened
  // once the main task has logged, so none is complete when awaited.
  std::promise<void> gate;
  std::shared_future<void> opened = gate.get_future().share();
  int result = async::AsyncContext::Run([&] {
    for (int i = 0; i < 3; ++i) {
      VoidThen(async::Run([opened] { opened.wait(); }),
               [&log, i] { log.Add("pool-" + std::to_string(i)); });
      VoidThen(async::CompletedTask(), [&log, i] {
        VoidThen(async::Delay(std::chrono::milliseconds(1)),
                 [&log, i] { log.Add("delay-" + std::to_string(i)); });
      });
    }
    log.Add("main");
    gate.set_value();
    return async::FromResult(7);
  });
  EXPECT_EQ(result, 7);
  auto entries = log.Entries();
  ASSERT_EQ(entries.size(), 7u) << log.Joined();
  EXPECT_EQ(entries.front(), "main");
  for (int i = 0; i < 3; ++i) {
    EXPECT_NE(std::find(entries.begin(), entries.end(), "pool-" + std::to_string(i)), entries.end());
    EXPECT_NE(std::find(entries.begin(), entries.end(), "delay-" + std::to_string(i)), entries.end());
  }
}

TEST(ASYNCC_VOID_SUITE, RunWaitsForAsyncVoidsResumedOnTheLoopThread) {
  Log log;
  std::thread::id loop = std::this_thread::get_id();
  std::atomic<bool> on_loop{true};
  async::TaskCompletionSource<> gate;
  async::Task<> outer;
  async::AsyncContext::Run([&] {
    VoidThen(gate.Task(), [&] {
      if (std::this_thread::get_id() != loop) on_loop = false;
      log.Add("void");
    });
    // Completed from another thread once the main task has finished.
    outer = async::Run([gate]() mutable { gate.SetResult(); });
    return async::CompletedTask();
  });
  EXPECT_EQ(log.Joined(), "void");
  EXPECT_TRUE(on_loop.load());
  outer.Wait();
}

TEST(ASYNCC_VOID_SUITE, ExceptionEscapingAnAsyncVoidAfterTheMainTaskIsRethrownByRun) {
  bool main_done = false;
  try {
    async::AsyncContext::Run([&] {
      VoidThen(async::Run([] {}), [] { throw std::runtime_error("escaped"); });
      main_done = true;
      return async::CompletedTask();
    });
    FAIL() << "Run returned";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "escaped");
  }
  EXPECT_TRUE(main_done);
}

TEST(ASYNCC_VOID_SUITE, FaultedMainTaskIsRethrownAfterTheAsyncVoidsFinish) {
  Log log;
  try {
    async::AsyncContext::Run([&]() -> async::Task<> {
      VoidThen(async::Run([] {}), [&log] { log.Add("void"); });
      return async::FromException(std::make_exception_ptr(std::logic_error("main")));
    });
    FAIL() << "Run returned";
  } catch (const std::logic_error& e) {
    EXPECT_STREQ(e.what(), "main");
  }
  EXPECT_EQ(log.Joined(), "void");
}

TEST(ASYNCC_VOID_SUITE, AbandonedAsyncVoidDoesNotKeepRunWaiting) {
  Log log;
  int r = async::AsyncContext::Run([&] {
    async::TaskCompletionSource<> tcs;
    VoidThen(tcs.Task(), [&log] { log.Add("never"); });
    return async::FromResult(3);
    // tcs is dropped here uncompleted: the AsyncVoid is abandoned.
  });
  EXPECT_EQ(r, 3);
  EXPECT_EQ(log.Joined(), "");
}

TEST(ASYNCC_VOID_SUITE, TellsTheContextOperationStartedAndCompleted) {
  CountingContext context;
  async::TaskCompletionSource<> tcs;
  std::atomic<int> ran{0};
  {
    asyncc_test::ContextScope scope(&context);
    VoidThen(tcs.Task(), [&ran] { ++ran; });
    VoidThen(async::CompletedTask(), [&ran] { ++ran; });
  }
  EXPECT_EQ(context.started.load(), 2);
  EXPECT_EQ(context.completed.load(), 1);  // the synchronous one
  tcs.SetResult();  // its continuation is posted to the pool (the base Post)
  EXPECT_TRUE(asyncc_test::WaitUntil([&] { return context.completed.load() == 2; }));
  EXPECT_EQ(ran.load(), 2);
}

TEST(ASYNCC_VOID_SUITE, NoContextMeansNoOperationCount) {
  std::atomic<int> ran{0};
  ASSERT_EQ(async::SynchronizationContext::Current(), nullptr);
  VoidThen(async::Run([] {}), [&ran] { ++ran; });
  EXPECT_TRUE(asyncc_test::WaitUntil([&] { return ran.load() == 1; }));
}

TEST(ASYNCC_VOID_SUITE, NestedAsyncVoidsAreAllWaitedFor) {
  std::atomic<int> finished{0};
  std::function<void(int)> spawn = [&](int depth) {
    VoidThen(async::Run([] {}), [&, depth] {
      if (depth < 5) {
        spawn(depth + 1);
        spawn(depth + 1);
      }
      ++finished;
    });
  };
  async::AsyncContext::Run([&] {
    spawn(0);
    return async::CompletedTask();
  });
  EXPECT_EQ(finished.load(), 63);  // 2^6 - 1 calls
}
