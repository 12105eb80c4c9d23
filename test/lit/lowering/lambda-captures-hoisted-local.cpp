// A lambda in the body that captures a hoisted local: the capture becomes
// an init-capture of the frame field ([x] -> [x = x], [&y] -> [&y = y]);
// locals that are not hoisted are captured as written.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

ASYNC async::Task<int> LambdaAsync() {
  int x = 1;
  int y = 2;
  {
    auto g = [&y] { return y; };
    y = g() + 1;
  }
  co_await async::Yield();
  int z = 3;
  auto f = [x, &y, z] { return x + y + z; };
  co_return f();
}

// CHECK-LABEL: void MoveNext() override {
// CHECK:        ::new (async::detail::Storage(x)) int(1); sm_live = 1;
// CHECK-NEXT:   ::new (async::detail::Storage(y)) int(2); sm_live = 2;
// CHECK-NEXT:   {
// CHECK-NEXT:     auto g = [&y = y] { return y; };
// CHECK-NEXT:     y = g() + 1;
// CHECK-NEXT:   }
// CHECK:        sm_awaiter0.GetResult(); sm_unwind_to(2);
// CHECK-NEXT:   int z = 3;
// CHECK-NEXT:   auto f = [x = x, &y = y, z] { return x + y + z; };
// CHECK-NEXT:   { sm_builder.SetReturnValue(f()); goto sm_exit; }
