// The guide's "Channels": a bounded channel between a producer and a
// consumer, an unbounded channel, and a two-stage pipeline.
//
// C# (the guide):
//   var channel = Channel.Bounded<string>(100);   // .NET: Channel.CreateBounded
//   var cts = new CancellationTokenSource();
//   var producer = ProduceAsync(channel.Writer, cts.Token);
//   var consumer = ConsumeAsync(channel.Reader, cts.Token);
//   await Task.WhenAll(producer, consumer);
//
// The program checks itself: every item arrives once, in order.
#include <async/async.h>

#include <cstdio>
#include <string>
#include <vector>

namespace {

// async Task ProduceAsync(ChannelWriter<string> writer, CancellationToken ct) {
//   for (int i = 0; i < 1000; i++) {
//     ct.ThrowIfCancellationRequested();
//     await writer.WriteAsync($"Item {i}", ct);
//   }
//   writer.Complete(); // signal no more items
// }
ASYNC async::Task<> ProduceAsync(async::ChannelWriter<std::string> writer,
                                 async::CancellationToken ct) {
  for (int i = 0; i < 1000; i++) {
    ct.ThrowIfCancellationRequested();
    co_await writer.WriteAsync("Item " + std::to_string(i), ct);
  }
  writer.Complete();  // signal no more items
}

// async Task ConsumeAsync(ChannelReader<string> reader, CancellationToken ct) {
//   await foreach (var item in reader.ReadAllAsync(ct))
//     Console.WriteLine($"Consumed: {item}");
// }
// C++ has no `await foreach`: the enumerator is driven by hand. The sample
// prints the first few items and counts the rest (1000 lines add nothing).
ASYNC async::Task<int> ConsumeAsync(async::ChannelReader<std::string> reader,
                                    async::CancellationToken ct) {
  int consumed = 0;
  auto e = reader.ReadAllAsync(ct).GetAsyncEnumerator(ct);
  while (co_await e.MoveNextAsync()) {
    const std::string &item = e.Current();
    if (item != "Item " + std::to_string(consumed)) {
      std::printf("out of order: %s\n", item.c_str());
    }
    if (consumed < 3 || consumed == 999) std::printf("Consumed: %s\n", item.c_str());
    ++consumed;
  }
  co_await e.DisposeAsync();
  co_return consumed;
}

// "Pipeline processing — chain multiple stages, each reading from one
// channel and writing to another": numbers -> squares -> a sum.
ASYNC async::Task<> Numbers(async::ChannelWriter<int> out, int count) {
  for (int i = 1; i <= count; ++i) co_await out.WriteAsync(i);
  out.Complete();
}

ASYNC async::Task<> Squares(async::ChannelReader<int> in, async::ChannelWriter<int> out) {
  auto e = in.ReadAllAsync().GetAsyncEnumerator();
  while (co_await e.MoveNextAsync()) co_await out.WriteAsync(e.Current() * e.Current());
  co_await e.DisposeAsync();
  out.Complete();
}

ASYNC async::Task<long> Sum(async::ChannelReader<int> in) {
  long sum = 0;
  while (co_await in.WaitToReadAsync()) {
    int item = 0;
    while (in.TryRead(item)) sum += item;
  }
  co_return sum;
}

ASYNC async::Task<int> MainAsync() {
  int failures = 0;

  // var channel = Channel.Bounded<string>(100);
  auto channel = async::Channel<std::string>::CreateBounded(100);
  async::CancellationTokenSource cts;
  async::Task<> producer = ProduceAsync(channel.Writer(), cts.Token());
  async::Task<int> consumer = ConsumeAsync(channel.Reader(), cts.Token());
  co_await async::WhenAll(producer, consumer);
  const int consumed = consumer.Result();
  std::printf("bounded: %d items consumed\n", consumed);
  if (consumed != 1000) ++failures;

  // var channel = Channel.CreateUnbounded<string>();
  auto unbounded = async::Channel<std::string>::CreateUnbounded();
  for (int i = 0; i < 5; ++i) unbounded.Writer().TryWrite("job " + std::to_string(i));
  unbounded.Writer().Complete();
  std::printf("unbounded: %d queued without waiting\n", unbounded.Reader().Count());
  std::string first;
  if (!unbounded.Reader().TryRead(first) || first != "job 0") ++failures;
  std::printf("unbounded: first is %s\n", first.c_str());

  auto numbers = async::Channel<int>::CreateBounded(4);
  auto squares = async::Channel<int>::CreateBounded(4);
  async::Task<> stage1 = Numbers(numbers.Writer(), 10);
  async::Task<> stage2 = Squares(numbers.Reader(), squares.Writer());
  long sum = co_await Sum(squares.Reader());
  co_await stage1;
  co_await stage2;
  std::printf("pipeline: sum of squares 1..10 = %ld\n", sum);
  if (sum != 385) ++failures;

  std::printf(failures == 0 ? "all checks passed\n" : "%d checks failed\n", failures);
  co_return failures == 0 ? 0 : 1;
}

}  // namespace

int main() { return async::AsyncContext::Run(MainAsync); }
