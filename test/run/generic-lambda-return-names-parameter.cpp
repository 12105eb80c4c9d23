// A generic ASYNC lambda whose return type names a parameter, `->
// async::Task<decltype(value)>`: the machine names its task type through an
// alias declared before it (inside, `value` is the field), and a caller
// spells the awaited task through its canonical type (where `value` means
// nothing).
// RUN: %run3 %s | %FileCheck %s
// CHECK: 42 4 abab
#include <async/async.h>

#include <cstdio>
#include <string>

auto Doubler = [](auto value) ASYNC -> async::Task<decltype(value)> {
  co_await async::Yield();
  co_return value + value;
};

ASYNC async::Task<int> Use() {
  int a = co_await Doubler(21);
  long b = co_await Doubler(2L);
  std::string c = co_await Doubler(std::string("ab"));
  std::printf("%d %ld %s\n", a, b, c.c_str());
  co_return a;
}

int main() { return async::AsyncContext::Run([] { return Use(); }) == 42 ? 0 : 1; }
