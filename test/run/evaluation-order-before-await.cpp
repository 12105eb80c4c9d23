// What the lowering orders (docs/lowering/03-full-expressions.md section 9): the operands
// evaluated before an await in the same full-expression are evaluated left
// to right, as clang does, whatever compiler builds the lowered file; the
// await comes next, then what follows it. (An awaited call's own arguments
// and expressions without await keep the compiler's order, as in any C++
// program, so they are not printed from here.)
// RUN: %run3 %s | %FileCheck %s
// ASYNCC-SKIP-GCC-NATIVE: g++ evaluates function arguments right to left (clang, the reference, and the lowering: left to right before an await)
// CHECK: say 1
// CHECK-NEXT: say 2
// CHECK-NEXT: get 10
// CHECK-NEXT: say 4
// CHECK-NEXT: sum 17
#include <async/async.h>

#include <cstdio>

int Say(int v) {
  std::printf("say %d\n", v);
  return v;
}

ASYNC async::Task<int> Get(int v) {
  std::printf("get %d\n", v);
  co_await async::Yield();
  co_return v;
}

int Add4(int a, int b, int c, int d) { return a + b + c + d; }

ASYNC async::Task<int> Order() {
  int sum = Add4(Say(1), Say(2), co_await Get(10), Say(4));
  std::printf("sum %d\n", sum);
  co_return sum;
}

int main() { return async::AsyncContext::Run([] { return Order(); }) == 17 ? 0 : 1; }
