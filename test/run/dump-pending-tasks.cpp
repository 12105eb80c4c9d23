// async::DumpPendingTasks lists a suspended chain of ASYNC functions,
// innermost first, each at the line of the await it is suspended at: the
// tool passes the await lines to the runtime (sm_await_sites), the native
// build records them through std::source_location; both print the same.
// RUN: %run3 %s | %FileCheck %s -DFILE=%s

#include <async/async.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

async::TaskCompletionSource<int> *g_source;

namespace work {

ASYNC async::Task<int> Inner() {
  co_await async::Yield();
  int v = co_await g_source->Task();
  co_return v + 1;
}

ASYNC async::Task<int> Middle() {
  int before = 1;
  int v = before + co_await Inner();
  co_return v;
}

}  // namespace work

ASYNC async::Task<int> Outer() {
  std::string label = "outer";
  co_return co_await work::Middle() + int(label.size());
}

ASYNC async::Task<int> MainAsync() {
  async::TaskCompletionSource<int> source;
  g_source = &source;
  async::Task<int> running = Outer();
  co_await async::Yield();
  co_await async::Yield();
  std::ostringstream dump;
  async::DumpPendingTasks(dump);
  // One block per root task, in no particular order, each headed by the
  // task's address: print the blocks sorted, without the headers.
  std::vector<std::string> blocks;
  std::string line, block;
  std::istringstream in(dump.str());
  while (std::getline(in, line)) {
    if (line.empty()) {
      blocks.push_back(block);
      block.clear();
    } else if (line.rfind("async task ", 0) != 0) {
      block += line + "\n";
    }
  }
  std::sort(blocks.begin(), blocks.end());
  for (const std::string &b : blocks)
    std::printf("task\n%s", b.c_str());
  source.SetResult(40);
  co_return co_await running;
}

// CHECK: task
// CHECK-NEXT:   at MainAsync ([[FILE]]:44)
// CHECK-NEXT: task
// CHECK-NEXT:   at work::Inner ([[FILE]]:22)
// CHECK-NEXT:   at work::Middle ([[FILE]]:28)
// CHECK-NEXT:   at Outer ([[FILE]]:36)

int main() {
  int rc = async::AsyncContext::Run(MainAsync);
  // CHECK: rc 47
  std::printf("rc %d\n", rc);
  return 0;
}
