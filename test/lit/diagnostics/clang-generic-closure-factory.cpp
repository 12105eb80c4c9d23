// An ASYNC lambda kept across co_await in a template: its closure factory's
// parameters are typed where the function can spell them, and Clang 15-19
// then build the lambda's machine. Where a parameter stays `auto &` (a local
// of a local alias's type, or deduced from a dependent initializer), or the
// lambda is generic itself, Clang may leave the machine's destructor
// undefined: a warning at the lambda, and the output is still written. So
// does any generic ASYNC lambda in a template, kept or not, and an ASYNC
// lambda inside a generic lambda in a template (ClangLinkWarnings.h).
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
  // CHECK: {{.*}}clang-generic-closure-factory.cpp:[[@LINE+1]]:16: warning: clang++ 15 to 19 may not link the lowered file (g++ does): this generic ASYNC lambda is in a template, and Clang leaves the destructor of a local class there undefined (the state machine is one); give it parameter types instead of auto
  auto twice = [](auto value) ASYNC -> async::Task<decltype(value + value)> {
    co_await async::Yield();
    co_return value + value;
  };
  co_await async::Yield();
  co_return static_cast<int>(co_await twice(pt));
}

template <class T>
ASYNC async::Task<int> NotKept(T pt) {
  // Generic and awaited at once: its machine is still a local class in a
  // generic lambda in a template.
  // CHECK: {{.*}}clang-generic-closure-factory.cpp:[[@LINE+1]]:14: warning: clang++ 15 to 19 may not link the lowered file (g++ does): this generic ASYNC lambda is in a template, and Clang leaves the destructor of a local class there undefined (the state machine is one); give it parameter types instead of auto
  auto add = [](auto a) ASYNC -> async::Task<decltype(a)> { co_return a + co_await Echo(1); };
  co_return static_cast<int>(co_await add(pt));
}

template <class T>
ASYNC async::Task<int> InGenericHelper(T pt) {
  auto helper = [](auto seed) {
    // CHECK: {{.*}}clang-generic-closure-factory.cpp:[[@LINE+1]]:17: warning: clang++ 15 to 19 may not link the lowered file (g++ does): this ASYNC lambda is inside a generic lambda (line [[@LINE-1]]) in a template, and Clang leaves the destructor of a local class there undefined (the state machine is one); give that lambda parameter types instead of auto
    auto step = [](int s) ASYNC -> async::Task<int> { co_return co_await Echo(s * 2); };
    return step(static_cast<int>(seed));
  };
  co_return co_await helper(pt);
}

// Outside templates Clang builds both: no warning.
auto PlainGeneric = [](auto a) ASYNC -> async::Task<decltype(a)> { co_return co_await Echo(a); };
ASYNC async::Task<int> PlainHelper(int v) {
  auto helper = [](auto seed) {
    auto step = [](int s) ASYNC -> async::Task<int> { co_return co_await Echo(s); };
    return step(static_cast<int>(seed));
  };
  co_return co_await helper(v);
}

ASYNC async::Task<int> Main() {
  int a = co_await Typed(1);
  int b = co_await Aliased(2);
  int c = co_await Generic(3);
  int d = co_await NotKept(4) + co_await InGenericHelper(5);
  int e = co_await PlainGeneric(6) + co_await PlainHelper(7);
  co_return a + b + c + d + e;
}
