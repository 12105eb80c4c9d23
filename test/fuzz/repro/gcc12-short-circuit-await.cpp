// A g++ 12.2 coroutine bug (not an asyncc bug) that fuzz.py --native-only
// found with --features expr-awaits,cond-awaits: g++ evaluates a co_await in
// an operand that must not run.
//
//   clang++-19 -std=c++20 (correct)      g++-12 -std=c++20 -O1 (wrong)
//   while tested 0                        while tested 0
//                                         do-while tested 1
//                                         cond-false ran 2
//   first tested 3                        first tested 3
//   e=3 t=0 u=0 b=0                       e=3 t=0 u=0 b=0
//
// `do { ... } while (d < 1 && co_await Test(...))` runs Test although d < 1
// is false, and in `co_await Leaf(c ? co_await A : co_await B)` both branches
// run.  The values are right; only the side effects of the untaken operand
// show.  (Seen in the fuzzer also for `&&` with a constant-false left side
// inside a `<<` chain, and once only in a packed translation unit, which
// suggests an uninitialized flag in the frame.)
//
// gen_program.py therefore marks every program with a co_await in the right
// operand of && / || or in a branch of ?: with ASYNCC-SKIP-GCC-NATIVE, and
// --avoid short-circuit-await leaves such awaits out (so that the g++ native
// build still checks the generator's evaluation-order discipline).
//
// Build with run3's runtime archives, e.g.:
//   g++ -std=c++20 -O1 -fsanitize=address,undefined -Iruntime/include \
//     test/fuzz/repro/gcc12-short-circuit-await.cpp \
//     build/test/run3-cache/gcc-c++20-*/libasyncc_runtime.a -pthread
#include <async/async.h>

#include <cstdio>

ASYNC async::Task<bool> Test(const char* tag, int v) {
  std::printf("%s tested %d\n", tag, v);
  co_await async::Yield();
  co_return v % 3 != 0;
}

ASYNC async::Task<int> Id(const char* tag, int v) {
  std::printf("%s ran %d\n", tag, v);
  co_await async::Yield();
  co_return v;
}

ASYNC async::Task<int> Leaf(int v) {
  co_await async::Yield();
  co_return v + 1;
}

ASYNC async::Task<int> F(int x) {
  int w = 0;
  while (w < 1 && (co_await Test("while", w))) ++w;
  int d = 0;
  do {
    ++d;
  } while (d < 1 && (co_await Test("do-while", d)));
  int e = (co_await Leaf((x % 3 == 2) ? (co_await async::FromResult(x))
                                      : (co_await Id("cond-false", x))));
  bool t = (co_await Test("first", 3)) || ((x % 3 == 1) && (co_await Test("or-rhs", x)));
  bool u = (x > 0) && ((x > 100) && (co_await Test("nested-and", x)));
  bool b = (4 % 3 == 2) && (co_await Test("const-and", x));
  std::printf("e=%d t=%d u=%d b=%d\n", e, t, u, b);
  co_return 0;
}

int main() { return async::AsyncContext::Run([] { return F(2); }); }
