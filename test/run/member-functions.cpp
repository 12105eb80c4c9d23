// ASYNC member functions: private members through sm_this, a const member,
// a static member using a private static, an out-of-class definition, and a
// call from one ASYNC member to another.
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <cstdio>
#include <string>
#include <utility>

class Account {
 public:
  explicit Account(std::string owner) : owner_(std::move(owner)) {}

  ASYNC async::Task<int> DepositAsync(int amount) {
    co_await async::Yield();
    balance_ += amount;
    Log("deposit");
    co_return this->balance_;
  }

  ASYNC async::Task<std::string> DescribeAsync() const {
    co_await async::Yield();
    co_return owner_ + ":" + std::to_string(balance_);
  }

  ASYNC static async::Task<int> FeeAsync(int amount) {
    co_await async::Yield();
    co_return amount / fee_divisor_;
  }

  ASYNC async::Task<int> WithdrawAsync(int amount);

 private:
  void Log(const char* what) const { std::printf("%s %s -> %d\n", owner_.c_str(), what, balance_); }
  int balance_ = 100;
  std::string owner_;
  static constexpr int fee_divisor_ = 10;
};

ASYNC async::Task<int> Account::WithdrawAsync(int amount) {
  int fee = co_await FeeAsync(amount);
  co_await async::Yield();
  balance_ -= amount + fee;
  Log("withdraw");
  co_return balance_;
}

ASYNC async::Task<int> MainAsync() {
  Account acc("ann");
  int b = co_await acc.DepositAsync(50);
  std::printf("balance %d\n", b);
  b = co_await acc.WithdrawAsync(40);
  std::printf("balance %d\n", b);
  std::string d = co_await std::as_const(acc).DescribeAsync();
  std::printf("describe %s\n", d.c_str());
  co_return 0;
}

int main() { return async::AsyncContext::Run(MainAsync); }

// CHECK:      ann deposit -> 150
// CHECK-NEXT: balance 150
// CHECK-NEXT: ann withdraw -> 106
// CHECK-NEXT: balance 106
// CHECK-NEXT: describe ann:106
