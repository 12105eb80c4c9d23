// The same async functions built as native C++20 coroutines (the runtime's
// promise types) and as hand-lowered state machines (machines.h, the shape
// asyncc generates) must behave identically: same logs, same ordering, same
// synchronous fast path, same exceptions, same abandonment.
#if !defined(__cpp_impl_coroutine)
#error "this test needs C++20 coroutines"
#endif

#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <async/async.h>

#include "machines.h"
#include "test_util.h"

namespace native {

using asyncc_test::Log;
using asyncc_test::Tracked;

ASYNC async::Task<int> AddOneAsync(async::Task<int> input, Log* log) {
  log->Add("start");
  Tracked local(log, "local");
  int v = co_await input;
  log->Add("resumed");
  co_return v + 1;
}

ASYNC async::Task<> ThrowAfterAsync(async::Task<int> input, Log* log, bool cancel) {
  Tracked local(log, "local");
  int v = co_await input;
  if (cancel) throw async::OperationCanceledException();
  throw std::runtime_error("boom " + std::to_string(v));
}

ASYNC async::Task<int> SumAsync(std::vector<async::Task<int>> inputs, Log* log) {
  int sum = 0;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    int v = co_await inputs[i];
    log->Add("got" + std::to_string(v));
    sum += v;
  }
  co_return sum;
}

ASYNC async::Task<int> ChainAsync(async::Task<int> prev) {
  int v = co_await std::move(prev);
  co_return v + 1;
}

template <class Awaitable>
ASYNC async::Task<> AwaitThenLogAsync(Awaitable a, Log* log) {
  Tracked local(log, "local");
  co_await a;
  log->Add("after");
}

ASYNC async::Task<> ParamDestroyedBeforeCompletionAsync([[maybe_unused]] std::unique_ptr<Tracked> param,
                                                        async::Task<int> input) {
  co_await input;
}

}  // namespace native

namespace {

using namespace std::chrono_literals;
using asyncc_test::Log;
using async::Continuation;
using async::TaskCompletionSource;

struct Lowered {
  static auto AddOne(async::Task<int> t, Log* l) { return asyncc_test::AddOneAsync(std::move(t), l); }
  static auto ThrowAfter(async::Task<int> t, Log* l, bool c) {
    return asyncc_test::ThrowAfterAsync(std::move(t), l, c);
  }
  static auto Sum(std::vector<async::Task<int>> v, Log* l) {
    return asyncc_test::SumAsync(std::move(v), l);
  }
  static auto Chain(async::Task<int> t) { return asyncc_test::ChainAsync(std::move(t)); }
  template <class A>
  static auto AwaitThenLog(A a, Log* l) {
    return asyncc_test::AwaitThenLogAsync(std::move(a), l);
  }
};

struct Native {
  static auto AddOne(async::Task<int> t, Log* l) { return native::AddOneAsync(std::move(t), l); }
  static auto ThrowAfter(async::Task<int> t, Log* l, bool c) {
    return native::ThrowAfterAsync(std::move(t), l, c);
  }
  static auto Sum(std::vector<async::Task<int>> v, Log* l) {
    return native::SumAsync(std::move(v), l);
  }
  static auto Chain(async::Task<int> t) { return native::ChainAsync(std::move(t)); }
  template <class A>
  static auto AwaitThenLog(A a, Log* l) {
    return native::AwaitThenLogAsync(std::move(a), l);
  }
};

struct DroppingAwaitable {
  struct Awaiter {
    bool IsCompleted() const { return false; }
    void UnsafeOnCompleted(Continuation) const {}
    void GetResult() const {}
  };
  Awaiter GetAwaiter() const { return {}; }
};

// Runs every scenario and returns one transcript.
template <class Impl>
std::string Transcript() {
  std::string out;
  auto section = [&](const std::string& name, const Log& log, const std::string& extra) {
    out += name + ": " + log.Joined() + " | " + extra + "\n";
  };
  {  // synchronous fast path
    Log log;
    auto t = Impl::AddOne(async::FromResult(1), &log);
    section("sync", log, std::to_string(t.IsCompleted()) + " " + std::to_string(t.Result()));
  }
  {  // suspension, completion after the locals are gone
    Log log;
    TaskCompletionSource<int> tcs;
    auto t = Impl::AddOne(tcs.Task(), &log);
    t.GetAwaiter().OnCompleted(Continuation([&] { log.Add("cont"); }));
    log.Add("suspended");
    tcs.SetResult(5);
    section("async", log, std::to_string(t.Result()));
  }
  {  // exceptions
    Log log;
    TaskCompletionSource<int> tcs;
    auto t = Impl::ThrowAfter(tcs.Task(), &log, false);
    auto c = Impl::ThrowAfter(async::FromResult(2), &log, true);
    tcs.SetResult(3);
    std::string what;
    try {
      t.GetAwaiter().GetResult();
    } catch (const std::runtime_error& e) {
      what = e.what();
    }
    section("throw", log,
            what + " faulted=" + std::to_string(t.IsFaulted()) +
                " canceled=" + std::to_string(c.IsCanceled()) +
                " agg=" + t.Exception()->what());
  }
  {  // loop
    Log log;
    TaskCompletionSource<int> a, b;
    auto t = Impl::Sum({async::FromResult(1), a.Task(), async::FromResult(2), b.Task()}, &log);
    a.SetResult(10);
    b.SetResult(100);
    section("loop", log, std::to_string(t.Result()));
  }
  {  // abandonment
    Log log;
    async::Task<int> outer;
    {
      TaskCompletionSource<int> tcs;
      outer = Impl::Chain(Impl::AddOne(tcs.Task(), &log));
    }
    std::string r;
    try {
      outer.Wait();
    } catch (const async::InvalidOperationException&) {
      r = "abandoned";
    }
    section("abandon", log, r + " " + std::to_string(static_cast<int>(outer.Status())));
  }
  {  // an awaiter that drops its continuation
    Log log;
    auto t = Impl::AwaitThenLog(DroppingAwaitable{}, &log);
    section("drop", log, std::to_string(static_cast<int>(t.Status())));
  }
  {  // a long chain (stack-depth guard)
    TaskCompletionSource<int> tcs;
    async::Task<int> t = tcs.Task();
    for (int i = 0; i < 2000; ++i) t = Impl::Chain(std::move(t));
    tcs.SetResult(0);
    Log log;
    section("chain", log, std::to_string(t.Result()));
  }
  {  // AsyncContext::Run with Yield: FIFO
    Log log;
    async::AsyncContext::Run([&] {
      auto* ctx = async::SynchronizationContext::Current();
      ctx->Post([&] { log.Add("p1"); });
      auto t = Impl::AwaitThenLog(async::Yield(), &log);
      ctx->Post([&] { log.Add("p2"); });
      return t;
    });
    section("context", log, "");
  }
  {  // a Delay resumes on the AsyncContext thread
    Log log;
    std::thread::id here = std::this_thread::get_id();
    std::thread::id resumed;
    async::AsyncContext::Run([&] {
      auto t = Impl::AwaitThenLog(async::Delay(5ms), &log);
      t.GetAwaiter().OnCompleted(Continuation([&] { resumed = std::this_thread::get_id(); }));
      return t;
    });
    section("delay", log, std::to_string(resumed == here));
  }
  return out;
}

TEST(NativeCoroutines, BehaveLikeTheLoweredStateMachines) {
  std::string lowered = Transcript<Lowered>();
  std::string native = Transcript<Native>();
  EXPECT_EQ(lowered, native);
  // And the transcript itself is what SPEC §4 asks for.
  EXPECT_EQ(native,
            "sync: start +local resumed ~local | 1 2\n"
            "async: start +local suspended resumed ~local cont | 6\n"
            "throw: +local +local ~local ~local | boom 3 faulted=1 canceled=1 "
            "agg=One or more errors occurred. (boom 3)\n"
            "loop: got1 got10 got2 got100 | 113\n"
            "abandon: start +local ~local | abandoned 1\n"
            "drop: +local ~local | 1\n"
            "chain:  | 2000\n"
            "context: +local p1 after ~local p2 | \n"
            "delay: +local after ~local | 1\n");
}

TEST(NativeCoroutines, ParamsAreDestroyedBeforeTheTaskCompletes) {
  Log log;
  TaskCompletionSource<int> tcs;
  auto t = native::ParamDestroyedBeforeCompletionAsync(std::make_unique<asyncc_test::Tracked>(&log, "param"),
                                                       tcs.Task());
  t.GetAwaiter().OnCompleted(Continuation([&] { log.Add("cont"); }));
  tcs.SetResult(1);
  EXPECT_EQ(log.Joined(), "+param ~param cont");
}

TEST(NativeCoroutines, AbandonedFrameDestroysParamsAndLocals) {
  Log log;
  async::Task<> t;
  {
    TaskCompletionSource<int> tcs;
    t = native::ParamDestroyedBeforeCompletionAsync(std::make_unique<asyncc_test::Tracked>(&log, "param"),
                                                    tcs.Task());
    EXPECT_EQ(log.Joined(), "+param");
  }
  EXPECT_EQ(log.Joined(), "+param ~param");
  EXPECT_THROW(t.Wait(), async::InvalidOperationException);
}

}  // namespace
