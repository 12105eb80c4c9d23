// An ASYNC lambda kept across co_await in a template: its closure factory's
// parameters are typed where the function can spell them, and Clang 15-19
// then build the lambda's machine. Where a parameter stays `auto &` (a local
// of a local alias's type, or deduced from a dependent initializer), or the
// lambda is generic itself, Clang may leave the machine's destructor
// undefined: a warning at the lambda, and the output is still written.
// RUN: rm -f %t.out
// RUN: %asyncc %s -o %t.out 2>&1 | %FileCheck %s --implicit-check-not=warning:
// RUN: test -s %t.out
// RUN: %FileCheck %s --check-prefix=FACTORY < %t.out

#include <async/async.h>

ASYNC async::Task<int> Echo(int v) {
  co_await async::Yield();
  co_return v;
}

template <class T>
ASYNC async::Task<int> Typed(T pt) {
  int x = 1;
  // Every name is spelled before the machine: no warning.
  // FACTORY: static constexpr auto sm_make_typed = [](int &x, decltype((pt)) pt) {
  auto typed = [&](int k) ASYNC -> async::Task<int> {
    co_await async::Yield();
    co_return x + k + static_cast<int>(pt);
  };
  co_await async::Yield();
  co_return co_await typed(2);
}

template <class T>
ASYNC async::Task<int> Aliased(T pt) {
  using U = T;
  U local = pt;
  // FACTORY: static constexpr auto sm_make_named = [](auto &local) {
  // CHECK: {{.*}}clang-generic-closure-factory.cpp:[[@LINE+1]]:16: warning: clang++ 15 to 19 may not link the lowered file (g++ does): this ASYNC lambda lives across co_await in a template, and 'local', which it names, has a type that only the state machine can spell, so the lambda is made by a generic factory, where Clang leaves its state machine's destructor undefined; give 'local' a type written without local aliases, auto or decltype
  auto named = [&](int k) ASYNC -> async::Task<int> {
    co_await async::Yield();
    co_return static_cast<int>(local) + k;
  };
  co_await async::Yield();
  co_return co_await named(3);
}

template <class T>
ASYNC async::Task<int> Generic(T pt) {
  // CHECK: {{.*}}clang-generic-closure-factory.cpp:[[@LINE+1]]:16: warning: clang++ 15 to 19 may not link the lowered file (g++ does): this generic ASYNC lambda lives across co_await in a template, so it is made by a closure factory, where Clang leaves its state machine's destructor undefined; give it parameter types instead of auto
  auto twice = [](auto value) ASYNC -> async::Task<decltype(value + value)> {
    co_await async::Yield();
    co_return value + value;
  };
  co_await async::Yield();
  co_return static_cast<int>(co_await twice(pt));
}

ASYNC async::Task<int> Main() {
  int a = co_await Typed(1);
  int b = co_await Aliased(2);
  int c = co_await Generic(3);
  co_return a + b + c;
}
