// Hoisted RAII locals are constructed where declared and destroyed at the
// end of their scope in reverse order: at a block's end, on co_return,
// break and continue leaving scopes, and when an exception leaves them.
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <cstdio>
#include <stdexcept>

struct Noisy {
  explicit Noisy(const char* n) : name(n) { std::printf("+%s\n", name); }
  ~Noisy() { std::printf("-%s\n", name); }
  Noisy(const Noisy&) = delete;
  Noisy& operator=(const Noisy&) = delete;
  const char* name;
};

ASYNC async::Task<int> BlocksAsync() {
  Noisy a("a");
  {
    Noisy b("b");
    co_await async::Yield();
    Noisy c("c");
    co_await async::Yield();
    std::printf("inner end\n");
  }
  Noisy d("d");
  co_await async::Yield();
  co_return 1;
}

ASYNC async::Task<int> LoopJumpsAsync() {
  Noisy outer("outer");
  for (int i = 0; i < 4; ++i) {
    Noisy it("it");
    co_await async::Yield();
    if (i == 0) {
      Noisy skip("skip");
      std::printf("continue %d\n", i);
      continue;
    }
    if (i == 2) {
      Noisy leave("leave");
      std::printf("break %d\n", i);
      break;
    }
    std::printf("body %d\n", i);
  }
  co_await async::Yield();
  co_return 2;
}

ASYNC async::Task<int> EarlyReturnAsync(bool early) {
  Noisy r1("r1");
  co_await async::Yield();
  {
    Noisy r2("r2");
    if (early) {
      co_return 3;
    }
    co_await async::Yield();
  }
  std::printf("not early\n");
  co_return 4;
}

ASYNC async::Task<int> ThrowsAsync() {
  Noisy t1("t1");
  co_await async::Yield();
  {
    Noisy t2("t2");
    co_await async::Yield();
    throw std::runtime_error("boom");
  }
}


ASYNC async::Task<int> Main2Async() {
  int v = co_await LoopJumpsAsync();
  std::printf("loop %d\n", v);
  v = co_await EarlyReturnAsync(true);
  std::printf("early %d\n", v);
  v = co_await EarlyReturnAsync(false);
  std::printf("late %d\n", v);
  co_return 0;
}

int main() {
  async::AsyncContext::Run(Main2Async);
  try {
    async::AsyncContext::Run(ThrowsAsync);
  } catch (const std::runtime_error& e) {
    std::printf("caught %s\n", e.what());
  }
  int b = async::AsyncContext::Run(BlocksAsync);
  std::printf("blocks %d\n", b);
}

// CHECK:      +outer
// CHECK-NEXT: +it
// CHECK-NEXT: +skip
// CHECK-NEXT: continue 0
// CHECK-NEXT: -skip
// CHECK-NEXT: -it
// CHECK-NEXT: +it
// CHECK-NEXT: body 1
// CHECK-NEXT: -it
// CHECK-NEXT: +it
// CHECK-NEXT: +leave
// CHECK-NEXT: break 2
// CHECK-NEXT: -leave
// CHECK-NEXT: -it
// CHECK-NEXT: -outer
// CHECK-NEXT: loop 2
// CHECK-NEXT: +r1
// CHECK-NEXT: +r2
// CHECK-NEXT: -r2
// CHECK-NEXT: -r1
// CHECK-NEXT: early 3
// CHECK-NEXT: +r1
// CHECK-NEXT: +r2
// CHECK-NEXT: -r2
// CHECK-NEXT: not early
// CHECK-NEXT: -r1
// CHECK-NEXT: late 4
// CHECK-NEXT: +t1
// CHECK-NEXT: +t2
// CHECK-NEXT: -t2
// CHECK-NEXT: -t1
// CHECK-NEXT: caught boom
// CHECK-NEXT: +a
// CHECK-NEXT: +b
// CHECK-NEXT: +c
// CHECK-NEXT: inner end
// CHECK-NEXT: -c
// CHECK-NEXT: -b
// CHECK-NEXT: +d
// CHECK-NEXT: -d
// CHECK-NEXT: -a
// CHECK-NEXT: blocks 1
