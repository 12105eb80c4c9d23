// asyncc rejects a co_await in a switch condition inside a template, where
// nothing depends on the template parameter (found by fuzz.py --features all,
// which combines cond-awaits / switch-fallthrough with templates):
//
//   error: a value that must be kept across co_await has a type that cannot
//          be named in the state machine: it depends on a template parameter
//          in a way that has no name before instantiation
//   error: cannot keep this condition's value
//
// The same function without `template <class T>` (T = int) lowers and runs;
// an `if` condition with an await is accepted in the template.  In a
// template clang gives every co_await expression a dependent type, so the
// switch condition's value (an int here) looks unnamable.  Not listed in
// test/lit/diagnostics/template-limits.cpp.  The generator keeps awaits out
// of switch conditions in templates (fuzzgen/expr_awaits.py).
//
// Expected (native clang++-19 -std=c++20):  one / big / exit 0.
#include <async/async.h>

#include <cstdio>

template <class T>
ASYNC async::Task<int> F(T v) {
  switch ((co_await async::FromResult(13)) % 4) {
    case 1:
      std::printf("one\n");
      break;
    default:
      break;
  }
  if ((co_await async::FromResult(2)) > 1) std::printf("big\n");
  co_return static_cast<int>(v);
}

int main() { return async::AsyncContext::Run([] { return F(1); }) - 1; }
