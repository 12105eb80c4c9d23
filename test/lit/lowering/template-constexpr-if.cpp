// In a template, co_await inside the branches of `if constexpr`: a label in
// front of the statement, where the outer dispatch goes, and a dispatch
// switch at the top of each branch for its own awaits (a label inside a
// constexpr-if branch may be named only from that branch). The branch's
// frame slots are type-erased fields (async::detail::BranchSlot): the
// branch declares each one's type, well-formed only where the branch is
// taken, and names the storage with it; the unwinder destroys them through
// the storage. --emit=layout lists them as the erased fields they are.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s
// RUN: %asyncc %s --emit=layout -o %t.txt
// RUN: %FileCheck %s --check-prefix=LAYOUT --input-file %t.txt

#include <async/async.h>

#include <string>
#include <type_traits>

ASYNC async::Task<std::string> Quote(std::string s) {
  co_await async::Yield();
  co_return "'" + s + "'";
}

ASYNC async::Task<int> Twice(int v) {
  co_await async::Yield();
  co_return 2 * v;
}

template <class T>
ASYNC async::Task<int> Measure(T value) {
  int n = 0;
  if constexpr (std::is_same_v<T, std::string>) {
    std::string quoted = co_await Quote(value);
    co_await async::Yield();
    n = static_cast<int>(quoted.size());
  } else
    n = co_await Twice(value);
  co_return n;
}

template async::Task<int> Measure(std::string);
template async::Task<int> Measure(int);

// The branch's slots are BranchSlot fields; the unwinder destroys them
// through the storage.
// CHECK-LABEL: struct Measure_StateMachine final
// CHECK:      union { int n; }; // local, slot 1, line 31
// CHECK-NEXT: async::detail::BranchSlot sm_awaitable0_slot; // awaited by await 0, line 33, typed in its constexpr-if branch
// CHECK-NEXT: async::detail::BranchSlot sm_awaiter0_slot; // awaiter of await 0, line 33, typed in its constexpr-if branch
// CHECK-NEXT: async::detail::BranchSlot sm_quoted_slot; // local, slot 3, line 33, typed in its constexpr-if branch
// CHECK:      case 3: sm_live = 1; sm_quoted_slot.Destroy(); break;
// CHECK:      case 0: sm_awaitable0_slot.Destroy(); break;
// CHECK-NEXT: case 1: sm_awaiter0_slot.Destroy(); break;
// CHECK:      case 1: sm_live = 0; async::detail::Destroy(n); break;

// The outer dispatch goes to the label in front of `if constexpr`; each
// branch declares its slots' types and names, then dispatches its own
// awaits. A branch that is not a block gets braces.
// CHECK:      void MoveNext() override {
// CHECK:        case 0: goto sm_if0;
// CHECK-NEXT:   case 1: goto sm_if0;
// CHECK-NEXT:   case 2: goto sm_if0;
// CHECK:        sm_if0: if constexpr (std::is_same_v<T, std::string>) { using sm_awaitable0_type = async::detail::Kept<decltype((Quote(value)))>; sm_awaitable0_type &sm_awaitable0 = sm_awaitable0_slot.As<sm_awaitable0_type>(); {{.*}} using sm_quoted_type = ::std::string; sm_quoted_type &quoted = sm_quoted_slot.As<sm_quoted_type>(); {{.*}} switch (sm_state) { case 0: goto sm_resume0; case 1: goto sm_resume1; default: break; } {
// CHECK:        sm_resume0:
// CHECK:        ::new (async::detail::Storage(quoted)) sm_quoted_type(sm_awaiter0.GetResult()); sm_unwind_to(1); sm_live = 3;
// CHECK:        sm_resume1:
// CHECK:        } sm_unwind_to(1); } else
// CHECK-NEXT:   { using sm_awaitable2_type = async::detail::Kept<decltype((Twice(value)))>; {{.*}} switch (sm_state) { case 2: goto sm_resume2; default: break; } sm_live = 5;
// CHECK:        sm_resume2:
// CHECK:        n = sm_awaiter2.GetResult(); sm_unwind_to(1); }

// LAYOUT:      state machine Measure_StateMachine (Measure<int>)
// LAYOUT:        n                       {{[0-9]+}}     4  int
// LAYOUT-NEXT:   sm_awaitable0_slot      {{[0-9]+ +[0-9]+}}  async::detail::BranchSlot
// LAYOUT:        sm_quoted_slot          {{[0-9]+ +[0-9]+}}  async::detail::BranchSlot
