// Policy::Handle<E>().Or<E2>().WaitAndRetryAsync(n, delayFor).ExecuteAsync
// with ASYNC operations: retries counted, unhandled exceptions at once,
// the last failure rethrown, cancellation during the wait.
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>

using namespace std::chrono_literals;

struct TransientError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Fails `failures` times, then answers.
struct FlakyService {
  int failures;
  int calls = 0;
  ASYNC async::Task<std::string> GetAsync() {
    ++calls;
    co_await async::Delay(1ms);
    if (calls <= failures) throw TransientError("try " + std::to_string(calls) + " failed");
    co_return "answer after " + std::to_string(calls) + " calls";
  }
};

ASYNC async::Task<int> MainAsync() {
  auto policy = async::Policy::Handle<TransientError>()
                    .Or<async::TimeoutException>()
                    .WaitAndRetryAsync(3, [](int attempt) {
                      std::printf("  wait before retry %d\n", attempt);
                      return std::chrono::microseconds(100 << attempt);
                    });
  FlakyService two{2};
  std::string s = co_await policy.ExecuteAsync([&] { return two.GetAsync(); });
  std::printf("%s\n", s.c_str());

  FlakyService always{100};
  try {
    co_await policy.ExecuteAsync([&] { return always.GetAsync(); });
  } catch (const TransientError& e) {
    std::printf("gave up: %s (%d calls)\n", e.what(), always.calls);
  }

  int calls = 0;
  try {
    co_await policy.ExecuteAsync([&]() ASYNC -> async::Task<> {
      ++calls;
      co_await async::Yield();
      throw std::logic_error("not transient");
    });
  } catch (const std::logic_error& e) {
    std::printf("unhandled: %s (%d call)\n", e.what(), calls);
  }

  auto slow = async::Policy::Handle<TransientError>().WaitAndRetryAsync(5, [](int) { return 10s; });
  async::CancellationTokenSource cts(5ms);
  FlakyService never{100};
  try {
    co_await slow.ExecuteAsync([&](async::CancellationToken) { return never.GetAsync(); }, cts.Token());
  } catch (const async::OperationCanceledException&) {
    std::printf("canceled while waiting (%d call)\n", never.calls);
  }
  co_return 0;
}

int main() { return async::AsyncContext::Run(MainAsync); }

// CHECK:      wait before retry 1
// CHECK-NEXT:   wait before retry 2
// CHECK-NEXT: answer after 3 calls
// CHECK-NEXT:   wait before retry 1
// CHECK-NEXT:   wait before retry 2
// CHECK-NEXT:   wait before retry 3
// CHECK-NEXT: gave up: try 4 failed (4 calls)
// CHECK-NEXT: unhandled: not transient (1 call)
// CHECK-NEXT: canceled while waiting (1 call)
