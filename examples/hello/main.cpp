// hello: the smallest tour of asyncc.
//
// Build it both ways and compare (scripts/demo.sh does this):
//   build/examples/hello/hello          lowered by asyncc to C++17
//   build/examples/hello/hello_native   the same file as C++20 coroutines
// The state machines asyncc wrote are in build/examples/hello/asyncc/.

#include <async/async.h>

#include <chrono>
#include <cstdio>
#include <string>

using namespace std::chrono_literals;

// A plain async function: runs synchronously up to the first await that is
// not complete, then resumes on the AsyncContext's thread.
ASYNC async::Task<int> AddSlowlyAsync(int a, int b) {
  std::printf("  AddSlowlyAsync(%d, %d): waiting\n", a, b);
  co_await async::Delay(10ms);
  std::printf("  AddSlowlyAsync(%d, %d): done\n", a, b);
  co_return a + b;
}

// A member function: the state machine keeps `this` and may use private
// members without any change to the class.
class Counter {
 public:
  explicit Counter(std::string name) : name_(std::move(name)) {}

  ASYNC async::Task<int> CountToAsync(int n) {
    for (int i = 1; i <= n; ++i) {
      co_await async::Yield();
      total_ += i;
      std::printf("  %s: step %d, total %d\n", name_.c_str(), i, total_);
    }
    co_return total_;
  }

 private:
  std::string name_;
  int total_ = 0;
};

// Completes a TaskCompletionSource from another task, after a delay.
ASYNC async::Task<> SignalLaterAsync(async::TaskCompletionSource<std::string>& tcs) {
  co_await async::Delay(5ms);
  std::printf("  SignalLaterAsync: completing the source\n");
  tcs.SetResult("signal");
}

ASYNC async::Task<int> MainAsync() {
  std::printf("hello from asyncc\n");

  int sum = co_await AddSlowlyAsync(2, 3);
  std::printf("2 + 3 = %d\n", sum);

  Counter counter("counter");
  int total = co_await counter.CountToAsync(4);
  std::printf("counted to 4: total %d\n", total);

  async::TaskCompletionSource<std::string> tcs;
  async::Task<> signaller = SignalLaterAsync(tcs);
  std::string message = co_await tcs.Task();
  std::printf("received \"%s\"\n", message.c_str());
  co_await signaller;

  int ready = co_await async::FromResult(40);
  if (ready == 40) {
    ready = co_await AddSlowlyAsync(ready, 2);
  } else {
    std::printf("unexpected\n");
  }
  std::printf("the answer is %d\n", ready);
  co_return 0;
}

int main() { return async::AsyncContext::Run(MainAsync); }
