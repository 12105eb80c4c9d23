// Found by the fuzzer (--features closures,templates, seeds 5 and 8): in a
// template, a lambda local kept across co_await with a capture default ([&],
// [=], [&, c = 0]) was refused ("'x' is declared in the function and named,
// not captured, ..."): Clang records a default's implicit captures only on
// instantiation, so the template's pattern listed none. With a capture
// default, what the lambda names from the function is captured now.
// RUN: %run3 %s | %FileCheck %s
// CHECK: result 3
// CHECK-NEXT: generic 17 copy 12
#include <async/async.h>

#include <cstdio>

template <class T>
ASYNC async::Task<int> F(T pt) {
  int x = static_cast<int>(pt);
  auto f = [&](int k) { return x + k; };
  co_await async::Yield();
  x += 1;
  co_return f(1);
}

// A generic lambda, and a copy default with an init-capture.
[[maybe_unused]] auto G = [](auto pt) ASYNC -> async::Task<int> {
  int y = static_cast<int>(pt);
  auto add = [&, c = 0](int k) mutable { return y + k + ++c; };
  auto copy = [=](int k) { return y + k; };
  co_await async::Yield();
  y += 5;
  int a = add(1);
  int b = copy(2);
  std::printf("generic %d copy %d\n", a, b);
  co_return a;
};

int main() {
  int r = async::AsyncContext::Run([] { return F<int>(1); });
  std::printf("result %d\n", r);
  return async::AsyncContext::Run([] { return G(10L); }) == 17 ? 0 : 1;
}
