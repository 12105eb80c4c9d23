// Awaits inside larger expressions: what is evaluated before an await and
// used after it is kept in the full-expression's frame slots (sm_tmpN): a
// scalar by value, a glvalue by address, a class prvalue in place (then
// moved); && and ?: put the branch's await inside an `if`; the comma
// operator evaluates its left side first.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

#include <string>

ASYNC async::Task<int> Int();
std::string &Name();
int Use(int, int);
int Join(std::string &, int);
int Take(std::string, int);

ASYNC async::Task<int> SpillAsync(int x) {
  int a = x * 2 + co_await Int();
  int b = Join(Name(), co_await Int());
  int c = Take(std::string("t"), co_await Int());
  bool d = x > 0 && co_await Int() > 1;
  int e = x > 1 ? co_await Int() : 0;
  int f = (Use(1, 2), co_await Int());
  co_return a + b + c + d + e + f;
}

// The fields: each value kept shares a union with the values at the same
// position in the other full-expressions.
// CHECK-LABEL: struct SpillAsync_StateMachine
// CHECK:      union { // value 0 kept by a full-expression
// CHECK-NEXT:   int sm_tmp0; // operand, line 20
// CHECK-NEXT:   ::std::string *sm_tmp1; // address of an operand, line 21
// CHECK-NEXT:   ::std::string sm_tmp2; // operand, line 22
// CHECK-NEXT:   bool sm_tmp3; // value of a short-circuit, line 23
// CHECK-NEXT:   int sm_tmp4; // a conditional's result, line 24
// CHECK-NEXT:   ::async::Task<int> sm_awaitable5; // awaited by await 5, line 25
// CHECK-NEXT: };

// CHECK-LABEL: void MoveNext() override {
// CHECK:         sm_live = 1; // what this full-expression keeps in the frame dies at its end
// CHECK-NEXT:    sm_tmp0 = x * 2;
// CHECK-NEXT:    // co_await Int()
// CHECK:         ::new (async::detail::Storage(a)) int(sm_tmp0 + sm_awaiter0.GetResult()); sm_unwind_to(0); sm_live = 2;
// CHECK:         sm_tmp1 = async::detail::AddressOf(Name());
// CHECK-NEXT:    // co_await Int()
// CHECK:         ::new (async::detail::Storage(b)) int(Join((*sm_tmp1), sm_awaiter1.GetResult())); sm_unwind_to(2); sm_live = 4;
// CHECK:         ::new (async::detail::Storage(sm_tmp2)) ::std::string(std::string("t")); sm_temporary_order[sm_temporary_count++] = 0;
// CHECK-NEXT:    // co_await Int()
// CHECK:         ::new (async::detail::Storage(c)) int(Take(static_cast<::std::string&&>(sm_tmp2), sm_awaiter2.GetResult())); sm_unwind_to(4); sm_live = 6;
// CHECK:         sm_tmp3 = static_cast<bool>(x > 0);
// CHECK-NEXT:    if (sm_tmp3) {
// CHECK-NEXT:      // co_await Int()
// CHECK:           sm_tmp3 = static_cast<bool>(sm_awaiter3.GetResult() > 1);
// CHECK-NEXT:    }
// CHECK-NEXT:    ::new (async::detail::Storage(d)) bool(sm_tmp3); sm_unwind_to(6); sm_live = 8;
// CHECK:         if (x > 1) {
// CHECK-NEXT:      // co_await Int()
// CHECK:           sm_tmp4 = sm_awaiter4.GetResult();
// CHECK-NEXT:    } else {
// CHECK-NEXT:      sm_tmp4 = 0;
// CHECK-NEXT:    }
// CHECK-NEXT:    ::new (async::detail::Storage(e)) int(sm_tmp4); sm_unwind_to(8); sm_live = 10;
// CHECK:         static_cast<void>(Use(1, 2));
// CHECK-NEXT:    // co_await Int()
// CHECK:         int f = (void(), sm_awaiter5.GetResult()); sm_unwind_to(10);
