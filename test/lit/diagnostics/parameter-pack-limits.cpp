// What the tool cannot lower around a function parameter pack: each is an
// error at its location, and no output is written.
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>

template <class T>
async::Task<T> Use(const T &v) { co_return v; }

template <class... Ts>
async::Task<int> Count(const Ts &...) { co_return static_cast<int>(sizeof...(Ts)); }

template <class T>
T Twice(T v) { return v + v; }

template <class... Ts>
int Plain(Ts... xs) { return (0 + ... + xs); }

// The machine keeps one pack; a second would need a second lambda around
// the body.
template <class... As, class... Bs>
// CHECK: {{.*}}parameter-pack-limits.cpp:[[@LINE+1]]:49: error: ASYNC function 'TwoPacks' with two function parameter packs is not supported: take a std::tuple<Ts...> for one
ASYNC async::Task<int> TwoPacks(As... as, Bs... bs) {
  co_await async::Yield();
  co_return static_cast<int>(sizeof...(as) + sizeof...(bs));
}

// Each element would be a suspension of its own.
template <class... Ts>
ASYNC async::Task<int> AwaitInFold(Ts... xs) {
  // CHECK: {{.*}}parameter-pack-limits.cpp:[[@LINE+1]]:13: error: co_await inside a pack expansion or fold expression is not supported: each element would be a suspension of its own; await before the expansion, or loop over the elements
  int sum = (0 + ... + co_await Use(xs));
  co_return sum;
}

template <class... Ts>
ASYNC async::Task<int> AwaitInExpansion(Ts... xs) {
  // CHECK: {{.*}}parameter-pack-limits.cpp:[[@LINE+1]]:19: error: co_await inside a pack expansion or fold expression is not supported: each element would be a suspension of its own; await before the expansion, or loop over the elements
  co_return Plain(co_await Use(xs)...);
}

// The elements may be temporaries bound to the callee's `const T&`
// parameters; a pack of them has no place in the frame.
template <class... Ts>
ASYNC async::Task<int> TemporariesToAwaitedCall(Ts... xs) {
  // CHECK: {{.*}}parameter-pack-limits.cpp:[[@LINE+1]]:26: error: in a template, the elements of a pack expansion passed to an awaited call may be temporaries that have to live until the await completes, and a pack of them has no place in the state machine: pass the pack itself, std::forward or std::move of it, or build the values into locals first
  int n = co_await Count(Twice(xs)...);
  co_return n;
}

// Evaluated before the await, the elements would have to be kept in the
// frame one by one.
template <class... Ts>
ASYNC async::Task<int> ExpansionBeforeAwait(Ts... xs) {
  // CHECK: {{.*}}parameter-pack-limits.cpp:[[@LINE+1]]:19: error: a pack expansion evaluated before a co_await in the same expression is kept only when it names the pack itself; build the values into locals first
  co_return Plain(Twice(xs)..., co_await Use(1));
}

template async::Task<int> TwoPacks<int, int>(int, int);
template async::Task<int> AwaitInFold(int, int);
template async::Task<int> AwaitInExpansion(int, int);
template async::Task<int> TemporariesToAwaitedCall(int, int);
template async::Task<int> ExpansionBeforeAwait(int, int);
