// What the tool cannot lower in a template, because it depends on what the
// template is instantiated with: each is an error at its location, and no
// output is written.
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>

#include <vector>

template <class T>
async::Task<T> Use(const T &v) { co_return v; }

template <class T>
ASYNC async::Task<int> PointerToAuto(T v) {
  // CHECK: {{.*}}template-limits.cpp:[[@LINE+1]]:15: error: local 'p' lives across co_await in a template and its type cannot be spelled from its initializer: only 'auto', 'const auto' and references are followed; write its type
  const auto *p = &v;
  co_await async::Yield();
  co_return int(*p);
}

// Both aliases would have to be declared in the machine under one name.
template <class T>
ASYNC async::Task<int> TwoAliasesOneName(T v) {
  {
    using A = T;
    A a = co_await Use(v);
    (void)a;
  }
  {
    // CHECK: {{.*}}template-limits.cpp:[[@LINE+1]]:11: error: two local aliases named 'A' are used in the types of values kept across co_await in this template; rename one
    using A = const T;
    A b = co_await Use(v);
    co_await async::Yield();
    co_return int(b);
  }
}

template <class T>
struct Holder {
  T v;
};

template <class T>
async::Task<T> Read(const Holder<T> &h) { co_return h.v; }

// Bound to a reference parameter, the braced list makes a temporary of a
// type known only on instantiation.
template <class T>
ASYNC async::Task<int> BracedToReference(T v) {
  // CHECK: {{.*}}template-limits.cpp:[[@LINE+1]]:26: error: in a template, a braced list passed to an awaited call that may take it by reference makes a temporary that has to live until the await completes, and its type is known only on instantiation: name the type (Box<T>{...}), or build the value into a local first
  T r = co_await Read<T>({v});
  co_return int(r);
}

template async::Task<int> PointerToAuto(int);
template async::Task<int> BracedToReference(int);
template async::Task<int> TwoAliasesOneName(int);
