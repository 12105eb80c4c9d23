// asyncc bug (lowered code does not compile under run3's -Werror): a local
// type alias used only in the declaration of a local that lives across an
// await.  The tool hoists the local into the frame with the alias's type
// spelled out (`union { long tv; };`, `decltype(pt)` in a template) and
// leaves the alias in MoveNext(), where nothing uses it any more:
//
//   g++-12 -std=c++17 -Wall -Wextra -Werror lowered.cpp
//   error: typedef 'using T = long int' locally defined but not used
//          [-Werror=unused-local-typedefs]
//
// (once per machine: H, the function template J and the generic lambda G).
// Found by fuzz.py --features templates (seed 9 of 1-20, pack 10): a generic
// lambda's body starts with `using T = decltype(pt);`.  Native builds are
// fine; expected output:
//   h tv=1
//   j tv=3
//   g tv=5
// Generator workaround: gen_program.py --avoid local-alias (a generic lambda
// spells decltype(pt) instead of T).
// RUN: %run3 %s | %FileCheck %s
// CHECK: h tv=1
// CHECK-NEXT: j tv=3
// CHECK-NEXT: g tv=5
#include <async/async.h>

#include <cstdio>

ASYNC async::Task<int> H(long pt) {
  using T = decltype(pt);
  T tv = pt + 1;
  co_await async::Yield();
  std::printf("h tv=%d\n", static_cast<int>(tv));
  co_return 0;
}

template <class U>
ASYNC async::Task<int> J(U pt) {
  using T = decltype(pt);
  T tv = pt + 1;
  co_await async::Yield();
  std::printf("j tv=%d\n", static_cast<int>(tv));
  co_return 0;
}

[[maybe_unused]] auto G = [](auto pt) ASYNC -> async::Task<int> {
  using T = decltype(pt);
  T tv = pt + 1;
  co_await async::Yield();
  std::printf("g tv=%d\n", static_cast<int>(tv));
  co_return 0;
};

ASYNC async::Task<int> MainAsync() {
  co_await H(0);
  co_await J(2);
  co_await G(4L);
  co_return 0;
}

int main() { return async::AsyncContext::Run(MainAsync); }
