// In a template, co_await inside the branches of `if constexpr`: a label in
// front of the statement, where the outer dispatch goes, and a dispatch
// switch at the top of each branch for its own awaits (a label inside a
// constexpr-if branch may be named only from that branch). The branch's
// frame slots are type-erased fields (async::detail::BranchSlot): the
// branch declares each one's type, well-formed only where the branch is
// taken, and names the storage with it; the unwinder destroys them through
// the storage. --emit=layout lists them as the erased fields they are.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s
// RUN: %asyncc %s --emit=layout -o %t.txt
// RUN: %FileCheck %s --check-prefix=LAYOUT --input-file %t.txt

#include <async/async.h>

#include <string>
#include <type_traits>

ASYNC async::Task<std::string> Quote(std::string s) {
  co_await async::Yield();
  co_return "'" + s + "'";
}

ASYNC async::Task<int> Twice(int v) {
  co_await async::Yield();
  co_return 2 * v;
}

template <class T>
ASYNC async::Task<int> Measure(T value) {
  int n = 0;
  if constexpr (std::is_same_v<T, std::string>) {
    std::string quoted = co_await Quote(value);
    co_await async::Yield();
    n = static_cast<int>(quoted.size());
  } else
    n = co_await Twice(value);
  co_return n;
}

template async::Task<int> Measure(std::string);
template async::Task<int> Measure(int);
