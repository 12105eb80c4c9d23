// Generic ASYNC lambdas: `auto` parameters (by value and by const
// reference), a `this` capture, the machine inside the templated call
// operator, instantiated with several types.
// ASYNCC-SKIP-GCC-NATIVE: g++ 12 reads a wrong `this` inside a generic coroutine lambda capturing this (prints 2 for 102)
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <cstdio>
#include <string>

template <class T>
ASYNC async::Task<T> Echo(T v) {
  co_await async::Yield();
  co_return v;
}

struct Widget {
  int base = 100;
  async::Task<int> Run(double y) {
    auto add = [this](auto x) ASYNC -> async::Task<int> {
      auto got = co_await Echo(x);
      co_await async::Yield();
      co_return base + int(got);
    };
    return add(y);
  }
};

int k = 10;
const std::string s = "s";
auto gen = [](auto x, const auto &y) ASYNC -> async::Task<std::string> {
  auto a = co_await Echo(x);
  std::string tail = y;
  co_await async::Yield();
  co_return s + std::to_string(a + k) + tail;
};

ASYNC async::Task<int> MainAsync() {
  // CHECK: s11! s12.500000? 102
  std::string r1 = co_await gen(1, std::string("!"));
  std::string r2 = co_await gen(2.5, "?");
  Widget w;
  int wr = co_await w.Run(2.5);
  std::printf("%s %s %d\n", r1.c_str(), r2.c_str(), wr);
  co_return 0;
}

int main() { return async::AsyncContext::Run(MainAsync); }
