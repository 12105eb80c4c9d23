// SPEC §4 ownership: abandoned tasks, destroyed suspended machines, no leaks
// (run under LSan).
#include <atomic>
#include <memory>
#include <thread>

#include <gtest/gtest.h>

#include <async/async.h>

#include "machines.h"
#include "test_util.h"

namespace {

using namespace std::chrono_literals;
using asyncc_test::Log;
using async::Continuation;
using async::InvalidOperationException;
using async::TaskCompletionSource;
using async::TaskStatus;

TEST(Abandonment, TcsDestroyedUncompletedAbandonsTheTask) {
  async::Task<int> task;
  {
    TaskCompletionSource<int> tcs;
    TaskCompletionSource<int> copy = tcs;
    task = tcs.Task();
  }
  EXPECT_EQ(task.Status(), TaskStatus::WaitingForActivation);
  EXPECT_FALSE(task.IsCompleted());
  EXPECT_THROW(task.Wait(), InvalidOperationException);
  EXPECT_THROW((void)task.Result(), InvalidOperationException);
  EXPECT_THROW(task.GetAwaiter().GetResult(), InvalidOperationException);
  try {
    task.Wait();
  } catch (const InvalidOperationException& e) {
    EXPECT_NE(std::string(e.what()).find("abandoned"), std::string::npos);
  }
}

TEST(Abandonment, LastCopyKeepsTheTaskAlive) {
  TaskCompletionSource<int> keep;
  async::Task<int> task = keep.Task();
  { TaskCompletionSource<int> copy = keep; }
  keep.SetResult(3);
  EXPECT_EQ(task.Result(), 3);
}

TEST(Abandonment, BlockedWaiterWakesWithInvalidOperation) {
  auto tcs = std::make_unique<TaskCompletionSource<>>();
  async::Task<> task = tcs->Task();
  std::atomic<bool> threw{false};
  std::thread t([&] {
    try {
      task.Wait();
    } catch (const InvalidOperationException&) {
      threw = true;
    }
  });
  std::this_thread::sleep_for(20ms);
  tcs.reset();
  t.join();
  EXPECT_TRUE(threw.load());
}

TEST(Abandonment, ContinuationsAreReleasedUninvoked) {
  auto capture = std::make_shared<int>(0);
  bool invoked = false;
  {
    TaskCompletionSource<int> tcs;
    tcs.Task().GetAwaiter().OnCompleted(Continuation([capture, &invoked] { invoked = true; }));
    EXPECT_EQ(capture.use_count(), 2);
  }
  EXPECT_FALSE(invoked);
  EXPECT_EQ(capture.use_count(), 1);
}

TEST(Abandonment, SuspendedMachineIsDestroyedWithItsLocals) {
  Log log;
  async::Task<int> task;
  {
    TaskCompletionSource<int> tcs;
    task = asyncc_test::AddOneAsync(tcs.Task(), &log);
    EXPECT_EQ(log.Joined(), "start +local");
  }
  // The awaited TCS is gone: the machine was destroyed at its await.
  EXPECT_EQ(log.Joined(), "start +local ~local");
  EXPECT_EQ(task.Status(), TaskStatus::WaitingForActivation);
  EXPECT_THROW(task.Wait(), InvalidOperationException);
}

TEST(Abandonment, CascadesThroughAwaitingMachines) {
  Log log;
  async::Task<int> outer;
  {
    TaskCompletionSource<int> tcs;
    outer = asyncc_test::ChainAsync(asyncc_test::AddOneAsync(tcs.Task(), &log));
  }
  EXPECT_EQ(log.Joined(), "start +local ~local");
  EXPECT_THROW((void)outer.Result(), InvalidOperationException);
}

TEST(Abandonment, LongChainOfAwaitingMachinesDoesNotRecursePerMachine) {
  async::Task<int> t;
  {
    TaskCompletionSource<int> tcs;
    t = tcs.Task();
    for (int i = 0; i < 20000; ++i) t = asyncc_test::ChainAsync(std::move(t));
  }
  EXPECT_THROW(t.Wait(), InvalidOperationException);
}

TEST(Abandonment, DroppingTheTaskDoesNotStopTheMachine) {
  Log log;
  TaskCompletionSource<int> tcs;
  (void)asyncc_test::AddOneAsync(tcs.Task(), &log);
  tcs.SetResult(1);
  EXPECT_EQ(log.Joined(), "start +local resumed ~local");
}

TEST(Abandonment, DroppedTaskAndDroppedTcsFreeEverything) {
  Log log;
  {
    TaskCompletionSource<int> tcs;
    (void)asyncc_test::SumAsync({async::FromResult(1), tcs.Task(), async::FromResult(2)}, &log);
  }
  EXPECT_EQ(log.Joined(), "got1");  // LSan checks the box was freed
}

// An awaiter that drops the continuation without storing it: the machine is
// destroyed re-entrantly, inside AwaitUnsafeOnCompleted.
struct DroppingAwaitable {
  struct Awaiter {
    bool IsCompleted() const { return false; }
    void UnsafeOnCompleted(Continuation) const {}
    void GetResult() const {}
  };
  Awaiter GetAwaiter() const { return {}; }
};

TEST(Abandonment, AwaiterDroppingTheContinuationDestroysTheMachineReentrantly) {
  Log log;
  async::Task<> task = asyncc_test::AwaitThenLogAsync(DroppingAwaitable{}, &log);
  EXPECT_EQ(log.Joined(), "+local ~local");
  EXPECT_EQ(task.Status(), TaskStatus::WaitingForActivation);
  EXPECT_THROW(task.Wait(), InvalidOperationException);
}

// An awaiter that stores k; the test decides when to drop or invoke it.
struct Parked {
  Continuation k;
};
struct ParkingAwaitable {
  std::shared_ptr<Parked> slot;
  struct Awaiter {
    std::shared_ptr<Parked> slot;
    bool IsCompleted() const { return false; }
    void OnCompleted(Continuation k) const { slot->k = std::move(k); }  // only OnCompleted
    void GetResult() const {}
  };
  Awaiter GetAwaiter() const { return Awaiter{slot}; }
};

TEST(Abandonment, ParkedContinuationDroppedLater) {
  Log log;
  auto slot = std::make_shared<Parked>();
  async::Task<> task = asyncc_test::AwaitThenLogAsync(ParkingAwaitable{slot}, &log);
  EXPECT_EQ(log.Joined(), "+local");
  slot->k.Reset();
  EXPECT_EQ(log.Joined(), "+local ~local");
  EXPECT_THROW(task.Wait(), InvalidOperationException);
}

TEST(Abandonment, ParkedContinuationInvokedTwiceResumesOnce) {
  Log log;
  auto slot = std::make_shared<Parked>();
  async::Task<> task = asyncc_test::AwaitThenLogAsync(ParkingAwaitable{slot}, &log);
  Continuation copy = slot->k;
  slot->k();
  copy();
  EXPECT_EQ(log.Joined(), "+local after ~local");
  EXPECT_TRUE(task.IsCompletedSuccessfully());
}

TEST(Abandonment, AsyncContextRunThrowsForAnAbandonedTask) {
  EXPECT_THROW(async::AsyncContext::Run([] {
                 TaskCompletionSource<int> tcs;
                 return tcs.Task();
               }),
               InvalidOperationException);
}

}  // namespace
