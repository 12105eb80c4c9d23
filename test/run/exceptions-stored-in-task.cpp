// An exception thrown in the body, before the first await or after one, is
// stored in the task (the call itself does not throw), and rethrown to the
// awaiter; the task is Faulted.
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <cstdio>
#include <stdexcept>

ASYNC async::Task<int> ThrowFirstAsync(int v) {
  if (v > 0) throw std::runtime_error("before await");
  co_await async::Yield();
  co_return v;
}

ASYNC async::Task<int> ThrowLaterAsync() {
  co_await async::Yield();
  throw std::logic_error("after await");
}

ASYNC async::Task<int> MainAsync() {
  async::Task<int> t = ThrowFirstAsync(1);
  std::printf("returned: completed=%d faulted=%d\n", t.IsCompleted(), t.IsFaulted());
  async::Task<int> u = ThrowLaterAsync();
  std::printf("later: completed=%d\n", u.IsCompleted());
  co_await async::Yield();
  std::printf("later after yield: faulted=%d\n", u.IsFaulted());
  co_return co_await t;
}

int main() {
  try {
    async::AsyncContext::Run(MainAsync);
    std::printf("no exception\n");
  } catch (const std::runtime_error& e) {
    std::printf("caught runtime_error: %s\n", e.what());
  }
  try {
    async::AsyncContext::Run(ThrowLaterAsync);
  } catch (const std::logic_error& e) {
    std::printf("caught logic_error: %s\n", e.what());
  }
}

// CHECK:      returned: completed=1 faulted=1
// CHECK-NEXT: later: completed=0
// CHECK-NEXT: later after yield: faulted=1
// CHECK-NEXT: caught runtime_error: before await
// CHECK-NEXT: caught logic_error: after await
