// Channels from ASYNC functions: a bounded producer/consumer pair, a
// three-stage pipeline, ReadAllAsync consumed with GetAsyncEnumerator /
// MoveNextAsync, each FullMode, cancellation of a waiting read, and
// completion with an error. Everything runs under AsyncContext::Run (one
// thread, FIFO continuations), so the order of the output is fixed.
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <utility>

ASYNC async::Task<> Produce(async::ChannelWriter<int> writer, int count) {
  for (int i = 1; i <= count; ++i) {
    co_await writer.WriteAsync(i);
    std::printf("wrote %d\n", i);
  }
  writer.Complete();
}

ASYNC async::Task<int> Consume(async::ChannelReader<int> reader) {
  int sum = 0;
  while (co_await reader.WaitToReadAsync()) {
    int item = 0;
    while (reader.TryRead(item)) {
      std::printf("read %d\n", item);
      sum += item;
    }
  }
  co_return sum;
}

ASYNC async::Task<> Square(async::ChannelReader<int> in, async::ChannelWriter<std::string> out) {
  auto e = in.ReadAllAsync().GetAsyncEnumerator();
  while (co_await e.MoveNextAsync()) {
    const int v = e.Current();
    co_await out.WriteAsync(std::to_string(v) + "^2=" + std::to_string(v * v));
  }
  co_await e.DisposeAsync();
  out.Complete();
}

ASYNC async::Task<> Print(async::ChannelReader<std::string> in) {
  for (;;) {
    try {
      std::string line = co_await in.ReadAsync();
      std::printf("  %s\n", line.c_str());
    } catch (const async::ChannelClosedException &) {
      std::printf("  pipeline closed\n");
      break;
    }
  }
}

ASYNC async::Task<> Generate(async::ChannelWriter<int> out, int n) {
  for (int i = 1; i <= n; ++i) co_await out.WriteAsync(i);
  out.Complete();
}

ASYNC async::Task<> FullModes() {
  const async::BoundedChannelFullMode modes[] = {
      async::BoundedChannelFullMode::DropNewest, async::BoundedChannelFullMode::DropOldest,
      async::BoundedChannelFullMode::DropWrite};
  const char *names[] = {"DropNewest", "DropOldest", "DropWrite"};
  for (int m = 0; m < 3; ++m) {
    async::BoundedChannelOptions options(2);
    options.FullMode = modes[m];
    auto channel = async::Channel<int>::CreateBounded(options);
    for (int i = 1; i <= 4; ++i) co_await channel.Writer().WriteAsync(i);
    channel.Writer().Complete();
    std::printf("%s:", names[m]);
    auto e = channel.Reader().ReadAllAsync().GetAsyncEnumerator();
    while (co_await e.MoveNextAsync()) std::printf(" %d", e.Current());
    std::printf("\n");
  }
}

ASYNC async::Task<> CancelAndFail() {
  auto channel = async::Channel<int>::CreateUnbounded();
  async::CancellationTokenSource cts;
  async::Task<int> canceled = channel.Reader().ReadAsync(cts.Token()).AsTask();
  cts.Cancel();
  try {
    co_await canceled;
  } catch (const async::OperationCanceledException &) {
    std::printf("read canceled\n");
  }
  channel.Writer().TryWrite(5);
  std::printf("count after cancel: %d\n", channel.Reader().Count());
  int five = co_await channel.Reader().ReadAsync();
  std::printf("read %d\n", five);

  channel.Writer().Complete(std::make_exception_ptr(std::runtime_error("upstream failed")));
  try {
    co_await channel.Reader().ReadAsync();
  } catch (const std::runtime_error &e) {
    std::printf("read threw: %s\n", e.what());
  }
  try {
    co_await channel.Reader().Completion();
  } catch (const std::runtime_error &e) {
    std::printf("completion threw: %s\n", e.what());
  }
  try {
    co_await channel.Writer().WriteAsync(6);
  } catch (const async::ChannelClosedException &) {
    std::printf("write threw ChannelClosedException\n");
  }
}

ASYNC async::Task<int> MainAsync() {
  // Capacity 2: the producer runs ahead by two items, then waits for room.
  auto channel = async::Channel<int>::CreateBounded(2);
  async::Task<> producer = Produce(channel.Writer(), 5);
  int sum = co_await Consume(channel.Reader());
  co_await producer;
  std::printf("sum %d\n", sum);
  co_await channel.Reader().Completion();
  std::printf("completed\n");

  auto numbers = async::Channel<int>::CreateUnbounded();
  auto squares = async::Channel<std::string>::CreateBounded(1);
  async::Task<> gen = Generate(numbers.Writer(), 3);
  async::Task<> sq = Square(numbers.Reader(), squares.Writer());
  co_await Print(squares.Reader());
  co_await gen;
  co_await sq;

  co_await FullModes();
  co_await CancelAndFail();
  co_return 0;
}

int main() { return async::AsyncContext::Run(MainAsync); }

// CHECK: wrote 1
// CHECK: read 1
// CHECK: wrote 5
// CHECK: read 5
// CHECK: sum 15
// CHECK-NEXT: completed
// CHECK-NEXT:   1^2=1
// CHECK-NEXT:   2^2=4
// CHECK-NEXT:   3^2=9
// CHECK-NEXT:   pipeline closed
// CHECK-NEXT: DropNewest: 1 4
// CHECK-NEXT: DropOldest: 3 4
// CHECK-NEXT: DropWrite: 1 2
// CHECK-NEXT: read canceled
// CHECK-NEXT: count after cancel: 1
// CHECK-NEXT: read 5
// CHECK-NEXT: read threw: upstream failed
// CHECK-NEXT: completion threw: upstream failed
// CHECK-NEXT: write threw ChannelClosedException
