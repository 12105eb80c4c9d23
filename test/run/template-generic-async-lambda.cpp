// ASYNC lambdas whose state machine is a local class inside a generic
// lambda in a template: a generic ASYNC lambda in a function template (kept
// across co_await or not), and a plain ASYNC lambda inside a generic helper
// lambda in a template. Clang 15 to 19 leave a user-provided destructor of
// such a class undefined (LLVM issue 59734), so these machines have none
// (docs/lowering/07-lambdas.md section 20); run3's clang check of the lowered file
// fails on Clang's undefined-member warnings. The same lambdas outside
// templates keep their destructor.
// RUN: %run3 %s | %FileCheck %s
#include <async/async.h>

#include <cstdio>
#include <string>

template <class T>
ASYNC async::Task<T> Twice(T v) {
  // Generic, awaited at once: not kept across co_await.
  auto add = [](auto a, auto b) ASYNC -> async::Task<decltype(a + b)> {
    co_await async::Yield();
    co_return a + b;
  };
  T sum = co_await add(v, v);
  co_return sum;
}

template <class T>
ASYNC async::Task<std::string> Describe(T v) {
  // Generic and kept across co_await: made by a closure factory.
  auto show = [](auto x) ASYNC -> async::Task<std::string> {
    co_await async::Yield();
    co_return "<" + std::to_string(x) + ">";
  };
  co_await async::Yield();
  std::string first = co_await show(v);
  std::string second = co_await show(v + 1);
  co_return first + second;
}

template <class T>
ASYNC async::Task<int> ThroughHelper(T v) {
  // A plain ASYNC lambda inside a generic (not ASYNC) helper lambda.
  auto helper = [](auto seed) {
    // No captures: the task outlives this closure.
    auto step = [](int s, int k) ASYNC -> async::Task<int> {
      co_await async::Yield();
      co_return s * 10 + k;
    };
    return step(static_cast<int>(seed), 3);
  };
  int r = co_await helper(v);
  co_return r;
}

// Outside templates: no warning, and Clang links these.
auto PlainGeneric = [](auto a) ASYNC -> async::Task<decltype(a)> {
  co_await async::Yield();
  co_return a * 3;
};

ASYNC async::Task<int> PlainHelper(int v) {
  auto helper = [](auto seed) {
    auto step = [](int s, int k) ASYNC -> async::Task<int> {
      co_await async::Yield();
      co_return s + k;
    };
    return step(static_cast<int>(seed), 1);
  };
  co_return co_await helper(v);
}

ASYNC async::Task<int> Main() {
  int twiceInt = co_await Twice(21);
  double twiceDouble = co_await Twice(1.25);
  std::printf("twice %d %g\n", twiceInt, twiceDouble);
  std::string described = co_await Describe(4);
  std::printf("describe %s\n", described.c_str());
  int helped = co_await ThroughHelper(7L);
  std::printf("helper %d\n", helped);
  int plain = co_await PlainGeneric(5);
  int plainHelped = co_await PlainHelper(8);
  std::printf("plain %d %d\n", plain, plainHelped);
  co_return 0;
}

int main() { return async::AsyncContext::Run(Main); }
// CHECK: twice 42 2.5
// CHECK-NEXT: describe <4><5>
// CHECK-NEXT: helper 73
// CHECK-NEXT: plain 15 9
