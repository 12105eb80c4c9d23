// In a template, an awaited call's argument that a reference parameter of
// another type binds is converted to a temporary that must live until the
// await completes. Where the callee's parameter types cannot be named in the
// template (an overload set, a deduced callee, a member function), the
// instantiations in the file show the conversion, and each such argument is
// an error at its location naming the instantiation; nothing is written.
// Where they can be named (one function, all template arguments given) the
// converted temporary is kept (test/run/template-temporary-arguments.cpp),
// and an instantiation that converts nothing is lowered as before.
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s --implicit-check-not=error:
// RUN: test ! -e %t.out

#include <async/async.h>

#include <string>

template <class T>
async::Task<T> Read(const T &v) { co_return v; }
template <class T>
async::Task<T> Read(const T &v, int) { co_return v; }

ASYNC async::Task<std::string> Name(const std::string &s) { co_return s; }
ASYNC async::Task<std::string> Name(const std::string &s, int n) { co_return s + std::to_string(n); }

struct Reader {
  template <class T>
  async::Task<T> Get(const T &v) { co_return v; }
};

template <class T>
ASYNC async::Task<T> Overloaded(T seed) {
  // CHECK: {{.*}}template-converted-arguments.cpp:[[@LINE+1]]:26: error: in the instantiation Overloaded<double>, this argument of an awaited call is converted to a temporary of type 'double'
  T a = co_await Read<T>(42);
  T b = co_await Read<T>(seed);
  co_return a + b;
}

template <class T>
ASYNC async::Task<int> OverloadSetWithClass(T n) {
  // CHECK: {{.*}}template-converted-arguments.cpp:[[@LINE+1]]:33: error: in the instantiation OverloadSetWithClass<int>, this argument {{.*}} of type 'std::string'
  std::string s = co_await Name("x", n);
  co_return static_cast<int>(s.size());
}

template <class T>
ASYNC async::Task<T> Member(Reader &r) {
  // CHECK: {{.*}}template-converted-arguments.cpp:[[@LINE+1]]:27: error: in the instantiation Member<long>, this argument {{.*}} of type 'long'
  T v = co_await r.Get<T>(7);
  co_return v;
}

// One function template with its template arguments given, but a dependent
// argument: argument-dependent lookup may add overloads on instantiation.
template <class T>
ASYNC async::Task<long> DependentArgument(T n) {
  // CHECK: {{.*}}template-converted-arguments.cpp:[[@LINE+1]]:32: error: in the instantiation DependentArgument<int>, this argument {{.*}} of type 'long' {{.*}} argument-dependent lookup
  long v = co_await Read<long>(n, 0);
  co_return v;
}

// Instantiated only with what converts nothing: lowered.
template <class T>
ASYNC async::Task<T> NoConversion(T seed) {
  T a = co_await Read<T>(seed, 1);
  co_return a;
}

ASYNC async::Task<int> Run() {
  Reader r;
  double d = co_await Overloaded(1.5);
  int n = co_await OverloadSetWithClass(3);
  long l = co_await Member<long>(r);
  int m = co_await NoConversion(4);
  m += static_cast<int>(co_await DependentArgument(5));
  co_return static_cast<int>(d) + n + static_cast<int>(l) + m;
}
