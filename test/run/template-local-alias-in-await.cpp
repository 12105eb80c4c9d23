// In a template, a local alias named in an awaited expression, or in the
// initializer of an `auto` local kept across an await: the frame's field is
// spelled as decltype of that text, so the machine declares the alias too
// (a chain of aliases, a typedef, an alias naming a hoisted local). Found by
// the fuzzer (--features all, seed 3003: a generic lambda with
// `using T = decltype(pt);` awaiting `TEcho<T>(...)`).
// RUN: %run3 %s | %FileCheck %s
// CHECK: g pt=6
// CHECK-NEXT: j n=2 sum=9
// CHECK-NEXT: j n=2 sum=9
// CHECK-NEXT: k v=8
#include <async/async.h>

#include <cstdio>
#include <vector>

template <class T>
ASYNC async::Task<T> TEcho(T v) {
  co_await async::Yield();
  co_return v;
}

[[maybe_unused]] auto G = [](auto pt) ASYNC -> async::Task<int> {
  using T = decltype(pt);
  T next = pt + 3;
  pt = co_await TEcho<T>(next);
  std::printf("g pt=%d\n", static_cast<int>(pt));
  co_return 0;
};

template <class U>
ASYNC async::Task<int> J(U first) {
  using T = U;
  using Vec = std::vector<T>; // names T: both are declared in the machine
  typedef typename Vec::size_type Size;
  Vec made{first, first + 1};
  auto values = co_await TEcho<Vec>(made);
  Size size = values.size();
  Size n = co_await TEcho<Size>(size);
  long sum = 0;
  for (Size i = 0; i < n; ++i)
    sum += static_cast<long>(values[i]);
  std::printf("j n=%d sum=%ld\n", static_cast<int>(n), sum);
  co_return 0;
}

template <class U>
ASYNC async::Task<int> K(U seed) {
  U kept = seed * 2;
  co_await async::Yield();
  {
    using Kept = decltype(kept); // names a hoisted local
    auto v = co_await TEcho<Kept>(kept);
    co_await async::Yield();
    std::printf("k v=%d\n", static_cast<int>(v));
  }
  co_return 0;
}

ASYNC async::Task<int> MainAsync() {
  co_await G(3L);
  co_await J(4.5);
  co_await J(4);
  co_await K(4);
  co_return 0;
}

int main() { return async::AsyncContext::Run(MainAsync); }
