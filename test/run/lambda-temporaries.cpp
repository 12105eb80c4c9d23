// Lambda temporaries in a full-expression holding co_await: the closure is
// kept in the frame to the end of the full-expression (a callee taking
// `const F&` calls it after its own suspension), created by a factory
// declared before the machine since its type has no name
// (tool/lib/ClosureLocals.h). Covers Task.Run's pattern, a nested ASYNC
// lambda called as a temporary, and a lambda read after the callee suspends.
// RUN: %run3 %s | %FileCheck %s
#include <async/async.h>

#include <cstdio>

template <class F>
ASYNC async::Task<int> CallLater(const F &f) {
  co_await async::Yield();
  volatile int scrub[64];
  for (auto &s : scrub) s = 7;
  co_return f(1);
}

ASYNC async::Task<int> MainAsync() {
  int x = 20;
  int r = co_await async::Run([x] { return x + 1; });
  int s = co_await async::Run([&x] { return x + 2; });
  int t = co_await [x]() ASYNC -> async::Task<int> {
    co_await async::Yield();
    co_return x * 2;
  }();
  int u = co_await CallLater([x, &s](int k) { return x + s + k; });
  std::printf("r=%d s=%d t=%d u=%d\n", r, s, t, u);
  co_return 0;
}
// CHECK: r=21 s=22 t=40 u=43

int main() { return async::AsyncContext::Run(MainAsync); }
