// --emit=layout: each state machine's states (with the line and the awaited
// expression) and its fields with the compiler's offsets and sizes (the
// lowered text is parsed again), and the total size. Slots that share a
// union share an offset.
// RUN: %asyncc %s --emit=layout -o %t.txt
// RUN: %FileCheck %s --input-file %t.txt

#include <async/async.h>

#include <cstdint>

ASYNC async::Task<int> LayoutAsync(std::int64_t a, int b) {
  std::int32_t local = b;
  co_await async::Yield();
  co_await async::Yield();
  co_return int(a) + local;
}

// CHECK:      state machine LayoutAsync_StateMachine (LayoutAsync)
// CHECK-NEXT:   states:
// CHECK-NEXT:     -1  running
// CHECK-NEXT:      0  suspended at line 14: co_await async::Yield()
// CHECK-NEXT:      1  suspended at line 15: co_await async::Yield()
// CHECK-NEXT:     -2  done
// CHECK-NEXT:   fields:               offset  size  type
// CHECK-NEXT:     (base)                   0     8  async::IAsyncStateMachine (its vtable pointer)
// CHECK-NEXT:     sm_builder               8     8  async::AsyncTaskMethodBuilder<int>
// CHECK-NEXT:     sm_state                16     4  int
// CHECK-NEXT:     sm_live                 20     4  int
// CHECK-NEXT:     sm_temporary_order      24     2  unsigned char[2]
// CHECK-NEXT:     sm_temporary_count      26     1  unsigned char
// CHECK-NEXT:     a                       32     8
// CHECK-NEXT:     b                       40     4  int
// CHECK-NEXT:     local                   44     4
// CHECK-NEXT:     sm_awaitable0           48     1  ::async::YieldAwaitable
// CHECK-NEXT:     sm_awaitable1           48     1  ::async::YieldAwaitable
// CHECK-NEXT:     sm_awaiter0             49     1
// CHECK-NEXT:     sm_awaiter1             49     1
// CHECK-NEXT:   total size 56 bytes, alignment 8
