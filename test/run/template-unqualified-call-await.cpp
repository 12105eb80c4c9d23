// In a template, an unqualified call with co_await in an argument: the
// callee is an overload set resolved on instantiation, a name that needs no
// slot (it was kept as the address of an operand, which did not compile).
// Overloads, a call found by ADL, a name of type T before the await.
// RUN: %run3 %s | %FileCheck %s
#include <async/async.h>

#include <cstdio>
#include <string>

int Mix(int a, int b) { return a * 31 + b * 7; }
double Mix(double a, int b) { return a * 2 + b; }

template <class T>
T Add(T a, T b) { return a + b; }

namespace shapes {
struct Box {
  int side;
};
int Area(const Box &b, int scale) { return b.side * b.side * scale; }
} // namespace shapes

ASYNC async::Task<int> Echo(int v) {
  co_await async::Yield();
  co_return v;
}

template <class T>
ASYNC async::Task<int> Use(T tv) {
  int r = Mix(1, co_await Echo(2));
  T s = Add(tv, static_cast<T>(co_await Echo(static_cast<int>(tv))));
  auto m = Mix(tv, co_await Echo(3));
  shapes::Box box{static_cast<int>(tv) / 10};
  int area = Area(box, co_await Echo(2));
  std::printf("r=%d s=%s m=%s area=%d\n", r, std::to_string(s).c_str(),
              std::to_string(m).c_str(), area);
  co_return r;
}

ASYNC async::Task<int> MainAsync() {
  co_await Use<int>(41);
  co_await Use<double>(20.5);
  co_return 0;
}

int main() { return async::AsyncContext::Run(MainAsync); }
// CHECK: r=45 s=82 m=1292 area=32
// CHECK-NEXT: r=45 s=40.500000 m=44.000000 area=8
