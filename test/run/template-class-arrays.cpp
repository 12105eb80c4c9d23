// Arrays of a class type kept in the frame of a template's machine. g++ 12
// crashes compiling a new-expression in a template that aggregate-
// initializes such an array (of a type named without template parameters)
// from a list that leaves elements to be value-initialized
// (test/fuzz/repro/gcc12-ice-template-class-array.cpp), so asyncc builds
// those from a lambda's return statement; either way the elements are built
// in order, the built ones destroyed if one throws, and all destroyed in
// reverse when the scope ends, as natively.
// RUN: %run3 %s | %FileCheck %s
#include <async/async.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

struct Noisy {
  std::string name;
  Noisy() : name("blank") { std::printf("make %s\n", name.c_str()); }
  Noisy(const char *n) : name(n) {
    if (name == "boom") throw std::runtime_error("cannot make boom");
    std::printf("make %s\n", name.c_str());
  }
  Noisy(const Noisy &o) : name(o.name + "'") { std::printf("copy %s\n", name.c_str()); }
  ~Noisy() { std::printf("drop %s\n", name.c_str()); }
};

template <class T>
ASYNC async::Task<T> Later(T v) {
  co_await async::Yield();
  co_return v;
}

template <class T>
ASYNC async::Task<int> Strings(T n) {
  std::string empty[2] = {};
  std::string some[3] = {"a", std::string("b")};
  std::vector<int> lists[2] = {{1, 2}};
  co_await async::Yield();
  empty[1] += "x";
  some[2] = co_await Later(std::string("c"));
  lists[1].push_back(static_cast<int>(n));
  std::printf("strings [%s|%s] %s%s%s lists %zu %zu\n", empty[0].c_str(), empty[1].c_str(),
              some[0].c_str(), some[1].c_str(), some[2].c_str(), lists[0].size(),
              lists[1].size());
  co_return static_cast<int>(lists[0][1] + lists[1][0]);
}

// T a[N] = {...} with a dependent element type: a class for T = std::string.
template <class T>
ASYNC async::Task<T> Dependent(T seed) {
  T values[3] = {seed};
  T given[2] = {T(seed), T(seed)};
  co_await async::Yield();
  values[2] = co_await Later(seed);
  T all = values[0];
  for (const T &v : values) all = all + v;
  co_return all + given[1];
}

template <class T>
struct Holder {
  T extra;
  ASYNC async::Task<int> Run() {
    Noisy cells[3] = {"one", Noisy("two")};
    Noisy copies[2] = {cells[0], cells[1]};
    co_await async::Yield();
    cells[2].name = co_await Later(std::string("three"));
    std::printf("cells %s %s %s, copies %s %s\n", cells[0].name.c_str(),
                cells[1].name.c_str(), cells[2].name.c_str(), copies[0].name.c_str(),
                copies[1].name.c_str());
    co_return static_cast<int>(extra);
  }

  ASYNC async::Task<int> Throws() {
    try {
      Noisy partial[3] = {"p", "boom", "q"};
      co_await async::Yield();
      std::printf("not reached %s\n", partial[0].name.c_str());
    } catch (const std::exception &e) {
      std::printf("caught %s\n", e.what());
    }
    Noisy after[2] = {Noisy("r")};
    co_await async::Yield();
    std::printf("after %s %s\n", after[0].name.c_str(), after[1].name.c_str());
    co_return 1;
  }
};

ASYNC async::Task<int> Main() {
  int total = co_await Strings(7L);
  std::printf("ints %d\n", co_await Dependent(2));
  std::printf("strings %s\n", (co_await Dependent(std::string("s"))).c_str());
  Holder<short> h{5};
  total += co_await h.Run();
  total += co_await h.Throws();
  co_return total;
}

int main() {
  int total = async::AsyncContext::Run([] { return Main(); });
  std::printf("total %d\n", total);
}

// CHECK: strings [|x] abc lists 2 1
// CHECK-NEXT: ints 8
// CHECK-NEXT: strings ssss
// CHECK-NEXT: make one
// CHECK-NEXT: make two
// CHECK-NEXT: make blank
// CHECK-NEXT: copy one'
// CHECK-NEXT: copy two'
// CHECK-NEXT: cells one two three, copies one' two'
// CHECK-NEXT: drop two'
// CHECK-NEXT: drop one'
// CHECK-NEXT: drop three
// CHECK-NEXT: drop two
// CHECK-NEXT: drop one
// CHECK-NEXT: make p
// CHECK-NEXT: drop p
// CHECK-NEXT: caught cannot make boom
// CHECK-NEXT: make r
// CHECK-NEXT: make blank
// CHECK-NEXT: after r blank
// CHECK-NEXT: drop blank
// CHECK-NEXT: drop r
// CHECK-NEXT: total 15
