// Channel<T>, ChannelReader<T>, ChannelWriter<T>: every member, each
// FullMode, FIFO order of waiting readers and writers, cancellation of
// waiting operations, completion (with and without an error), and a short
// multi-producer / multi-consumer stress (scripts/stress.sh runs the long one).
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <async/async.h>
#include <async/channel.h>

#include "test_util.h"

namespace {

// Items of one stress run over all producers (scripts/stress.sh sets more).
int StressItems() { return asyncc_test::StressItems(20000); }

using async::BoundedChannelFullMode;
using async::BoundedChannelOptions;
using async::CancellationTokenSource;
using async::Channel;
using async::ChannelClosedException;
using async::ValueTask;

using asyncc_test::Await;

std::vector<int> Drain(async::ChannelReader<int> reader) {
  std::vector<int> out;
  int item = 0;
  while (reader.TryRead(item)) out.push_back(item);
  return out;
}

TEST(Channel, UnboundedTryWriteTryReadIsFifoAndCounts) {
  auto channel = Channel<int>::CreateUnbounded();
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(channel.Writer().TryWrite(i));
  EXPECT_EQ(channel.Reader().Count(), 5);
  EXPECT_EQ(Drain(channel.Reader()), (std::vector<int>{0, 1, 2, 3, 4}));
  int item = -1;
  EXPECT_FALSE(channel.Reader().TryRead(item));
  EXPECT_EQ(channel.Reader().Count(), 0);
}

TEST(Channel, ReadAsyncCompletesAtOnceWhenAnItemIsBuffered) {
  auto channel = Channel<std::string>::CreateUnbounded();
  channel.Writer().TryWrite("a");
  ValueTask<std::string> vt = channel.Reader().ReadAsync();
  ASSERT_TRUE(vt.IsCompletedSuccessfully());
  EXPECT_EQ(vt.Source(), nullptr);  // inline result, no operation object
  EXPECT_EQ(vt.GetAwaiter().GetResult(), "a");
}

TEST(Channel, WaitingReaderGetsTheItemAndItsContinuationRunsAsynchronously) {
  auto channel = Channel<int>::CreateUnbounded();
  ValueTask<int> vt = channel.Reader().ReadAsync();
  EXPECT_FALSE(vt.IsCompleted());
  std::atomic<bool> ran{false};
  std::atomic<int> value{0};
  std::thread::id ran_on;
  const std::thread::id writer = std::this_thread::get_id();
  auto awaiter = vt.GetAwaiter();
  awaiter.OnCompleted(async::Continuation([&] {
    value = awaiter.GetResult();
    ran_on = std::this_thread::get_id();
    ran = true;
  }));
  EXPECT_TRUE(channel.Writer().TryWrite(7));
  while (!ran) std::this_thread::yield();
  EXPECT_EQ(value.load(), 7);
  EXPECT_NE(ran_on, writer);
  EXPECT_EQ(channel.Reader().Count(), 0);  // handed over, never buffered
}

TEST(Channel, WaitingReadersAreServedInArrivalOrder) {
  auto channel = Channel<int>::CreateUnbounded();
  std::vector<ValueTask<int>> reads;
  for (int i = 0; i < 4; ++i) reads.push_back(channel.Reader().ReadAsync());
  for (int i = 0; i < 4; ++i) channel.Writer().TryWrite(10 + i);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(Await(std::move(reads[i])), 10 + i);
}

TEST(Channel, PooledOperationsAreReused) {
  auto channel = Channel<int>::CreateUnbounded();
  const void* first = nullptr;
  for (int i = 0; i < 3; ++i) {
    ValueTask<int> vt = channel.Reader().ReadAsync();
    if (first == nullptr) first = vt.Source();
    EXPECT_EQ(vt.Source(), first);
    channel.Writer().TryWrite(i);
    EXPECT_EQ(Await(std::move(vt)), i);
  }
}

TEST(Channel, BoundedWaitModeBlocksWritersInArrivalOrder) {
  auto channel = Channel<int>::CreateBounded(2);
  auto writer = channel.Writer();
  EXPECT_TRUE(writer.TryWrite(1));
  Await(writer.WriteAsync(2));
  EXPECT_FALSE(writer.TryWrite(99));
  ValueTask<> w3 = writer.WriteAsync(3);
  ValueTask<> w4 = writer.WriteAsync(4);
  EXPECT_FALSE(w3.IsCompleted());
  EXPECT_FALSE(w4.IsCompleted());
  EXPECT_EQ(channel.Reader().Count(), 2);
  EXPECT_EQ(Await(channel.Reader().ReadAsync()), 1);
  Await(std::move(w3));  // moved into the freed slot
  EXPECT_FALSE(w4.IsCompleted());
  EXPECT_EQ(channel.Reader().Count(), 2);
  EXPECT_EQ(Await(channel.Reader().ReadAsync()), 2);
  Await(std::move(w4));
  EXPECT_EQ(Drain(channel.Reader()), (std::vector<int>{3, 4}));
}

std::vector<int> FillAndDrain(BoundedChannelFullMode mode, bool* all_accepted) {
  BoundedChannelOptions options(3);
  options.FullMode = mode;
  auto channel = Channel<int>::CreateBounded(options);
  *all_accepted = true;
  for (int i = 1; i <= 5; ++i) *all_accepted = channel.Writer().TryWrite(i) && *all_accepted;
  EXPECT_EQ(channel.Reader().Count(), 3);
  return Drain(channel.Reader());
}

TEST(Channel, FullModeDropNewestReplacesTheNewestBufferedItem) {
  bool accepted = false;
  EXPECT_EQ(FillAndDrain(BoundedChannelFullMode::DropNewest, &accepted), (std::vector<int>{1, 2, 5}));
  EXPECT_TRUE(accepted);
}

TEST(Channel, FullModeDropOldestRemovesTheOldestItem) {
  bool accepted = false;
  EXPECT_EQ(FillAndDrain(BoundedChannelFullMode::DropOldest, &accepted), (std::vector<int>{3, 4, 5}));
  EXPECT_TRUE(accepted);
}

TEST(Channel, FullModeDropWriteDropsTheWrittenItem) {
  bool accepted = false;
  EXPECT_EQ(FillAndDrain(BoundedChannelFullMode::DropWrite, &accepted), (std::vector<int>{1, 2, 3}));
  EXPECT_TRUE(accepted);
}

TEST(Channel, FullModeWaitRefusesTryWrite) {
  bool accepted = true;
  EXPECT_EQ(FillAndDrain(BoundedChannelFullMode::Wait, &accepted), (std::vector<int>{1, 2, 3}));
  EXPECT_FALSE(accepted);
}

TEST(Channel, DropModesNeverMakeWriteAsyncWait) {
  BoundedChannelOptions options(1);
  options.FullMode = BoundedChannelFullMode::DropOldest;
  auto channel = Channel<int>::CreateBounded(options);
  for (int i = 0; i < 3; ++i) {
    ValueTask<> vt = channel.Writer().WriteAsync(i);
    EXPECT_TRUE(vt.IsCompletedSuccessfully());
    Await(std::move(vt));
  }
  EXPECT_TRUE(Await(channel.Writer().WaitToWriteAsync()));
  EXPECT_EQ(Drain(channel.Reader()), (std::vector<int>{2}));
}

TEST(Channel, CreateBoundedRejectsCapacityBelowOne) {
  EXPECT_THROW(Channel<int>::CreateBounded(0), async::ArgumentOutOfRangeException);
}

TEST(Channel, CancelingAWaitingReadLosesNoItem) {
  auto channel = Channel<int>::CreateUnbounded();
  CancellationTokenSource cts;
  ValueTask<int> canceled = channel.Reader().ReadAsync(cts.Token());
  ValueTask<int> waiting = channel.Reader().ReadAsync();
  cts.Cancel();
  EXPECT_TRUE(canceled.IsCanceled());
  EXPECT_THROW(Await(std::move(canceled)), async::OperationCanceledException);
  channel.Writer().TryWrite(5);  // goes to the remaining reader
  channel.Writer().TryWrite(6);  // buffered: nobody left waiting
  EXPECT_EQ(Await(std::move(waiting)), 5);
  EXPECT_EQ(channel.Reader().Count(), 1);
  EXPECT_EQ(Await(channel.Reader().ReadAsync()), 6);
}

TEST(Channel, CanceledTokenCompletesReadCanceledEvenWithItems) {
  auto channel = Channel<int>::CreateUnbounded();
  channel.Writer().TryWrite(1);
  CancellationTokenSource cts;
  cts.Cancel();
  EXPECT_TRUE(channel.Reader().ReadAsync(cts.Token()).IsCanceled());
  EXPECT_TRUE(channel.Writer().WriteAsync(2, cts.Token()).IsCanceled());
  EXPECT_TRUE(channel.Reader().WaitToReadAsync(cts.Token()).IsCanceled());
  EXPECT_EQ(Drain(channel.Reader()), (std::vector<int>{1}));
}

TEST(Channel, CancelingAWaitingWriteDoesNotWriteItsItem) {
  auto channel = Channel<int>::CreateBounded(1);
  channel.Writer().TryWrite(1);
  CancellationTokenSource cts;
  ValueTask<> canceled = channel.Writer().WriteAsync(2, cts.Token());
  ValueTask<> waiting = channel.Writer().WriteAsync(3);
  cts.Cancel();
  EXPECT_THROW(Await(std::move(canceled)), async::OperationCanceledException);
  EXPECT_EQ(Await(channel.Reader().ReadAsync()), 1);
  Await(std::move(waiting));
  EXPECT_EQ(Drain(channel.Reader()), (std::vector<int>{3}));
}

TEST(Channel, CancellationAfterCompletionChangesNothing) {
  auto channel = Channel<int>::CreateUnbounded();
  CancellationTokenSource cts;
  ValueTask<int> vt = channel.Reader().ReadAsync(cts.Token());
  channel.Writer().TryWrite(4);
  cts.Cancel();
  EXPECT_EQ(Await(std::move(vt)), 4);
  // The operation is reused with a fresh registration.
  CancellationTokenSource cts2;
  ValueTask<int> again = channel.Reader().ReadAsync(cts2.Token());
  cts.Cancel();
  EXPECT_FALSE(again.IsCompleted());
  cts2.Cancel();
  EXPECT_TRUE(again.IsCanceled());
  EXPECT_THROW(Await(std::move(again)), async::OperationCanceledException);
}

TEST(Channel, CompleteLetsReadersDrainThenThrowsChannelClosed) {
  auto channel = Channel<int>::CreateUnbounded();
  channel.Writer().TryWrite(1);
  channel.Writer().Complete();
  EXPECT_FALSE(channel.Reader().Completion().IsCompleted());  // an item is left
  EXPECT_FALSE(channel.Writer().TryWrite(2));
  EXPECT_THROW(Await(channel.Writer().WriteAsync(2)), ChannelClosedException);
  EXPECT_FALSE(Await(channel.Writer().WaitToWriteAsync()));
  EXPECT_TRUE(Await(channel.Reader().WaitToReadAsync()));
  EXPECT_EQ(Await(channel.Reader().ReadAsync()), 1);
  EXPECT_TRUE(channel.Reader().Completion().IsCompletedSuccessfully());
  EXPECT_FALSE(Await(channel.Reader().WaitToReadAsync()));
  EXPECT_THROW(Await(channel.Reader().ReadAsync()), ChannelClosedException);
  EXPECT_THROW(channel.Writer().Complete(), ChannelClosedException);
  EXPECT_FALSE(channel.Writer().TryComplete());
}

TEST(Channel, CompleteWakesWaitingReadersAndWriters) {
  auto channel = Channel<int>::CreateBounded(1);
  auto other = Channel<int>::CreateBounded(1);
  ValueTask<int> read = other.Reader().ReadAsync();
  ValueTask<bool> wait_read = other.Reader().WaitToReadAsync();
  channel.Writer().TryWrite(1);
  ValueTask<> write = channel.Writer().WriteAsync(2);
  ValueTask<bool> wait_write = channel.Writer().WaitToWriteAsync();
  EXPECT_TRUE(other.Writer().TryComplete());
  EXPECT_TRUE(channel.Writer().TryComplete());
  EXPECT_THROW(Await(std::move(read)), ChannelClosedException);
  EXPECT_FALSE(Await(std::move(wait_read)));
  EXPECT_THROW(Await(std::move(write)), ChannelClosedException);
  EXPECT_FALSE(Await(std::move(wait_write)));
  EXPECT_EQ(Drain(channel.Reader()), (std::vector<int>{1}));  // 2 was never written
}

TEST(Channel, CompleteWithAnErrorFaultsReadersWithThatError) {
  auto channel = Channel<int>::CreateUnbounded();
  ValueTask<int> read = channel.Reader().ReadAsync();
  ValueTask<bool> wait = channel.Reader().WaitToReadAsync();
  channel.Writer().Complete(std::make_exception_ptr(std::runtime_error("boom")));
  EXPECT_TRUE(read.IsFaulted());
  try {
    Await(std::move(read));
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "boom");
  }
  EXPECT_THROW(Await(std::move(wait)), std::runtime_error);
  EXPECT_THROW(Await(channel.Reader().ReadAsync()), std::runtime_error);
  EXPECT_THROW(Await(channel.Reader().WaitToReadAsync()), std::runtime_error);
  EXPECT_TRUE(channel.Reader().Completion().IsFaulted());
  EXPECT_THROW(channel.Reader().Completion().GetAwaiter().GetResult(), std::runtime_error);
  try {
    Await(channel.Writer().WriteAsync(1));
    FAIL() << "no exception";
  } catch (const ChannelClosedException& e) {
    ASSERT_NE(e.InnerException(), nullptr);
    EXPECT_THROW(std::rethrow_exception(e.InnerException()), std::runtime_error);
  }
  EXPECT_THROW(Await(channel.Writer().WaitToWriteAsync()), std::runtime_error);
}

TEST(Channel, CompleteWithCancellationCancelsCompletion) {
  auto channel = Channel<int>::CreateUnbounded();
  channel.Writer().Complete(std::make_exception_ptr(async::OperationCanceledException()));
  EXPECT_TRUE(channel.Reader().Completion().IsCanceled());
}

TEST(Channel, ChannelClosedExceptionIsAnInvalidOperationException) {
  auto channel = Channel<int>::CreateUnbounded();
  channel.Writer().Complete();
  EXPECT_THROW(Await(channel.Reader().ReadAsync()), async::InvalidOperationException);
  EXPECT_THROW(throw async::SemaphoreFullException(), std::exception);
  EXPECT_THROW(throw async::ObjectDisposedException(), async::InvalidOperationException);
}

TEST(Channel, WaitToReadAsyncWaitsForAnItem) {
  auto channel = Channel<int>::CreateUnbounded();
  ValueTask<bool> a = channel.Reader().WaitToReadAsync();
  ValueTask<bool> b = channel.Reader().WaitToReadAsync();
  EXPECT_FALSE(a.IsCompleted());
  channel.Writer().TryWrite(1);
  EXPECT_TRUE(Await(std::move(a)));  // every waiter is woken
  EXPECT_TRUE(Await(std::move(b)));
  EXPECT_EQ(channel.Reader().Count(), 1);  // waiting to read takes nothing
}

TEST(Channel, WaitToWriteAsyncWaitsForRoom) {
  auto channel = Channel<int>::CreateBounded(1);
  channel.Writer().TryWrite(1);
  ValueTask<bool> wait = channel.Writer().WaitToWriteAsync();
  EXPECT_FALSE(wait.IsCompleted());
  int item = 0;
  EXPECT_TRUE(channel.Reader().TryRead(item));
  EXPECT_TRUE(Await(std::move(wait)));
  CancellationTokenSource cts;
  channel.Writer().TryWrite(2);
  ValueTask<bool> canceled = channel.Writer().WaitToWriteAsync(cts.Token());
  cts.Cancel();
  EXPECT_TRUE(canceled.IsCanceled());
  EXPECT_THROW(Await(std::move(canceled)), async::OperationCanceledException);
}

TEST(Channel, ReadAllAsyncYieldsEveryItemUntilCompleted) {
  auto channel = Channel<int>::CreateUnbounded();
  std::thread producer([writer = channel.Writer()]() mutable {
    for (int i = 0; i < 50; ++i) writer.TryWrite(i);
    writer.Complete();
  });
  auto e = channel.Reader().ReadAllAsync().GetAsyncEnumerator();
  std::vector<int> got;
  while (Await(e.MoveNextAsync())) got.push_back(e.Current());
  Await(e.DisposeAsync());
  producer.join();
  ASSERT_EQ(got.size(), 50u);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(got[i], i);
}

TEST(Channel, ReadAllAsyncThrowsTheCompletionError) {
  auto channel = Channel<int>::CreateUnbounded();
  channel.Writer().TryWrite(1);
  channel.Writer().Complete(std::make_exception_ptr(std::runtime_error("bad")));
  auto e = channel.Reader().ReadAllAsync().GetAsyncEnumerator();
  EXPECT_TRUE(Await(e.MoveNextAsync()));
  EXPECT_EQ(e.Current(), 1);
  EXPECT_THROW(Await(e.MoveNextAsync()), std::runtime_error);
}

TEST(Channel, ReadAllAsyncIsCanceledByItsToken) {
  auto channel = Channel<int>::CreateUnbounded();
  CancellationTokenSource cts;
  auto e = channel.Reader().ReadAllAsync(cts.Token()).GetAsyncEnumerator();
  ValueTask<bool> next = e.MoveNextAsync();
  EXPECT_FALSE(next.IsCompleted());
  cts.Cancel();
  EXPECT_THROW(Await(std::move(next)), async::OperationCanceledException);
  channel.Writer().TryWrite(3);
  EXPECT_EQ(channel.Reader().Count(), 1);
}

TEST(Channel, SingleReaderSingleWriterOptionsWork) {
  BoundedChannelOptions options(4);
  options.SingleReader = true;
  options.SingleWriter = true;
  auto channel = Channel<int>::CreateBounded(options);
  constexpr int kItems = 2000;
  std::thread producer([writer = channel.Writer()]() mutable {
    for (int i = 0; i < kItems; ++i) Await(writer.WriteAsync(i));
    writer.Complete();
  });
  long sum = 0;
  int expected = 0;
  auto reader = channel.Reader();
  for (;;) {
    try {
      int v = Await(reader.ReadAsync());
      EXPECT_EQ(v, expected++);
      sum += v;
    } catch (const ChannelClosedException&) {
      break;
    }
  }
  producer.join();
  EXPECT_EQ(expected, kItems);
  EXPECT_EQ(sum, static_cast<long>(kItems) * (kItems - 1) / 2);
}

TEST(Channel, MoveOnlyItems) {
  auto channel = Channel<std::unique_ptr<int>>::CreateBounded(1);
  ValueTask<std::unique_ptr<int>> read = channel.Reader().ReadAsync();
  Await(channel.Writer().WriteAsync(std::make_unique<int>(3)));
  EXPECT_EQ(*Await(std::move(read)), 3);
}

TEST(Channel, BoolItemsUseDistinctOperationKinds) {
  auto channel = Channel<bool>::CreateUnbounded();
  ValueTask<bool> wait = channel.Reader().WaitToReadAsync();
  ValueTask<bool> read = channel.Reader().ReadAsync();
  channel.Writer().TryWrite(false);
  EXPECT_FALSE(Await(std::move(read)));
  EXPECT_FALSE(wait.IsCompleted());  // handed to the reader, never buffered
  channel.Writer().TryWrite(true);
  EXPECT_TRUE(Await(std::move(wait)));
}

async::Channel<int> SingleReaderUnbounded() {
  async::UnboundedChannelOptions options;
  options.SingleReader = true;
  return Channel<int>::CreateUnbounded(options);
}

TEST(ChannelSingleReader, LockFreeReadsKeepFifoAndHandOffToAWaitingReader) {
  auto channel = SingleReaderUnbounded();
  ValueTask<int> waiting = channel.Reader().ReadAsync();
  channel.Writer().TryWrite(1);  // handed to the waiting reader
  EXPECT_EQ(Await(std::move(waiting)), 1);
  for (int i = 0; i < 600; ++i) channel.Writer().TryWrite(i);  // crosses segments
  EXPECT_EQ(channel.Reader().Count(), 600);
  EXPECT_TRUE(Await(channel.Reader().WaitToReadAsync()));
  for (int i = 0; i < 300; ++i) EXPECT_EQ(Await(channel.Reader().ReadAsync()), i);
  int item = 0;
  for (int i = 300; i < 600; ++i) {
    ASSERT_TRUE(channel.Reader().TryRead(item));
    EXPECT_EQ(item, i);
  }
  EXPECT_FALSE(channel.Reader().TryRead(item));
}

TEST(ChannelSingleReader, CompletionAfterTheLastLockFreeRead) {
  auto channel = SingleReaderUnbounded();
  channel.Writer().TryWrite(1);
  channel.Writer().TryWrite(2);
  channel.Writer().Complete();
  EXPECT_FALSE(channel.Reader().Completion().IsCompleted());
  EXPECT_EQ(Await(channel.Reader().ReadAsync()), 1);
  EXPECT_FALSE(channel.Reader().Completion().IsCompleted());
  int item = 0;
  EXPECT_TRUE(channel.Reader().TryRead(item));
  EXPECT_TRUE(channel.Reader().Completion().IsCompletedSuccessfully());
  EXPECT_THROW(Await(channel.Reader().ReadAsync()), ChannelClosedException);
  EXPECT_FALSE(Await(channel.Reader().WaitToReadAsync()));
}

TEST(ChannelSingleReader, CanceledReadLosesNoItem) {
  auto channel = SingleReaderUnbounded();
  CancellationTokenSource cts;
  ValueTask<int> canceled = channel.Reader().ReadAsync(cts.Token());
  cts.Cancel();
  EXPECT_THROW(Await(std::move(canceled)), async::OperationCanceledException);
  channel.Writer().TryWrite(9);
  EXPECT_EQ(Await(channel.Reader().ReadAsync()), 9);
}

// Eight writers, one lock-free reader; Complete races the last reads.
TEST(ChannelStress, SingleReaderUnboundedEightWriters) {
  for (int round = 0; round < 3; ++round) {
    auto channel = SingleReaderUnbounded();
    constexpr int kWriters = 8;
    const int kPerWriter = StressItems() / kWriters;
    std::vector<int> next(kWriters, 0);
    std::vector<std::thread> writers;
    std::atomic<int> writing{kWriters};
    for (int w = 0; w < kWriters; ++w) {
      writers.emplace_back([&, w, writer = channel.Writer()]() mutable {
        for (int i = 0; i < kPerWriter; ++i) Await(writer.WriteAsync(w * kPerWriter + i));
        if (writing.fetch_sub(1) == 1) writer.Complete();
      });
    }
    int received = 0;
    bool ordered = true;
    auto reader = channel.Reader();
    while (Await(reader.WaitToReadAsync())) {
      int item = 0;
      while (reader.TryRead(item)) {
        const int w = item / kPerWriter;
        ordered = ordered && item % kPerWriter == next[w];  // per-writer FIFO
        ++next[w];
        ++received;
      }
    }
    for (auto& t : writers) t.join();
    EXPECT_TRUE(ordered);
    EXPECT_EQ(received, kWriters * kPerWriter);
    EXPECT_TRUE(channel.Reader().Completion().IsCompletedSuccessfully());
  }
}

// 8 producers x 8 consumers; every item arrives exactly once.
void StressChannel(Channel<int> channel, int producers, int consumers, int per_producer) {
  const int total = producers * per_producer;
  std::vector<std::atomic<int>> seen(total);
  std::atomic<int> received{0};
  std::vector<std::thread> threads;
  for (int p = 0; p < producers; ++p) {
    threads.emplace_back([&, p, writer = channel.Writer()]() mutable {
      for (int i = 0; i < per_producer; ++i) {
        const int item = p * per_producer + i;
        if ((i & 1) == 0) {
          Await(writer.WriteAsync(item));
        } else {
          while (!writer.TryWrite(item)) {
            if (!Await(writer.WaitToWriteAsync())) FAIL() << "completed early";
          }
        }
      }
    });
  }
  for (int c = 0; c < consumers; ++c) {
    threads.emplace_back([&, c, reader = channel.Reader()]() mutable {
      for (;;) {
        int item = 0;
        if ((c & 1) == 0) {
          try {
            item = Await(reader.ReadAsync());
          } catch (const ChannelClosedException&) {
            return;
          }
        } else if (!reader.TryRead(item)) {
          if (!Await(reader.WaitToReadAsync())) return;
          continue;
        }
        seen[item].fetch_add(1, std::memory_order_relaxed);
        received.fetch_add(1, std::memory_order_relaxed);
      }
    });
  }
  for (int p = 0; p < producers; ++p) threads[p].join();
  channel.Writer().Complete();
  for (std::size_t i = producers; i < threads.size(); ++i) threads[i].join();
  EXPECT_EQ(received.load(), total);
  int wrong = 0;
  for (auto& s : seen) wrong += s.load() != 1;
  EXPECT_EQ(wrong, 0);
  EXPECT_TRUE(channel.Reader().Completion().IsCompletedSuccessfully());
  EXPECT_EQ(channel.Reader().Count(), 0);
}

TEST(ChannelStress, Bounded64EightByEight) {
  StressChannel(Channel<int>::CreateBounded(64), 8, 8, StressItems() / 8);
}

TEST(ChannelStress, UnboundedEightByEight) {
  StressChannel(Channel<int>::CreateUnbounded(), 8, 8, StressItems() / 8);
}

}  // namespace
