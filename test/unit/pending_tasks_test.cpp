// DumpPendingTasks: the async stack of every pending async method, built
// from the await sites the generated machines carry (sm_await_sites).
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <async/async.h>

#include "machines.h"
#include "step_machine.h"
#include "test_util.h"

namespace {

using asyncc_test::StepAsync;

struct InnerSite {
  static constexpr const char* kFunction = "app::InnerAsync";
  static constexpr const char* kFile = "app.cpp";
  static constexpr int kLine = 12;
};
struct MiddleSite {
  static constexpr const char* kFunction = "app::MiddleAsync";
  static constexpr const char* kFile = "app.cpp";
  static constexpr int kLine = 20;
};
struct OuterSite {
  static constexpr const char* kFunction = "app::OuterAsync";
  static constexpr const char* kFile = "main.cpp";
  static constexpr int kLine = 31;
};

std::string Dump() {
  std::ostringstream out;
  async::DumpPendingTasks(out);
  return out.str();
}

auto Identity() {
  return [](int v) { return v; };
}
auto Nothing() {
  return [] {};
}

TEST(PendingTasks, ThreeDeepChainShowsEveryFrameInnermostFirst) {
  ASSERT_EQ(Dump(), "");
  async::TaskCompletionSource<int> tcs;
  auto inner = StepAsync<InnerSite>(tcs.Task(), Nothing(), Identity());
  auto middle = StepAsync<MiddleSite>(inner, Nothing(), Identity());
  auto outer = StepAsync<OuterSite>(middle, Nothing(), Identity());
  std::string dump = Dump();
  std::ostringstream root;
  root << "async task " << static_cast<const void*>(outer.StatePtr()) << ":\n";
  EXPECT_EQ(dump, root.str() +
                      "  at app::InnerAsync (app.cpp:12)\n"
                      "  at app::MiddleAsync (app.cpp:20)\n"
                      "  at app::OuterAsync (main.cpp:31)\n"
                      "\n");
  tcs.SetResult(1);
  EXPECT_EQ(outer.Result(), 1);
  EXPECT_EQ(Dump(), "");
}

TEST(PendingTasks, SeparateRootsGetSeparateBlocks) {
  async::TaskCompletionSource<int> a, b;
  auto first = StepAsync<InnerSite>(a.Task(), Nothing(), Identity());
  auto second = StepAsync<OuterSite>(b.Task(), Nothing(), Identity());
  std::string dump = Dump();
  EXPECT_NE(dump.find("  at app::InnerAsync (app.cpp:12)\n\n"), std::string::npos) << dump;
  EXPECT_NE(dump.find("  at app::OuterAsync (main.cpp:31)\n\n"), std::string::npos) << dump;
  EXPECT_EQ(dump.find("MiddleAsync"), std::string::npos);
  a.SetResult(1);
  EXPECT_EQ(Dump().find("InnerAsync"), std::string::npos);
  b.SetResult(2);
  EXPECT_EQ(Dump(), "");
}

TEST(PendingTasks, SynchronouslyCompletingAndFaultedAndAbandonedMethodsAreNotListed) {
  auto done = StepAsync<InnerSite>(async::FromResult(1), Nothing(), Identity());
  EXPECT_TRUE(done.IsCompleted());
  EXPECT_EQ(Dump(), "");
  {
    async::TaskCompletionSource<int> tcs;
    auto failing = StepAsync<InnerSite>(tcs.Task(), Nothing(), Identity());
    EXPECT_NE(Dump(), "");
    tcs.SetException(std::make_exception_ptr(std::runtime_error("x")));
    EXPECT_TRUE(failing.IsFaulted());
    EXPECT_EQ(Dump(), "");
  }
  async::Task<int> abandoned;
  {
    async::TaskCompletionSource<int> tcs;
    abandoned = StepAsync<MiddleSite>(tcs.Task(), Nothing(), Identity());
    EXPECT_NE(Dump(), "");
  }  // the TCS is gone: the machine is destroyed
  EXPECT_EQ(Dump(), "");
}

TEST(PendingTasks, MachinesWithoutASiteTableAreListedByType) {
  async::TaskCompletionSource<int> tcs;
  asyncc_test::Log log;
  auto t = asyncc_test::ChainAsync(tcs.Task());
  std::string dump = Dump();
  EXPECT_NE(dump.find("(unknown location)"), std::string::npos) << dump;
  tcs.SetResult(1);
  t.Wait();
  EXPECT_EQ(Dump(), "");
}

TEST(PendingTasks, TheSiteFollowsTheCurrentAwait) {
  // SumAsync awaits in a loop: one await site, listed while suspended.
  std::vector<async::TaskCompletionSource<int>> sources(3);
  std::vector<async::Task<int>> inputs;
  for (auto& s : sources) inputs.push_back(s.Task());
  asyncc_test::Log log;
  auto t = asyncc_test::SumAsync(inputs, &log);
  for (auto& s : sources) {
    EXPECT_NE(Dump(), "");
    s.SetResult(1);
  }
  EXPECT_EQ(t.Result(), 3);
  EXPECT_EQ(Dump(), "");
}

TEST(PendingTasks, DumpRacingCompletionsIsSafe) {
  constexpr int kMachines = 300;
  std::vector<async::TaskCompletionSource<int>> sources(kMachines);
  std::vector<async::Task<int>> tasks;
  for (auto& s : sources)
    tasks.push_back(StepAsync<MiddleSite>(StepAsync<InnerSite>(s.Task(), Nothing(), Identity()),
                                          Nothing(), Identity()));
  std::atomic<bool> stop{false};
  std::thread dumper([&] {
    while (!stop.load()) (void)Dump();
  });
  std::thread completer([&] {
    for (int i = 0; i < kMachines; ++i) sources[i].SetResult(i);
  });
  completer.join();
  async::WhenAll(tasks).Wait();
  stop = true;
  dumper.join();
  EXPECT_EQ(Dump(), "");
}

}  // namespace
