// ASYNC lambdas inside ASYNC functions: each nested lambda is lowered first
// (its own machine, inside its body), then the enclosing function, which
// moves the lowered lambda where it needs it (a local kept across co_await
// goes through a closure factory, tool/lib/ClosureLocals.h). Captures by
// reference reach the outer frame's fields, captures by copy are copied
// once; a nested generic lambda and a lambda nested in an ASYNC lambda.
// RUN: %run3 %s | %FileCheck %s
#include <async/async.h>

#include <cstdio>
#include <string>

struct Log {
  std::string name;
  explicit Log(std::string n) : name(std::move(n)) { std::printf("make %s\n", name.c_str()); }
  Log(const Log &o) : name(o.name + "'") { std::printf("copy %s\n", name.c_str()); }
  ~Log() { std::printf("drop %s\n", name.c_str()); }
};

ASYNC async::Task<int> Outer(int base) {
  int total = 0;
  Log log("outer");
  // Kept across the awaits below: created through a factory.
  auto worker = [&total, base](int id) ASYNC -> async::Task<int> {
    co_await async::Yield();
    total += id;
    co_return id * 10 + base;
  };
  auto named = [log](int k) ASYNC mutable -> async::Task<std::string> {
    co_await async::Yield();
    log.name += "!";
    co_return log.name + std::to_string(k);
  };
  int a = co_await worker(1);
  int b = co_await worker(2);
  std::string s = co_await named(3);
  std::printf("a=%d b=%d total=%d s=%s\n", a, b, total, s.c_str());
  auto generic = [&](auto v) ASYNC -> async::Task<int> {
    co_await async::Yield();
    co_return static_cast<int>(v) + total;
  };
  int g = co_await generic(0.5) + co_await generic(2L);
  std::printf("g=%d\n", g);
  co_return a + b + g;
}
// CHECK: make outer
// CHECK-NEXT: copy outer'
// CHECK-NEXT: a=15 b=25 total=3 s=outer'!3
// CHECK-NEXT: g=8
// CHECK-NEXT: drop outer'!
// CHECK-NEXT: drop outer

auto Lambda = [](int seed) ASYNC -> async::Task<int> {
  int acc = seed;
  auto inner = [&acc](int by) ASYNC -> async::Task<int> {
    co_await async::Yield();
    acc += by;
    co_return acc;
  };
  co_await inner(1);
  co_await inner(2);
  co_return acc;
};

ASYNC async::Task<int> MainAsync() {
  int r = co_await Outer(5);
  std::printf("outer=%d\n", r);
  int l = co_await Lambda(10);
  std::printf("lambda=%d\n", l);
  co_return 0;
}
// CHECK-NEXT: outer=48
// CHECK-NEXT: lambda=13

int main() { return async::AsyncContext::Run(MainAsync); }
