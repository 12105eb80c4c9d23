// An unnamed parameter is given a generated name (sm_argN, N its position)
// in the kickoff's signature so that it can be moved into the machine.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

ASYNC async::Task<> F(int a, int) {
  co_await async::Yield();
  (void)a;
}

// CHECK: ASYNC async::Task<> F(int a, int sm_arg1) {
// CHECK:     F_StateMachine(async::AsyncTaskMethodBuilder<void> sm_builder, int &&a, int &&sm_arg1)
// CHECK:   auto &sm_machine = async::AsyncTaskMethodBuilder<void>::Create<F_StateMachine>(std::move(a), std::move(sm_arg1));
