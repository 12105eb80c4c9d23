// Locals of lambda type that live across an await are created by a factory
// declared before the machine (lowering/06-members-operators-local-types.md section 17); what that factory
// cannot do is an error at its location, and no output is written.
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>

// A local whose type is a closure type that no closure local of the
// function has (here, the lambda a lambda returns): there is no factory
// whose result names it. (Copies of and references to closure locals are
// lowered: test/run/closure-copies-and-references.cpp.)
ASYNC async::Task<int> ClosureFromCall() {
  auto make = [] { return [] { return 1; }; };
  // CHECK: {{.*}}lambda-local-across-await.cpp:[[@LINE+1]]:8: error: local 'g' lives across co_await but its type cannot be named in the state machine: it is the type of a lambda expression
  auto g = make();
  co_await async::Yield();
  co_return g();
}

// A constant used without capture, and a local type: both are declared in
// the function, after the place where the factory is.
ASYNC async::Task<int> NamesLocals() {
  constexpr int limit = 3;
  struct Pair { int a, b; };
  // CHECK: {{.*}}lambda-local-across-await.cpp:[[@LINE+1]]:35: error: 'limit' is declared in the function and named, not captured, by a lambda that lives across co_await; such a lambda is created before the state machine, where it is not visible
  auto f = [](int v) { return v < limit; };
  // CHECK: {{.*}}lambda-local-across-await.cpp:[[@LINE+1]]:17: error: type 'Pair' is declared in the function and named by a lambda that lives across co_await; such a lambda is created before the state machine, where it is not visible
  auto g = [] { Pair p{1, 2}; return p.a + p.b; };
  co_await async::Yield();
  co_return f(1) + g();
}

// A class template deduced from a lambda (CTAD): the specialization names
// the closure type in its arguments, which the machine's field cannot spell.
// (Before, the parenthesized form was written out as `::Finally<(lambda)>`.)
template <class F>
class Finally {
 public:
  explicit Finally(F f) : f_(f) {}
  ~Finally() { f_(); }

 private:
  F f_;
};
template <class F>
struct Guard {
  F f;
  ~Guard() { f(); }
};
template <class F>
Guard(F) -> Guard<F>;

ASYNC async::Task<int> DeducedFromLambda(int v) {
  // CHECK: {{.*}}lambda-local-across-await.cpp:[[@LINE+1]]:11: error: local 'finally' lives across co_await but its type cannot be named in the state machine: it is the type of a lambda expression
  Finally finally([&] { ++v; });
  // CHECK: {{.*}}lambda-local-across-await.cpp:[[@LINE+1]]:9: error: local 'guard' lives across co_await but its type cannot be named in the state machine: it is the type of a lambda expression
  Guard guard{[&] { ++v; }};
  co_await async::Yield();
  co_return v;
}
