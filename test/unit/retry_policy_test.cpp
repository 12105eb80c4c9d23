// Policy::Handle<E>().Or<E2>().WaitAndRetryAsync(n, delayFor).ExecuteAsync(f).
#include <async/retry_policy.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <async/async.h>

#include "test_util.h"

namespace {

using async::Policy;
using async::Task;
using namespace std::chrono_literals;

struct TransientError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct DerivedTransient : TransientError {
  using TransientError::TransientError;
};
struct OtherError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A flaky operation: fails `failures` times (asynchronously, after a yield
// to the pool), then returns "ok#<call>".
struct Flaky {
  int failures;
  std::atomic<int> calls{0};
  Task<std::string> operator()() {
    int call = ++calls;
    return async::Run([this, call]() -> std::string {
      if (call <= failures) throw TransientError("transient " + std::to_string(call));
      return "ok#" + std::to_string(call);
    });
  }
};

TEST(RetryPolicy, RetriesHandledFailuresThenSucceeds) {
  std::vector<int> attempts;
  auto policy = Policy::Handle<TransientError>().WaitAndRetryAsync(3, [&](int attempt) {
    attempts.push_back(attempt);
    return std::chrono::microseconds(100 * attempt);
  });
  Flaky flaky{2};
  Task<std::string> t = policy.ExecuteAsync([&] { return flaky(); });
  EXPECT_EQ(t.Result(), "ok#3");
  EXPECT_EQ(flaky.calls.load(), 3);
  EXPECT_EQ(attempts, (std::vector<int>{1, 2}));
}

TEST(RetryPolicy, RethrowsTheLastFailureAfterAllRetries) {
  int delays = 0;
  auto policy = Policy::Handle<TransientError>().WaitAndRetryAsync(3, [&](int) {
    ++delays;
    return 0ms;
  });
  Flaky flaky{100};
  Task<std::string> t = policy.ExecuteAsync([&] { return flaky(); });
  try {
    t.GetAwaiter().GetResult();
    FAIL();
  } catch (const TransientError& e) {
    EXPECT_STREQ(e.what(), "transient 4");  // 1 call + 3 retries
  }
  EXPECT_EQ(flaky.calls.load(), 4);
  EXPECT_EQ(delays, 3);
}

TEST(RetryPolicy, UnhandledExceptionPropagatesAtOnce) {
  auto policy = Policy::Handle<TransientError>().WaitAndRetryAsync(5, [](int) { return 1ms; });
  int calls = 0;
  Task<int> t = policy.ExecuteAsync([&]() -> Task<int> {
    ++calls;
    throw OtherError("not transient");  // thrown by the call itself
  });
  EXPECT_THROW(t.GetAwaiter().GetResult(), OtherError);
  EXPECT_EQ(calls, 1);
}

TEST(RetryPolicy, OrAddsTypesAndDerivedTypesAreHandled) {
  auto policy = Policy::Handle<OtherError>().Or<TransientError>().WaitAndRetryAsync(5, [](int) { return 0ms; });
  int calls = 0;
  Task<> t = policy.ExecuteAsync([&]() -> Task<> {
    ++calls;
    if (calls == 1) return async::FromException(std::make_exception_ptr(OtherError("a")));
    if (calls == 2) return async::FromException(std::make_exception_ptr(DerivedTransient("b")));
    return async::CompletedTask();
  });
  t.Wait();
  EXPECT_EQ(calls, 3);
  // A predicate narrows a type.
  auto picky = Policy::Handle<TransientError>([](const TransientError& e) {
                 return std::string(e.what()) == "retry me";
               }).RetryAsync(3);
  calls = 0;
  Task<> p = picky.ExecuteAsync([&]() -> Task<> {
    ++calls;
    throw TransientError(calls == 1 ? "retry me" : "give up");
  });
  EXPECT_THROW(p.GetAwaiter().GetResult(), TransientError);
  EXPECT_EQ(calls, 2);
}

TEST(RetryPolicy, CanceledAttemptsAreRetriedOnlyWhenHandled) {
  int calls = 0;
  auto f = [&]() -> Task<> {
    ++calls;
    return async::FromCanceled(async::CancellationToken(true));
  };
  auto timeouts = Policy::Handle<TransientError>().Or<async::TaskCanceledException>().WaitAndRetryAsync(
      2, [](int) { return 0ms; });
  Task<> t = timeouts.ExecuteAsync(f);
  EXPECT_TRUE(t.IsCanceled());
  EXPECT_EQ(calls, 3);
  calls = 0;
  auto plain = Policy::Handle<TransientError>().WaitAndRetryAsync(2, [](int) { return 0ms; });
  EXPECT_TRUE(plain.ExecuteAsync(f).IsCanceled());
  EXPECT_EQ(calls, 1);
}

TEST(RetryPolicy, CancellationStopsTheWait) {
  async::CancellationTokenSource cts;
  auto policy = Policy::Handle<TransientError>().WaitAndRetryAsync(3, [](int) { return std::chrono::hours(1); });
  std::atomic<int> calls{0};
  async::CancellationToken seen;
  Task<int> t = policy.ExecuteAsync(
      [&](async::CancellationToken ct) -> Task<int> {
        seen = ct;
        ++calls;
        throw TransientError("x");
      },
      cts.Token());
  EXPECT_FALSE(t.IsCompleted());  // waiting an hour
  EXPECT_TRUE(seen == cts.Token());
  cts.Cancel();
  ASSERT_TRUE(asyncc_test::WaitUntil([&] { return t.IsCompleted(); }));
  EXPECT_TRUE(t.IsCanceled());
  EXPECT_EQ(calls.load(), 1);
  // Canceled before the first call: f is not called.
  EXPECT_TRUE(policy.ExecuteAsync([&] { ++calls; return async::FromResult(1); }, cts.Token()).IsCanceled());
  EXPECT_EQ(calls.load(), 1);
}

TEST(RetryPolicy, OnRetrySeesEachFailureAndValueTasks) {
  std::vector<std::string> seen;
  auto policy = Policy::Handle<TransientError>().WaitAndRetryAsync(
      2, [](int attempt) { return std::chrono::microseconds(attempt); },
      [&](std::exception_ptr e, std::chrono::nanoseconds delay, int attempt) {
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          seen.push_back(std::string(ex.what()) + "@" + std::to_string(attempt) + ":" +
                         std::to_string(delay.count()));
        }
      });
  int calls = 0;
  Task<int> t = policy.ExecuteAsync([&]() -> async::ValueTask<int> {
    if (++calls < 3) throw TransientError("t" + std::to_string(calls));
    return async::ValueTask<int>(calls);
  });
  EXPECT_EQ(t.Result(), 3);
  EXPECT_EQ(seen, (std::vector<std::string>{"t1@1:1000", "t2@2:2000"}));
}

}  // namespace
