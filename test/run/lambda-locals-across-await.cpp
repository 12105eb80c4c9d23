// Locals of lambda type that live across co_await: each lambda is created by
// a factory declared before the machine (tool/lib/ClosureLocals.h), which
// takes the frame fields it names by reference, so captures copy or bind
// exactly what they did in place. Covers by-copy and by-reference captures,
// capture defaults, init-captures, mutable and generic lambdas, a capture of
// `this`, a capture of a reference local, a lambda in a template and in a
// generic lambda, and the destruction order of captured copies.
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

ASYNC async::Task<int> Captures(int p) {
  int x = 1;
  int &rx = x;
  Log log("a");
  auto byCopy = [x, &p, log](int k) { return x + p + k + int(log.name.size()); };
  auto byDefaultRef = [&] { return x * 10 + p + rx; };
  auto byDefaultCopy = [=] { return x + rx; };
  auto counter = [c = 0]() mutable { return ++c; };
  auto generic = [&x](auto v) { return v + x; };
  co_await async::Yield();
  x = 5;
  p = 4;
  int a = byCopy(100);
  int b = byDefaultRef();
  int c = byDefaultCopy();
  int d = counter();
  int e = counter();
  std::printf("copy=%d ref=%d copy-default=%d counter=%d,%d generic=%d,%.1f\n", a, b, c, d,
              e, generic(1), generic(0.5));
  co_return 0;
}
// CHECK: make a
// CHECK-NEXT: copy a'
// CHECK-NEXT: copy=107 ref=59 copy-default=2 counter=1,2 generic=6,5.5
// CHECK-NEXT: drop a'
// CHECK-NEXT: drop a

class Counter {
public:
  ASYNC async::Task<int> Run() {
    auto bump = [this](int by) { total_ += by; return total_; };
    auto peek = [&] { return total_ * 100; };
    co_await async::Yield();
    bump(2);
    co_await async::Yield();
    int t = bump(3);
    std::printf("member total=%d peek=%d\n", t, peek());
    co_return t;
  }

private:
  int total_ = 10;
};
// CHECK-NEXT: member total=15 peek=1500

template <class T>
ASYNC async::Task<T> Scaled(T base) {
  T factor = 3;
  auto scale = [factor, &base](T v) { return v * factor + base; };
  co_await async::Yield();
  base = base + base;
  co_return scale(T(2));
}

auto G = [](auto seed) ASYNC -> async::Task<int> {
  auto add = [seed](auto v) { return v + seed; };
  co_await async::Yield();
  co_return static_cast<int>(add(seed));
};

ASYNC async::Task<int> MainAsync() {
  co_await Captures(3);
  Counter counter;
  co_await counter.Run();
  int s = co_await Scaled(5);
  double sd = co_await Scaled(0.5);
  int g = co_await G(21L);
  std::printf("template=%d,%.1f generic-lambda=%d\n", s, sd, g);
  co_return 0;
}
// CHECK-NEXT: template=16,7.0 generic-lambda=42

int main() { return async::AsyncContext::Run(MainAsync); }
