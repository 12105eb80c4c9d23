// The four supported forms: 'x = co_await e;', 'T x = co_await e;',
// 'co_await e;' and 'co_return co_await e;'.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

ASYNC async::Task<int> FormsAsync() {
  int x = 0;
  x = co_await async::FromResult(1);
  int y = co_await async::FromResult(x + 1);
  co_await async::Yield();
  co_return co_await async::FromResult(y);
}

// CHECK-LABEL: ASYNC async::Task<int> FormsAsync() {
// CHECK:    // co_await async::FromResult(1)
// CHECK:    x = sm_awaiter0.GetResult(); sm_unwind_to(1);
// CHECK:    // co_await async::FromResult(x + 1)
// CHECK:    ::new (async::detail::Storage(y)) int(sm_awaiter1.GetResult()); sm_unwind_to(1); sm_live = {{[0-9]+}};
// CHECK:    // co_await async::Yield()
// CHECK:    sm_awaiter2.GetResult(); sm_unwind_to({{[0-9]+}});
// CHECK:    // co_await async::FromResult(y)
// CHECK:    { sm_builder.SetReturnValue(sm_awaiter3.GetResult()); goto sm_exit; }
