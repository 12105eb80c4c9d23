// A machine suspended on a TaskCompletionSource's task that is destroyed
// uncompleted (and whose own task handle is gone) is destroyed: exactly the
// locals alive at the await are destroyed, innermost first, and no code
// after the await runs.
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <cstdio>

struct Noisy {
  explicit Noisy(const char* n) : name(n) { std::printf("+%s\n", name); }
  ~Noisy() { std::printf("-%s\n", name); }
  Noisy(const Noisy&) = delete;
  Noisy& operator=(const Noisy&) = delete;
  const char* name;
};

ASYNC async::Task<int> WaitAsync(async::Task<int> signal) {
  Noisy outer("outer");
  {
    Noisy gone("gone");
  }
  {
    Noisy inner("inner");
    int v = co_await signal;
    std::printf("resumed %d\n", v);
    Noisy never("never");
  }
  std::printf("after block\n");
  co_return 1;
}

int main() {
  {
    async::TaskCompletionSource<int> tcs;
    async::Task<int> t = WaitAsync(tcs.Task());
    std::printf("suspended: completed=%d\n", t.IsCompleted());
  }
  std::printf("end of main\n");
}

// CHECK:      +outer
// CHECK-NEXT: +gone
// CHECK-NEXT: -gone
// CHECK-NEXT: +inner
// CHECK-NEXT: suspended: completed=0
// CHECK-NEXT: -inner
// CHECK-NEXT: -outer
// CHECK-NEXT: end of main
// CHECK-NOT: resumed
// CHECK-NOT: never
