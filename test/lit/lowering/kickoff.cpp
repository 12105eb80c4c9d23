// The function keeps its signature; its body becomes a kickoff that creates
// the machine (parameters moved in, references passed as they are), starts
// it and returns the builder's task.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

#include <string>

ASYNC async::Task<> KickoffAsync(int a, std::string s, const std::string& ref) {
  co_await async::Yield();
  (void)a;
  (void)s;
  (void)ref;
}

// CHECK-LABEL: ASYNC async::Task<> KickoffAsync(int a, std::string s, const std::string& ref) {
// CHECK:     async::AsyncTaskMethodBuilder<void> sm_builder;
// CHECK:     const ::std::string &ref;
// CHECK:     KickoffAsync_StateMachine(async::AsyncTaskMethodBuilder<void> sm_builder, int &&a, ::std::string &&s, const ::std::string &ref)
// CHECK-NEXT:       : sm_builder(sm_builder), a(std::move(a)), s(std::move(s)), ref(ref) {}
// CHECK:        sm_builder.SetResult();
// CHECK-NEXT:     }
// CHECK-NEXT:   };
// CHECK-NEXT:   auto &sm_machine = async::AsyncTaskMethodBuilder<void>::Create<KickoffAsync_StateMachine>(std::move(a), std::move(s), ref);
// CHECK-NEXT:   ::async::Task<> sm_task = sm_machine.sm_builder.Task();
// CHECK-NEXT:   sm_machine.sm_builder.Start(sm_machine);
// CHECK-NEXT:   return sm_task;
// CHECK-NEXT: }
