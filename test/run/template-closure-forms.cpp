// Closure forms in templates and generic lambdas that the fuzzer's
// template-forms found lowered into C++17 that did not compile:
// - an ASYNC lambda awaited as soon as it is made, in a template: its
//   expression stood in the decltype that names the operand's type (no
//   lambda in an unevaluated operand before C++20); now the closure is kept
//   in the frame like a lambda argument;
// - an ASYNC lambda with a capture default inside a generic lambda,
//   capturing the generic lambda's `auto` parameter: the machine declared
//   the capture as `auto &pt`; now it is named through the variable;
// - a struct declared in a generic lambda naming the lambda's local alias
//   (`using T = decltype(pt);`): the struct moved into the machine without
//   the alias; now the alias is declared in the machine before it.
// RUN: %run3 %s | %FileCheck %s
// CHECK: awaited at once 9
// CHECK-NEXT: captured auto 24
// CHECK-NEXT: lt ran 2
// CHECK-NEXT: local struct 4
// CHECK-NEXT: nested struct alias 7.5
#include <async/async.h>

#include <cstdio>

struct Num {
  int v;
  Num(int x) : v(x) {}
  explicit operator int() const { return v; }
};

template <class T>
ASYNC async::Task<int> AwaitedAtOnce(T pt) {
  int x = 1;
  int r = co_await [&](int kv) ASYNC -> async::Task<int> {
    co_await async::Yield();
    x = x + kv;
    co_return x + static_cast<int>(pt);
  }(2);
  co_return r + x;
}

auto CapturesAuto = [](auto pt, int p0) ASYNC -> async::Task<int> {
  auto h = [&](int kv) ASYNC -> async::Task<int> {
    co_await async::Yield();
    p0 = p0 + kv;
    co_return p0 + static_cast<int>(pt);
  };
  int r = co_await h(3);
  auto g = [=](int kv) ASYNC -> async::Task<int> {
    co_await async::Yield();
    co_return p0 + kv + static_cast<int>(pt);
  };
  int s = co_await g(4);
  co_return r + s;
};

ASYNC async::Task<int> Echo(const char* tag, int v) {
  std::printf("%s ran %d\n", tag, v);
  co_await async::Yield();
  co_return v;
}

auto LocalStruct = [](auto pt) ASYNC -> async::Task<int> {
  using T = decltype(pt);
  struct Lt {
    T a;
    int b;
  };
  Lt lt{pt, 2};
  lt.b = co_await Echo("lt", lt.b);
  co_return static_cast<int>(lt.a) + lt.b;
};

// The alias names another alias, and the struct is used only after the await.
template <class T>
ASYNC async::Task<double> NestedAlias(T v) {
  using Value = T;
  using Pair = Value[2];
  struct Holder {
    Pair values;
    Value Sum() const { return values[0] + values[1]; }
  };
  Holder h{{v, v / 2}};
  co_await async::Yield();
  co_return h.Sum();
}

ASYNC async::Task<int> Main() {
  std::printf("awaited at once %d\n", co_await AwaitedAtOnce(Num(3)));
  std::printf("captured auto %d\n", co_await CapturesAuto(Num(2), 5));
  std::printf("local struct %d\n", co_await LocalStruct(Num(2)));
  std::printf("nested struct alias %.1f\n", co_await NestedAlias(5.0));
  co_return 0;
}

int main() { return async::AsyncContext::Run([] { return Main(); }); }
