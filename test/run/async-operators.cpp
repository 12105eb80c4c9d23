// ASYNC overloaded operators: the machine is named after the operator
// (operator_call_StateMachine, operator_plus_StateMachine, ...), as
// `operator()_StateMachine` is no identifier.
// RUN: %run3 %s | %FileCheck %s
// CHECK: call 8 plus 503 subscript 4 minus 3 plus-equal 9
// CHECK-NEXT: literal 250 template 15
#include <async/async.h>

#include <cstdio>

struct Calc {
  int base;
  ASYNC async::Task<int> operator()(int x) {
    co_await async::Yield();
    co_return base + x;
  }
  ASYNC async::Task<int> operator+(int x) const {
    co_await async::Yield();
    co_return base * 100 + x;
  }
  ASYNC async::Task<int> operator[](int i) {
    co_await async::Yield();
    co_return base - i;
  }
  ASYNC async::Task<int> operator+=(int x) {
    co_await async::Yield();
    base += x;
    co_return base;
  }
};

ASYNC async::Task<int> operator-(const Calc &c, int x) {
  co_await async::Yield();
  co_return c.base - 2 * x;
}

ASYNC async::Task<int> operator""_delayed(unsigned long long v) {
  co_await async::Yield();
  co_return static_cast<int>(v) * 10;
}

template <class T>
struct Adder {
  T base;
  ASYNC async::Task<T> operator()(T x) const {
    co_await async::Yield();
    co_return base + x;
  }
};

ASYNC async::Task<int> UseAll() {
  Calc c{5};
  int call = co_await c(3);
  int plus = co_await (c + 3);
  int sub = co_await c[1];
  int minus = co_await (c - 1);
  int plusEqual = co_await (c += 4);
  std::printf("call %d plus %d subscript %d minus %d plus-equal %d\n", call, plus, sub, minus,
              plusEqual);
  int literal = co_await 25_delayed;
  long templated = co_await Adder<long>{10}(5);
  std::printf("literal %d template %ld\n", literal, templated);
  co_return 0;
}

int main() { return async::AsyncContext::Run([] { return UseAll(); }); }
