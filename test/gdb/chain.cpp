// A program for the gdb extension's test (test/gdb/CMakeLists.txt): Outer
// awaits Middle awaits Inner awaits Leaf, which awaits a
// TaskCompletionSource that main completes. AsyncGdbCheckpoint(step) is
// where the test stops (chain.gdb's CHECK lines name the lines marked
// "gdb-line: NAME" as [[#NAME]]):
//   step 13: inside Leaf's first, synchronous run (every MoveNext on the stack)
//   step 1:  back in main, every function suspended
//   step 2:  inside Leaf, resumed by SetResult; its awaiters still suspended
// With an argument N, N more chains of depth 4 (Pending) wait on the same
// source: docs/debugging.md times `async tasks` and `async bt` with them.
#include <async/async.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

extern "C" __attribute__((noinline)) void AsyncGdbCheckpoint(int step) {
  __asm__ volatile("" ::"r"(step) : "memory");
}

static async::TaskCompletionSource<int>* g_source = nullptr;

ASYNC async::Task<int> Leaf(int depth) {
  AsyncGdbCheckpoint(10 + depth);             // gdb-line: LEAF_START
  int received = co_await g_source->Task();  // gdb-line: LEAF_AWAIT
  AsyncGdbCheckpoint(2);                     // gdb-line: LEAF_RESUMED
  co_return received + depth;
}

ASYNC async::Task<int> Inner(int depth) {
  std::string label = "inner";
  int value = co_await Leaf(depth + 1);  // gdb-line: INNER_AWAIT
  co_return value + int(label.size());
}

ASYNC async::Task<int> Middle(int depth) {
  int before = depth * 10;
  int value = co_await Inner(depth + 1);  // gdb-line: MIDDLE_AWAIT
  std::string later = "later";  // kept across the next await: not alive before it
  value += co_await async::FromResult(int(later.size()));
  co_return before + value;
}

ASYNC async::Task<int> Outer() {
  int sum = 0;
  for (int round = 0; round < 1; ++round) {
    sum += co_await Middle(1);  // gdb-line: OUTER_AWAIT
  }
  co_return sum;
}

ASYNC async::Task<int> Pending(int depth) {
  if (depth == 0) co_return co_await g_source->Task();
  co_return co_await Pending(depth - 1) + 1;
}

ASYNC async::Task<int> FailAsync() {
  co_await async::CompletedTask();
  throw std::runtime_error("failed on purpose");
}

int main(int argc, char** argv) {
  async::TaskCompletionSource<int> source;
  g_source = &source;
  async::Task<int> outer = Outer();
  async::Task<int> failed = FailAsync();
  async::ValueTask<int> wrapped(outer);  // the printers and async bt take ValueTasks too
  async::ValueTask<int> ready = async::ValueTaskFromResult(7);
  std::vector<async::Task<int>> more;
  for (int i = 0, n = argc > 1 ? std::atoi(argv[1]) : 0; i < n; ++i) more.push_back(Pending(3));
  AsyncGdbCheckpoint(1);
  source.SetResult(41);
  AsyncGdbCheckpoint(3);
  std::printf("result %d, failed %d\n", outer.Result(), int(failed.IsFaulted()));
  g_source = nullptr;
  for (const async::Task<int>& t : more)
    if (t.Result() != 41 + 3) return 1;
  return outer.Result() == 41 + 3 + 5 + 5 + 10 && failed.IsFaulted() ? 0 : 1;
}
