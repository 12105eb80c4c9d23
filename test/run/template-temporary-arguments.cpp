// In a template, arguments of an awaited call that may be temporaries (a
// literal, an arithmetic result, a call's result, a class prvalue) are kept
// in the frame to the end of the full-expression, so that a callee taking
// `const T&` and reading it after its own suspension sees them (the native
// build keeps them alive the same way). A by-value parameter is moved from
// the kept object. Where the callee is one function whose parameter types
// can be named on instantiation, a reference parameter of another type
// binds a temporary converted from the argument (42 or an int variable
// passed to `const double&`): the converted temporary is what is kept.
// The callee overwrites the stack after suspending, so a
// dangling reference would print garbage (or trip ASan).
// RUN: %run3 %s | %FileCheck %s
#include <async/async.h>

#include <cstdio>
#include <string>

template <class T>
ASYNC async::Task<T> ReadLater(const T &v) {
  co_await async::Yield();
  volatile int scrub[64];
  for (auto &s : scrub) s = 7;
  co_return v;
}

ASYNC async::Task<std::string> Join(const std::string &a, std::string b, const std::string &c) {
  co_await async::Yield();
  co_return a + b + c;
}

template <class T>
T Twice(T v) { return v + v; }

template <class T>
ASYNC async::Task<int> Caller(T seed) {
  T a = co_await ReadLater<T>(42);                 // a literal bound to const T&
  T b = co_await ReadLater<T>(seed + 1);           // an arithmetic prvalue
  T c = co_await ReadLater(Twice(seed));           // a call's result
  std::string s = co_await Join(std::string("x"), std::to_string(static_cast<int>(seed)),
                                std::string(2, 'y'));   // class prvalues, one by value
  std::string t = co_await ReadLater(s + "!");     // an operator's class result
  int n = 7;
  T d = co_await ReadLater<T>(n);                  // a variable converted on instantiation
  long e = co_await ReadLater<long>(n - 2);        // converted to long
  std::printf("a=%d b=%d c=%d s=%s t=%s d=%d e=%ld\n", static_cast<int>(a), static_cast<int>(b),
              static_cast<int>(c), s.c_str(), t.c_str(), static_cast<int>(d), e);
  co_return 0;
}

ASYNC async::Task<int> MainAsync() {
  co_await Caller(5);
  co_await Caller(2.5);
  co_return 0;
}
// CHECK: a=42 b=6 c=10 s=x5yy t=x5yy! d=7 e=5
// CHECK-NEXT: a=42 b=3 c=5 s=x2yy t=x2yy! d=7 e=5

int main() { return async::AsyncContext::Run(MainAsync); }
