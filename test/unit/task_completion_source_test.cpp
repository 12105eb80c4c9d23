#include <memory>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include <async/async.h>

namespace {

using async::AggregateException;
using async::InvalidOperationException;
using async::TaskCanceledException;
using async::TaskCompletionSource;
using async::TaskStatus;

std::string InnerMessage(const AggregateException& e, std::size_t i = 0) {
  try {
    std::rethrow_exception(e.InnerExceptions().at(i));
  } catch (const std::exception& inner) {
    return inner.what();
  }
}

TEST(TaskCompletionSource, SetResultCompletesTheTask) {
  TaskCompletionSource<int> tcs;
  async::Task<int> task = tcs.Task();
  EXPECT_EQ(task.Status(), TaskStatus::WaitingForActivation);
  EXPECT_FALSE(task.IsCompleted());
  tcs.SetResult(5);
  EXPECT_EQ(task.Status(), TaskStatus::RanToCompletion);
  EXPECT_TRUE(task.IsCompleted());
  EXPECT_TRUE(task.IsCompletedSuccessfully());
  EXPECT_FALSE(task.IsFaulted());
  EXPECT_FALSE(task.IsCanceled());
  EXPECT_EQ(task.Result(), 5);
  EXPECT_EQ(task.GetAwaiter().GetResult(), 5);
  EXPECT_EQ(task.Exception(), nullptr);
}

TEST(TaskCompletionSource, SecondSetThrowsAndTrySetReturnsFalse) {
  TaskCompletionSource<int> tcs;
  EXPECT_TRUE(tcs.TrySetResult(1));
  EXPECT_THROW(tcs.SetResult(2), InvalidOperationException);
  EXPECT_THROW(tcs.SetException(std::make_exception_ptr(std::runtime_error("x"))),
               InvalidOperationException);
  EXPECT_THROW(tcs.SetCanceled(), InvalidOperationException);
  EXPECT_FALSE(tcs.TrySetResult(3));
  EXPECT_FALSE(tcs.TrySetException(std::make_exception_ptr(std::runtime_error("x"))));
  EXPECT_FALSE(tcs.TrySetCanceled());
  EXPECT_EQ(tcs.Task().Result(), 1);
  EXPECT_EQ(tcs.Task().Status(), TaskStatus::RanToCompletion);
}

TEST(TaskCompletionSource, SetExceptionFaultsWithAggregate) {
  TaskCompletionSource<int> tcs;
  tcs.SetException(std::make_exception_ptr(std::runtime_error("bad")));
  async::Task<int> task = tcs.Task();
  EXPECT_EQ(task.Status(), TaskStatus::Faulted);
  EXPECT_TRUE(task.IsFaulted());
  AggregateException* agg = task.Exception();
  ASSERT_NE(agg, nullptr);
  EXPECT_EQ(agg, task.Exception());  // owned by the task, stable
  ASSERT_EQ(agg->InnerExceptions().size(), 1u);
  EXPECT_EQ(InnerMessage(*agg), "bad");
  EXPECT_STREQ(agg->what(), "One or more errors occurred. (bad)");
  try {
    (void)task.Result();
    FAIL() << "Result() did not throw";
  } catch (const AggregateException& e) {
    EXPECT_EQ(InnerMessage(e), "bad");
  }
  EXPECT_THROW(task.Wait(), AggregateException);
  // The awaiter throws the exception itself.
  EXPECT_THROW(task.GetAwaiter().GetResult(), std::runtime_error);
  EXPECT_THROW(tcs.SetResult(1), InvalidOperationException);
}

TEST(TaskCompletionSource, SetCanceledCancels) {
  async::CancellationTokenSource cts;
  cts.Cancel();
  TaskCompletionSource<> tcs;
  EXPECT_TRUE(tcs.TrySetCanceled(cts.Token()));
  async::Task<> task = tcs.Task();
  EXPECT_EQ(task.Status(), TaskStatus::Canceled);
  EXPECT_TRUE(task.IsCanceled());
  EXPECT_EQ(task.Exception(), nullptr);
  try {
    task.Wait();
    FAIL() << "Wait() did not throw";
  } catch (const AggregateException& e) {
    ASSERT_EQ(e.InnerExceptions().size(), 1u);
    EXPECT_THROW(std::rethrow_exception(e.InnerExceptions()[0]), TaskCanceledException);
  }
  try {
    task.GetAwaiter().GetResult();
    FAIL() << "GetResult() did not throw";
  } catch (const TaskCanceledException& e) {
    EXPECT_TRUE(e.CancellationToken() == cts.Token());
  }
  EXPECT_FALSE(tcs.TrySetResult());
  EXPECT_THROW(tcs.SetCanceled(), InvalidOperationException);
}

TEST(TaskCompletionSource, VoidAndCopiesShareOneTask) {
  TaskCompletionSource<> tcs;
  TaskCompletionSource<> copy = tcs;
  EXPECT_TRUE(tcs.Task() == copy.Task());
  copy.SetResult();
  EXPECT_TRUE(tcs.Task().IsCompletedSuccessfully());
  EXPECT_THROW(tcs.SetResult(), InvalidOperationException);
  tcs.Task().Wait();
  tcs.Task().Result();
}

TEST(TaskCompletionSource, MoveOnlyResultIsMovedOutByRvalueAwait) {
  TaskCompletionSource<std::unique_ptr<int>> tcs;
  tcs.SetResult(std::make_unique<int>(7));
  async::Task<std::unique_ptr<int>> task = tcs.Task();
  EXPECT_EQ(*task.Result(), 7);  // lvalue: a reference into the task
  async::Task<std::unique_ptr<int>> other = task;
  std::unique_ptr<int> moved = std::move(other).GetAwaiter().GetResult();
  ASSERT_NE(moved, nullptr);
  EXPECT_EQ(*moved, 7);
  EXPECT_EQ(task.Result(), nullptr);  // consumed
}

TEST(TaskCompletionSource, LvalueAwaitCopies) {
  TaskCompletionSource<std::string> tcs;
  tcs.SetResult(std::string("hello"));
  async::Task<std::string> task = tcs.Task();
  std::string a = task.GetAwaiter().GetResult();
  std::string b = task.GetAwaiter().GetResult();
  EXPECT_EQ(a, "hello");
  EXPECT_EQ(b, "hello");
  std::string c = async::Task<std::string>(task).GetAwaiter().GetResult();
  EXPECT_EQ(c, "hello");
  EXPECT_EQ(task.Result(), "");  // the rvalue await moved it out
}

TEST(TaskFactories, FromResultCompletedTaskFromExceptionFromCanceled) {
  auto r = async::FromResult(3);
  static_assert(std::is_same_v<decltype(r), async::Task<int>>);
  EXPECT_EQ(r.Result(), 3);
  async::Task<> done = async::CompletedTask();
  EXPECT_TRUE(done.IsCompletedSuccessfully());
  auto faulted = async::FromException<int>(std::make_exception_ptr(std::logic_error("le")));
  EXPECT_TRUE(faulted.IsFaulted());
  EXPECT_THROW(faulted.GetAwaiter().GetResult(), std::logic_error);
  async::CancellationTokenSource cts;
  cts.Cancel();
  auto canceled = async::FromCanceled(cts.Token());
  EXPECT_TRUE(canceled.IsCanceled());
  EXPECT_THROW(canceled.GetAwaiter().GetResult(), TaskCanceledException);
  async::Task<int> empty;
  EXPECT_FALSE(empty.IsValid());
  EXPECT_THROW((void)empty.IsCompleted(), InvalidOperationException);
}

TEST(Exceptions, HierarchyAndMessages) {
  async::TaskCanceledException tce;
  const async::OperationCanceledException& oce = tce;
  EXPECT_STREQ(oce.what(), "A task was canceled.");
  EXPECT_STREQ(async::OperationCanceledException().what(), "The operation was canceled.");
  EXPECT_STREQ(async::InvalidOperationException("m").what(), "m");
  EXPECT_STREQ(async::TimeoutException().what(), "The operation has timed out.");
  const std::exception& base = async::ObjectDisposedException("d");
  EXPECT_STREQ(base.what(), "d");
  EXPECT_TRUE(async::detail::IsOperationCanceled(std::make_exception_ptr(tce)));
  EXPECT_FALSE(async::detail::IsOperationCanceled(std::make_exception_ptr(std::runtime_error("r"))));
}

TEST(Cancellation, TokenSourceRegisterAndLinked) {
  EXPECT_FALSE(async::CancellationToken::None().CanBeCanceled());
  EXPECT_NO_THROW(async::CancellationToken::None().ThrowIfCancellationRequested());
  async::CancellationTokenSource a, b;
  auto linked = async::CancellationTokenSource::CreateLinkedTokenSource(a.Token(), b.Token());
  std::string order;
  auto r1 = a.Token().Register([&] { order += "1"; });
  auto r2 = a.Token().Register([&] { order += "2"; });
  auto r3 = a.Token().Register([&] { order += "3"; });
  r2.Dispose();
  EXPECT_FALSE(linked.IsCancellationRequested());
  a.Cancel();
  EXPECT_EQ(order, "31");  // reverse registration order; disposed one skipped
  EXPECT_TRUE(linked.IsCancellationRequested());
  EXPECT_FALSE(b.IsCancellationRequested());
  EXPECT_THROW(a.Token().ThrowIfCancellationRequested(), async::OperationCanceledException);
  bool ran = false;
  a.Token().Register([&] { ran = true; });  // already canceled: runs at once
  EXPECT_TRUE(ran);
}

// Completion claims the task before storing the result (lock-free when no
// continuation is registered); a result whose copy throws withdraws the
// claim, so the task stays pending and can still complete, with or without
// a continuation registered meanwhile.
struct ThrowingCopy {
  bool fail = false;
  int value = 0;
  ThrowingCopy() = default;
  ThrowingCopy(bool f, int v) : fail(f), value(v) {}
  ThrowingCopy(const ThrowingCopy& o) : fail(false), value(o.value) {
    if (o.fail) throw std::runtime_error("copy");
  }
};

TEST(TaskCompletionSource, ResultCopyThatThrowsLeavesTheTaskPending) {
  for (bool registered : {false, true}) {
    TaskCompletionSource<ThrowingCopy> tcs;
    int resumed = 0;
    if (registered) {
      tcs.Task().StatePtr()->OnCompleted(async::Continuation([&] { ++resumed; }), nullptr);
    }
    const ThrowingCopy bad(true, 1);
    EXPECT_THROW(tcs.TrySetResult(bad), std::runtime_error);
    EXPECT_FALSE(tcs.Task().IsCompleted());
    EXPECT_EQ(resumed, 0);
    // Registration still works (it would wait forever on a stuck claim).
    tcs.Task().StatePtr()->OnCompleted(async::Continuation([&] { ++resumed; }), nullptr);
    const ThrowingCopy good(false, 2);
    EXPECT_TRUE(tcs.TrySetResult(good));
    EXPECT_EQ(tcs.Task().Result().value, 2);
    EXPECT_EQ(resumed, registered ? 2 : 1);
  }
}

}  // namespace
