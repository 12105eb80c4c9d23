// Awaits inside larger expressions, with C++17's sequencing: operands of
// arithmetic and comparison, call arguments, member calls on an awaited
// result, several awaits in one expression, an await inside another's
// operand, && and || (the await happens only when the left side does not
// decide; ?: is in awaits-in-conditional-operator.cpp), the
// comma operator, << chains, assignments (right before left), temporaries
// that live to the end of the full-expression across the suspensions, and
// co_return operands.
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

// Logs when it is made and destroyed: the order of both is part of the output.
struct Noisy {
  explicit Noisy(const char *name) : name(name) { std::printf("  make %s\n", name); }
  Noisy(const Noisy &) = delete;
  ~Noisy() { std::printf("  drop %s\n", name); }
  int Size() const { return int(std::string(name).size()); }
  const char *name;
};

ASYNC async::Task<int> Later(int v) {
  co_await async::Yield();
  co_return v;
}

// Prints when it runs, to show which branch was taken.
ASYNC async::Task<bool> Says(const char *what, bool value) {
  std::printf("  says %s\n", what);
  co_await async::Yield();
  co_return value;
}

ASYNC async::Task<std::string> Text(std::string s) {
  co_await async::Yield();
  co_return s;
}

int g_changed = 1;
ASYNC async::Task<int> Bump() {
  g_changed = 100;
  co_return co_await Later(0);
}

int Add3(int a, int b, int c) { return a * 100 + b * 10 + c; }
int Length(const std::string &s) { return int(s.size()); }
int LengthOf(const Noisy &n, int extra) { return n.Size() + extra; }

int PickSlot() {
  std::printf("  left\n");
  return 2;
}

ASYNC async::Task<int> MainAsync() {
  int local = 5;
  // CHECK: arith 47
  std::printf("arith %d\n", local * 10 - 3 + co_await Later(0));
  // CHECK-NEXT: args 123
  std::printf("args %d\n", Add3(co_await Later(1), 2, co_await Later(3)));
  // CHECK-NEXT: nested 9
  std::printf("nested %d\n", co_await Later(co_await Later(4) + 5));
  // CHECK-NEXT: member 5
  std::printf("member %d\n", int((co_await Text("hello")).size()));
  // CHECK-NEXT: compare 1
  std::printf("compare %d\n", co_await Later(2) < co_await Later(3));

  // CHECK-NEXT: and
  // CHECK-NEXT:   says left
  // CHECK-NEXT: and -> 0
  std::printf("and\n");
  bool a = co_await Says("left", false) && co_await Says("right", true);
  std::printf("and -> %d\n", a);
  // CHECK-NEXT: or
  // CHECK-NEXT:   says left
  // CHECK-NEXT:   says right
  // CHECK-NEXT: or -> 1
  std::printf("or\n");
  bool o = co_await Says("left", false) || co_await Says("right", true);
  std::printf("or -> %d\n", o);

  // Comma and << are sequenced left to right.
  // CHECK-NEXT: comma first
  // CHECK-NEXT: comma 8
  int c = (std::printf("comma first\n"), co_await Later(8));
  std::printf("comma %d\n", c);
  std::ostringstream out;
  out << "a" << co_await Later(1) << "b" << co_await Text("c") << local;
  // CHECK-NEXT: stream a1bc5
  std::printf("stream %s\n", out.str().c_str());

  // Assignments: the right side first, then the left.
  std::vector<int> slots(3, 0);
  // CHECK-NEXT:   says right
  // CHECK-NEXT:   left
  slots[PickSlot()] = co_await Says("right", true);
  // CHECK-NEXT: assign 0 0 1
  std::printf("assign %d %d %d\n", slots[0], slots[1], slots[2]);
  slots[1] += co_await Later(4) * 2;
  // CHECK-NEXT: compound 8
  std::printf("compound %d\n", slots[1]);

  // Temporaries of the full-expression live to its end, across both awaits.
  // CHECK-NEXT: temporaries
  // CHECK-NEXT:   make tmp
  // CHECK-NEXT: temporaries 9
  // CHECK-NEXT:   drop tmp
  std::printf("temporaries\n");
  std::printf("temporaries %d\n", LengthOf(Noisy("tmp"), co_await Later(3)) + co_await Later(3));
  // A string temporary bound to a const reference parameter, built before
  // the await.
  // CHECK-NEXT: bound 11
  std::printf("bound %d\n", Length(std::string("abc") + "defgh") + co_await Later(3));


  co_return co_await Later(40) + co_await Later(2);
}

int main() {
  int rc = async::AsyncContext::Run(MainAsync);
  // CHECK-NEXT: rc 42
  std::printf("rc %d\n", rc);
  return 0;
}
