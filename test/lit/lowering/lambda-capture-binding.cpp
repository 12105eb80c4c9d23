// A lambda capturing a structured binding that lives across co_await (C++20;
// C++17 cannot capture one): the capture becomes an init-capture of what the
// name means in the frame, and inside the lambda the name is the capture's.
// By reference through [&] it is reached through the machine, as fields
// are. A lambda kept across co_await gets the binding's object from its
// factory. In a template, a [=] lambda's implicit captures are not recorded
// before instantiation: what it names from the frame is copied explicitly.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

#include <utility>

struct Point {
  int x, y;
};

async::Task<Point> Get();

ASYNC async::Task<int> Captures() {
  auto [x, y] = co_await Get();
  auto kept = [x, &y] { return x + y; };
  co_await async::Yield();
  int a = [=] { return x; }();
  int b = [&] { return y; }();
  int c = [x] { return [x] { return x; }(); }();
  co_return kept() + a + b + c;
}

template <class T>
ASYNC async::Task<T> Copies(T seed) {
  T v = seed;
  co_await async::Yield();
  T now = [=] { return v + static_cast<T>(sizeof(seed)); }();
  co_return now;
}

// CHECK:      static constexpr auto sm_make_kept = [](auto &sm_binding0) { return [x = (sm_binding0.x), &y = (sm_binding0.y)] { return x + y; }; };
// CHECK:      int a = [=, x = (sm_binding0.x)] { return x; }();
// CHECK-NEXT: int b = [&] { return (sm_binding0.y); }();
// CHECK-NEXT: int c = [x = (sm_binding0.x)] { return [x] { return x; }(); }();
// CHECK:      T now = [=, v = v] { return v + static_cast<T>(sizeof(seed)); }();
