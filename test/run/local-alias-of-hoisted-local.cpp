// A local type alias used only in the declaration of a local that lives
// across an await: the frame spells the type out, so the alias is no longer
// used in MoveNext and is marked [[maybe_unused]] (g++ -Werror
// -Wunused-local-typedefs failed before). Found by the fuzzer
// (--features templates, seed 9): plain function, function template,
// generic lambda.
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
