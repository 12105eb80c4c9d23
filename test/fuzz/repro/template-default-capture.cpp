// An asyncc bug found by fuzz.py with --features closures,templates (seeds
// 5 and 8, three-way, packs of 5): in a template (a function template, a
// Box<T> member or a generic lambda) a lambda local that lives across
// co_await and has a capture default ([&] or [=]) is rejected when its body
// names a local or a parameter that the default captures implicitly:
//
//   r.cpp:10:32: error: 'x' is declared in the function and named, not
//   captured, by a lambda that lives across co_await; such a lambda is
//   created before the state machine, where it is not visible
//
// clang++-19 and g++-12 (C++20) accept it and print `result 3`.  The same
// lambda outside a template is lowered, and in the template an explicit
// capture ([x], [&x], [=, &x]) is lowered too; only an implicit capture
// through a default is missed ([&, c = 0] fails as well).  Presumably the
// check looks at the template's pattern, where the implicit captures of a
// default are not yet recorded, and sees an uncaptured name.
//
// gen_program.py --avoid template-default-capture generates no capture
// default in templates.
#include <async/async.h>

#include <cstdio>

template <class T>
ASYNC async::Task<int> F(T pt) {
  int x = static_cast<int>(pt);
  auto f = [&](int k) { return x + k; };
  co_await async::Yield();
  x += 1;
  co_return f(1);
}

int main() {
  int r = async::AsyncContext::Run([] { return F<int>(1); });
  std::printf("result %d\n", r);
  return 0;
}
