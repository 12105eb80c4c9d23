// Awaits in the branches of ?: happen only on the taken branch; results of
// scalar, class and lvalue type; temporaries of the branch not taken are
// never made.
// ASYNCC-SKIP-GCC-NATIVE: g++ 12 frees a ?: result of class type twice when a branch holds co_await
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <cstdio>
#include <string>

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

ASYNC async::Task<bool> Says(const char *what, bool value) {
  std::printf("  says %s\n", what);
  co_await async::Yield();
  co_return value;
}

ASYNC async::Task<std::string> Text(std::string s) {
  co_await async::Yield();
  co_return s;
}

ASYNC async::Task<int> MainAsync() {
  int local = 5;
  // CHECK:   says cond
  // CHECK-NEXT: ternary 20
  int t = co_await Says("cond", false) ? co_await Later(10) : co_await Later(20);
  std::printf("ternary %d\n", t);
  // CHECK-NEXT: ternary string yes
  std::string chosen = local > 1 ? co_await Text("yes") : std::string("no");
  std::printf("ternary string %s\n", chosen.c_str());
  // CHECK-NEXT: ternary string no
  chosen = local > 10 ? co_await Text("yes") : std::string("no");
  std::printf("ternary string %s\n", chosen.c_str());
  // A conditional lvalue: the chosen object itself is assigned.
  int left = 0, right = 0;
  (local > 1 ? left : right) = co_await Later(7);
  (local > 1 ? right : co_await Later(0) == 0 ? left : right) = 9;
  // CHECK-NEXT: lvalue 7 9
  std::printf("lvalue %d %d\n", left, right);
  // CHECK-NEXT:   make taken
  // CHECK-NEXT:   drop taken
  // CHECK-NEXT: branch 5
  int b = local > 1 ? Noisy("taken").Size() + co_await Later(0)
                    : Noisy("not taken").Size() + co_await Later(0);
  std::printf("branch %d\n", b);
  co_return t + b;
}

int main() {
  int rc = async::AsyncContext::Run(MainAsync);
  // CHECK-NEXT: rc 25
  std::printf("rc %d\n", rc);
  return 0;
}
