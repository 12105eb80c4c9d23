// Awaiting something already complete (FromResult, a completed
// TaskCompletionSource's task) does not suspend: the whole body runs during
// the call and the caller sees a completed task right after it. A pending
// one suspends.
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <cstdio>

ASYNC async::Task<int> AddAsync(async::Task<int> a, async::Task<int> b) {
  std::printf("add: start\n");
  int x = co_await a;
  std::printf("add: got a=%d\n", x);
  int y = co_await b;
  std::printf("add: got b=%d\n", y);
  co_return x + y;
}

int main() {
  async::TaskCompletionSource<int> done;
  done.SetResult(2);
  async::Task<int> t = AddAsync(async::FromResult(40), done.Task());
  std::printf("after call: completed=%d result=%d\n", t.IsCompleted(), t.Result());

  async::TaskCompletionSource<int> pending;
  async::Task<int> u = AddAsync(async::FromResult(1), pending.Task());
  std::printf("after call: completed=%d\n", u.IsCompleted());
  pending.SetResult(5);
  std::printf("after SetResult: completed=%d result=%d\n", u.IsCompleted(), u.Result());
}

// CHECK:      add: start
// CHECK-NEXT: add: got a=40
// CHECK-NEXT: add: got b=2
// CHECK-NEXT: after call: completed=1 result=42
// CHECK-NEXT: add: start
// CHECK-NEXT: add: got a=1
// CHECK-NEXT: after call: completed=0
// CHECK-NEXT: add: got b=5
// CHECK-NEXT: after SetResult: completed=1 result=6
