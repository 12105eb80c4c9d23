// Awaits in conditions: if, else if, switch, while, do-while, the condition
// and the increment of for (with continue and break), declarations in if and
// switch conditions and init-statements whose scope holds awaits, and the
// range of a range-based for.
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <cstdio>
#include <string>
#include <vector>

struct Noisy {
  explicit Noisy(int v) : v(v) { std::printf("  make %d\n", v); }
  Noisy(const Noisy &) = delete;
  ~Noisy() { std::printf("  drop %d\n", v); }
  explicit operator bool() const { return v != 0; }
  int v;
};

ASYNC async::Task<int> Later(int v) {
  co_await async::Yield();
  co_return v;
}

ASYNC async::Task<bool> Check(const char *what, bool value) {
  std::printf("  check %s\n", what);
  co_await async::Yield();
  co_return value;
}

ASYNC async::Task<std::vector<std::string>> Names() {
  co_await async::Yield();
  co_return std::vector<std::string>{"ann", "bob"};
}

ASYNC async::Task<int> MainAsync() {
  // CHECK:   check first
  // CHECK-NEXT:   check second
  // CHECK-NEXT: else if
  if (co_await Check("first", false))
    std::printf("if\n");
  else if (co_await Check("second", true))
    std::printf("else if\n");
  else
    std::printf("else\n");

  // The condition's temporary dies before the branch runs.
  // CHECK-NEXT:   make 3
  // CHECK-NEXT:   drop 3
  // CHECK-NEXT: noisy branch
  if (Noisy(co_await Later(3)))
    std::printf("noisy branch\n");

  // CHECK-NEXT: switch two
  switch (co_await Later(2)) {
  case 1:
    std::printf("switch one\n");
    break;
  case 2:
    std::printf("switch two\n");
    break;
  }

  // CHECK-NEXT: while 0
  // CHECK-NEXT: while 1
  // CHECK-NEXT: while 2
  int w = 0;
  while (co_await Later(w) < 3) {
    std::printf("while %d\n", w);
    ++w;
  }

  // CHECK-NEXT: do 1
  // CHECK-NEXT: do 2
  // CHECK-NEXT: do 3
  // CHECK-NEXT: do 4
  int d = 0;
  do {
    ++d;
    std::printf("do %d\n", d);
  } while (co_await Later(d) < 4);

  // The increment runs after continue; break leaves.
  // CHECK-NEXT: for 0
  // CHECK-NEXT: for 2
  // CHECK-NEXT: for 4
  for (int i = 0; co_await Later(i) < 10; i += co_await Later(1)) {
    if (i % 2 == 1)
      continue;
    if (i > 5)
      break;
    std::printf("for %d\n", i);
  }

  // A variable declared in the condition lives through both branches and
  // dies after the if; the init-statement's variable too, after it.
  // CHECK-NEXT:   make 7
  // CHECK-NEXT: declared 7
  // CHECK-NEXT:   drop 7
  // CHECK-NEXT: after if
  if (Noisy n{co_await Later(7)}) {
    co_await async::Yield();
    std::printf("declared %d\n", n.v);
  } else {
    std::printf("not declared\n");
  }
  std::printf("after if\n");
  // CHECK-NEXT:   make 1
  // CHECK-NEXT: init 1 5
  // CHECK-NEXT:   drop 1
  if (Noisy first(1); co_await Later(5) > first.v) {
    co_await async::Yield();
    std::printf("init %d 5\n", first.v);
  }
  // CHECK-NEXT: switch declared 4
  switch (int k = co_await Later(4)) {
  case 4:
    co_await async::Yield();
    std::printf("switch declared %d\n", k);
    break;
  default:
    break;
  }

  // A variable declared in a while condition is made at the top of each
  // iteration and dies at its end.
  // CHECK-NEXT:   make 2
  // CHECK-NEXT: loop 2
  // CHECK-NEXT:   drop 2
  // CHECK-NEXT:   make 1
  // CHECK-NEXT: loop 1
  // CHECK-NEXT:   drop 1
  // CHECK-NEXT:   make 0
  // CHECK-NEXT:   drop 0
  int countdown = 2;
  while (Noisy n{co_await Later(countdown)}) {
    co_await async::Yield();
    std::printf("loop %d\n", n.v);
    --countdown;
  }

  // Init-statements whose initializer awaits.
  // CHECK-NEXT: init switch 2
  switch (int c = co_await Later(6); c % 4) {
  case 2:
    std::printf("init switch %d\n", c % 4);
    break;
  }
  // CHECK-NEXT: init for 1
  // CHECK-NEXT: init for 2
  for (int j = co_await Later(1); j < 3; ++j)
    std::printf("init for %d\n", j);

  // CHECK-NEXT: name ann
  // CHECK-NEXT: name bob
  for (const std::string &name : co_await Names())
    std::printf("name %s\n", name.c_str());
  // CHECK-NEXT: awaited name ann
  // CHECK-NEXT: awaited name bob
  for (std::string name : co_await Names()) {
    co_await async::Yield();
    std::printf("awaited name %s\n", name.c_str());
  }
  co_return w + d;
}

int main() {
  int rc = async::AsyncContext::Run(MainAsync);
  // CHECK-NEXT: rc 7
  std::printf("rc %d\n", rc);
  return 0;
}
