// An asyncc bug that the aggregates feature's first probe found (not
// generated: the generator's template expression awaits call TAdd<T>, with
// its template argument, or operators): in a template, an unqualified call
// of a function with co_await in an argument, `Mix(1, co_await Echo(2))`, is
// dependent (every co_await is, in a template) and its callee is an
// unresolved overload set; asyncc keeps the callee in the frame as if it
// were an operand evaluated before the await, and spells it
//
//   union { <overloaded function type> *sm_tmp0; }; // address of an operand
//   sm_tmp0 = async::detail::AddressOf(Mix); ...
//
// so the lowered file does not compile ("expected member name", "no
// matching function for call to 'AddressOf'"). Where the await stands
// among the arguments, or whether an argument of a dependent type comes
// before it, does not matter. A qualified call (`::Mix(...)`) or one with
// explicit template arguments (`Add<T>(tv, co_await ...)`) is lowered and
// runs right. Outside templates the callee is resolved and all is well.
//
// Expected output (clang++ -std=c++20): "r=45 s=82", exit 0.
#include <async/async.h>

#include <cstdio>

int Mix(int a, int b) { return a * 31 + b * 7; }

template <class T>
T Add(T a, T b) { return a + b; }

ASYNC async::Task<int> Echo(int v) {
  co_await async::Yield();
  co_return v;
}

template <class T>
ASYNC async::Task<int> Use(T tv) {
  int r = Mix(1, co_await Echo(2));                       // no operand of type T
  T s = Add(tv, co_await Echo(static_cast<int>(tv)));     // a name of type T first
  std::printf("r=%d s=%d\n", r, static_cast<int>(s));
  co_return r;
}

int main() { return async::AsyncContext::Run([] { return Use<int>(41); }) == 45 ? 0 : 1; }
