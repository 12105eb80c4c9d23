// In a template, Clang records a capture default's implicit captures only on
// instantiation, so a `[=]` lambda in a template's MoveNext listed none and
// named the frame's fields through the machine: it read them by reference
// (a later change showed through, and a lambda that outlived the machine
// read freed memory). What such a lambda names from the frame is now copied
// into init-captures, `[=, x = x]`. Also: a lambda nested in one that copied
// a reference local captures that copy (`[=, r = (*r)] { [=] { r } }` used
// to say `(*r)` inside, which did not compile). And a lambda kept across
// co_await (built by a closure factory, whose parameters `[=]` copies) that
// names a reference local or a structured binding copies what it refers to:
// it copied the pointer the frame keeps (reading later changes) or the
// binding's BoundReference (which did not compile). The fuzz campaign of
// seeds 8001-8550 found the pointer copy too (seed 8480, docs/fuzzing.md).
// RUN: %run3 %s | %FileCheck %s
#include <async/async.h>

#include <cstdio>
#include <functional>
#include <string>
#include <utility>

template <class T>
ASYNC async::Task<std::function<T()>> Snapshot(T seed) {
  T x = seed;
  std::string name = "n";
  co_await async::Yield();
  std::function<T()> later;
  {
    auto h = [=] { return x; };
    auto sized = [=] { return static_cast<T>(sizeof(x)) + static_cast<T>(name.size()); };
    x = x + 5;
    name += "ame";
    std::printf("copied %d, now %d, sized %d\n", static_cast<int>(h()), static_cast<int>(x),
                static_cast<int>(sized()));
    later = [=] { return x * 2; };
  }
  co_await async::Yield();
  x = 0;
  co_return later;  // outlives the machine
}

// A generic ASYNC lambda is a template too.
auto Generic = [](auto seed) ASYNC -> async::Task<int> {
  auto v = seed;
  co_await async::Yield();
  auto copy = [=] { return v + 1; };
  v = 100;
  co_return copy();
};

ASYNC async::Task<int> NestedReference(int seed) {
  int base = seed;
  int &r = base;
  co_await async::Yield();
  int got = [=] { return [=] { return r + 1; }(); }();
  int got2 = [r] { return [r] { return r + 2; }(); }();
  int got3 = [=] { return [&r] { return r + 3; }(); }();
  co_await async::Yield();
  std::printf("nested %d %d %d\n", got, got2, got3);
  co_return r;
}

template <class T>
ASYNC async::Task<int> KeptReferences(T pt) {
  int base = 1;
  int &r = base;
  T other = pt;
  T &dependent = other;
  const auto &[a, b] = std::make_pair(pt, 2);
  auto f = [=] { return static_cast<int>(r + dependent + a + b); };
  auto g = [&] { return [=] { return static_cast<int>(r + a); }(); };
  co_await async::Yield();
  base = 100;
  other = 200;
  std::printf("kept %d %d\n", f(), g());
  co_return f();
}

ASYNC async::Task<int> Main() {
  std::function<int()> f = co_await Snapshot(1);
  std::function<long()> g = co_await Snapshot(2L);
  std::printf("later %d %ld\n", f(), g());
  std::printf("generic %d\n", co_await Generic(3));
  std::printf("kept references %d\n", co_await KeptReferences(40));
  co_return co_await NestedReference(4);
}

int main() {
  int r = async::AsyncContext::Run([] { return Main(); });
  std::printf("result %d\n", r);
}

// CHECK: copied 1, now 6, sized 5
// CHECK-NEXT: copied 2, now 7, sized 9
// CHECK-NEXT: later 12 14
// CHECK-NEXT: generic 4
// CHECK-NEXT: kept 83 140
// CHECK-NEXT: kept references 83
// CHECK-NEXT: nested 5 6 7
// CHECK-NEXT: result 4
