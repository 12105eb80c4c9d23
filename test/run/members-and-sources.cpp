// A member function using private state, a TaskCompletionSource completed
// by another task, and destruction order of locals that live across awaits.
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <chrono>
#include <cstdio>
#include <string>

using namespace std::chrono_literals;

struct Noisy {
  explicit Noisy(std::string n) : name(std::move(n)) { std::printf("ctor %s\n", name.c_str()); }
  ~Noisy() { std::printf("dtor %s\n", name.c_str()); }
  Noisy(const Noisy&) = delete;
  Noisy& operator=(const Noisy&) = delete;
  std::string name;
};

class Account {
 public:
  ASYNC async::Task<int> DepositAsync(int amount) {
    Noisy guard("deposit");
    co_await async::Delay(1ms);
    balance_ += amount;
    co_return balance_;
  }

 private:
  int balance_ = 100;
};

ASYNC async::Task<> CompleteLaterAsync(async::TaskCompletionSource<int>& tcs, int value) {
  co_await async::Yield();
  std::printf("completing with %d\n", value);
  tcs.SetResult(value);
}

ASYNC async::Task<int> MainAsync() {
  Account account;
  int balance = co_await account.DepositAsync(5);
  std::printf("balance %d\n", balance);
  // CHECK: ctor deposit
  // CHECK-NEXT: dtor deposit
  // CHECK-NEXT: balance 105

  {
    Noisy outer("outer");
    async::TaskCompletionSource<int> tcs;
    async::Task<> completer = CompleteLaterAsync(tcs, 42);
    Noisy inner("inner");
    int got = co_await tcs.Task();
    std::printf("got %d\n", got);
    co_await completer;
  }
  // CHECK-NEXT: ctor outer
  // CHECK-NEXT: ctor inner
  // CHECK-NEXT: completing with 42
  // CHECK-NEXT: got 42
  // CHECK-NEXT: dtor inner
  // CHECK-NEXT: dtor outer
  std::printf("end\n");
  // CHECK-NEXT: end
  co_return 0;
}

int main() { return async::AsyncContext::Run(MainAsync); }
