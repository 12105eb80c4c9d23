// A program for the gdb extension's test (test/gdb/CMakeLists.txt): Outer
// awaits Middle awaits Inner awaits Leaf, which awaits a
// TaskCompletionSource that main completes. AsyncGdbCheckpoint(step) is
// where the test stops:
//   step 13: inside Leaf's first, synchronous run (every MoveNext on the stack)
//   step 1:  back in main, every function suspended
//   step 2:  inside Leaf, resumed by SetResult; its awaiters still suspended
#include <async/async.h>

#include <cstdio>
#include <stdexcept>
#include <string>

extern "C" __attribute__((noinline)) void AsyncGdbCheckpoint(int step) {
  __asm__ volatile("" ::"r"(step) : "memory");
}

static async::TaskCompletionSource<int>* g_source = nullptr;

ASYNC async::Task<int> Leaf(int depth) {
  AsyncGdbCheckpoint(10 + depth);
  int received = co_await g_source->Task();
  AsyncGdbCheckpoint(2);
  co_return received + depth;
}

ASYNC async::Task<int> Inner(int depth) {
  std::string label = "inner";
  int value = co_await Leaf(depth + 1);
  co_return value + int(label.size());
}

ASYNC async::Task<int> Middle(int depth) {
  int before = depth * 10;
  int value = co_await Inner(depth + 1);
  std::string later = "later";  // kept across the next await: not alive before it
  value += co_await async::FromResult(int(later.size()));
  co_return before + value;
}

ASYNC async::Task<int> Outer() {
  int sum = 0;
  for (int round = 0; round < 1; ++round) {
    sum += co_await Middle(1);
  }
  co_return sum;
}

ASYNC async::Task<int> FailAsync() {
  co_await async::CompletedTask();
  throw std::runtime_error("failed on purpose");
}

int main() {
  async::TaskCompletionSource<int> source;
  g_source = &source;
  async::Task<int> outer = Outer();
  async::Task<int> failed = FailAsync();
  AsyncGdbCheckpoint(1);
  source.SetResult(41);
  AsyncGdbCheckpoint(3);
  std::printf("result %d, failed %d\n", outer.Result(), int(failed.IsFaulted()));
  g_source = nullptr;
  return outer.Result() == 41 + 3 + 5 + 5 + 10 && failed.IsFaulted() ? 0 : 1;
}
