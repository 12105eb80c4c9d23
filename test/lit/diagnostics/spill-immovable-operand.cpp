// A by-value operand that can be neither moved nor copied, evaluated before a
// later co_await: keeping it in the frame would need a move.
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out
#include <async/async.h>
struct Pinned {
  Pinned(int);
  Pinned(const Pinned &) = delete;
};
void Take(Pinned, int);
ASYNC async::Task<> F() {
  // CHECK: {{.*}}spill-immovable-operand.cpp:[[@LINE+1]]:8: error: an operand of a type that can be neither moved nor copied, evaluated before a co_await in the same expression, is not supported
  Take(Pinned(1), co_await async::FromResult(1));
}
