// pipeline: a producer and a consumer task meeting at a rendezvous mailbox
// built from TaskCompletionSource, with loops that await in their bodies.
//
//   build/examples/pipeline/pipeline          lowered by asyncc to C++17
//   build/examples/pipeline/pipeline_native   the same file as C++20 coroutines

#include <async/async.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

using namespace std::chrono_literals;

// A rendezvous mailbox: PutAsync completes when the value has been taken,
// TakeAsync when a value is there.  Built from TaskCompletionSource only.
class Mailbox {
 public:
  async::Task<int> TakeAsync() {
    if (pending_put_) {
      auto put = std::move(pending_put_);
      put->SetResult();
      return async::FromResult(pending_value_);
    }
    taker_ = std::make_shared<async::TaskCompletionSource<int>>();
    return taker_->Task();
  }
  async::Task<> PutAsync(int value) {
    if (taker_) {
      auto taker = std::move(taker_);
      taker->SetResult(value);
      return async::CompletedTask();
    }
    pending_value_ = value;
    pending_put_ = std::make_shared<async::TaskCompletionSource<>>();
    return pending_put_->Task();
  }

 private:
  std::shared_ptr<async::TaskCompletionSource<int>> taker_;
  std::shared_ptr<async::TaskCompletionSource<>> pending_put_;
  int pending_value_ = 0;
};

ASYNC async::Task<int> ComputeAsync(int x) {
  co_await async::Delay(2ms);
  co_return x * x;
}

ASYNC async::Task<> ProduceAsync(Mailbox& box, int count) {
  int i = 0;
  while (i < count) {
    int value = co_await ComputeAsync(i + 1);
    std::printf("produce %d\n", value);
    co_await box.PutAsync(value);
    ++i;
  }
  co_await box.PutAsync(-1);  // end of stream
}

class Consumer {
 public:
  ASYNC async::Task<int> ConsumeAsync(Mailbox& box) {
    int sum = 0;
    for (;;) {
      int value = co_await box.TakeAsync();
      if (value < 0) {
        break;
      }
      received_.push_back(value);
      sum += value;
      std::printf("consume %d (sum %d)\n", value, sum);
      co_await async::Yield();
    }
    co_return sum;
  }
  std::size_t Count() const { return received_.size(); }

 private:
  std::vector<int> received_;
};

ASYNC async::Task<int> MainAsync() {
  Mailbox box;
  Consumer consumer;
  // Start the consumer first so that it is waiting on the mailbox.
  async::Task<int> consuming = consumer.ConsumeAsync(box);
  co_await ProduceAsync(box, 5);
  int sum = co_await consuming;
  std::printf("consumed %zu values, sum %d\n", consumer.Count(), sum);
  co_return sum == 1 + 4 + 9 + 16 + 25 ? 0 : 1;
}

int main() { return async::AsyncContext::Run(MainAsync); }
