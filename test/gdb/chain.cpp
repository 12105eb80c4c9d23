// A program stopped deep in an await chain, for the gdb extension's test
// (test/gdb/CMakeLists.txt): Outer awaits Middle awaits Inner awaits Leaf,
// which awaits a TaskCompletionSource that main completes.
#include <async/async.h>

#include <cstdio>
#include <string>

// Breakpoints. noinline and an asm barrier keep every call a real call at -O0
// and above.
extern "C" __attribute__((noinline)) void AsyncGdbCheckpoint(int step) {
  __asm__ volatile("" ::"r"(step) : "memory");
}

static async::TaskCompletionSource<int>* g_source = nullptr;

ASYNC async::Task<int> Leaf(int depth) {
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
  co_return before + value;
}

ASYNC async::Task<int> Outer() {
  int sum = 0;
  for (int round = 0; round < 1; ++round) {
    sum += co_await Middle(1);
  }
  co_return sum;
}

int main() {
  async::TaskCompletionSource<int> source;
  g_source = &source;
  async::Task<int> outer = Outer();
  AsyncGdbCheckpoint(1);  // everything is suspended here
  source.SetResult(41);   // runs Leaf, then the rest, inline
  std::printf("result %d\n", outer.Result());
  g_source = nullptr;
  return outer.Result() == 41 + 3 + 5 + 10 ? 0 : 1;
}
