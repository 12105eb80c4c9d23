// g++ 12.2 crashes (internal compiler error) on asyncc's output for this
// file; found by seed 11 of fuzz.py --features all (aggregates), `std::string
// ss59[2] = {};` in a function template.  Not an asyncc bug in the strict
// sense (the lowered code is valid C++17: clang++ compiles it, and the
// native builds are fine), but it breaks the transpiled g++ build, so the
// generator makes no std::string arrays in templates.
//
// In a template, an array local of a class type whose scope holds co_await
// is built in the frame as
//
//   ::new (async::detail::Storage(ss)) (async::detail::ArrayOf<std::string[2]>){{}};
//
// and g++-12 -std=c++17 stops with
//
//   internal compiler error: in check_noexcept_r, at cp/except.cc:1074
//
// The same with `= {"a"}` and with `std::vector<int> v[2] = {};`: a list
// that leaves elements to be value-initialized.  Not in a plain function,
// not without an initializer (`std::string ss[2];`), not with a full list
// (`= {"a", "b"}`, `{Cell("a", 1), Cell("b", 2)}`, which is what the
// generator makes for its Cell and Log arrays), and not for an array of a
// dependent type (`T ts[2] = {t};`, checked only on instantiation).  asyncc now avoids it: in a template, such an
// array is built by an immediately called lambda's return statement
// (docs/lowering/04-locals-and-loops.md section 14; test/run/template-class-arrays.cpp runs this form
// three ways).  The generator still leaves the form out, so that its
// programs stay as they were validated.
//
// Reproduce with an asyncc older than that (expected output "- p 1"):
//   asyncc test/fuzz/repro/gcc12-ice-template-class-array.cpp -o /tmp/l.cpp -- -std=c++20 -Iruntime/include
//   g++-12 -std=c++17 -fsyntax-only -Iruntime/include /tmp/l.cpp
#include <async/async.h>

#include <cstdio>
#include <string>

template <class T>
ASYNC async::Task<int> F(T pt) {
  std::string ss[2] = {};
  co_await async::Yield();
  ss[1] += "p";
  std::printf("-%s %s %d\n", ss[0].c_str(), ss[1].c_str(), static_cast<int>(pt));
  co_return 0;
}

int main() { return async::AsyncContext::Run([] { return F<int>(1); }); }
