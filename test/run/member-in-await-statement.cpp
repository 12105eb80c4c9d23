// Found by the fuzzer: a data member on the left of `x += co_await e;` and
// inside an await's operand that creates a temporary; `sm_this->` must stay
// attached to the member, not to the await's prelude.
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <cstdio>

class Acc {
 public:
  ASYNC async::Task<int> Add(int v) {
    total_ += co_await async::FromResult(v);
    co_return total_;
  }
  ASYNC async::Task<int> Peek(const int& bias) {
    co_await async::Yield();
    co_return bias;
  }
  ASYNC async::Task<int> PeekTotal() {
    int x = co_await Peek(total_ - 3);
    co_return x;
  }

 private:
  int total_ = 10;
};

ASYNC async::Task<int> Main() {
  Acc a;
  int r = co_await a.Add(5);
  std::printf("add %d\n", r);
  r += co_await a.PeekTotal();
  co_return r;
}

int main() { std::printf("%d\n", async::AsyncContext::Run(Main)); }

// CHECK:      add 15
// CHECK-NEXT: 27
