// async::Using (C#'s await using) from ASYNC code: DisposeAsync runs after
// the body on every way out: a result, an exception, cancellation.
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>

using namespace std::chrono_literals;

class Connection {
 public:
  explicit Connection(std::string name) : name_(std::move(name)) { std::printf("  open %s\n", name_.c_str()); }
  ASYNC async::Task<std::string> QueryAsync(std::string q, async::CancellationToken ct = {}) {
    co_await async::Delay(1ms, ct);
    if (q == "bad") throw std::runtime_error("syntax error");
    co_return name_ + ":" + q;
  }
  ASYNC async::ValueTask<> DisposeAsync() {
    co_await async::Yield();
    std::printf("  close %s\n", name_.c_str());
  }

 private:
  std::string name_;
};

ASYNC async::Task<int> MainAsync() {
  std::printf("result:\n");
  Connection a("a");
  std::string r = co_await async::Using(a, [](Connection& c) ASYNC -> async::Task<std::string> {
    std::string x = co_await c.QueryAsync("select");
    std::printf("  body done\n");
    co_return x;
  });
  std::printf("  -> %s\n", r.c_str());

  std::printf("exception:\n");
  try {
    co_await async::Using(Connection("b"), [](Connection& c) ASYNC -> async::Task<> {
      co_await c.QueryAsync("bad");
    });
  } catch (const std::runtime_error& e) {
    std::printf("  -> caught %s\n", e.what());
  }

  std::printf("cancellation:\n");
  async::CancellationTokenSource cts(2ms);
  try {
    co_await async::Using(Connection("c"), [&](Connection& c) ASYNC -> async::Task<> {
      co_await async::Delay(10s, cts.Token());
      co_await c.QueryAsync("never");
    });
  } catch (const async::OperationCanceledException&) {
    std::printf("  -> canceled\n");
  }
  co_return 0;
}

int main() { return async::AsyncContext::Run(MainAsync); }

// CHECK:      result:
// CHECK-NEXT:   open a
// CHECK-NEXT:   body done
// CHECK-NEXT:   close a
// CHECK-NEXT:   -> a:select
// CHECK-NEXT: exception:
// CHECK-NEXT:   open b
// CHECK-NEXT:   close b
// CHECK-NEXT:   -> caught syntax error
// CHECK-NEXT: cancellation:
// CHECK-NEXT:   open c
// CHECK-NEXT:   close c
// CHECK-NEXT:   -> canceled
