// A std::initializer_list refers to an array its braced initializer
// created; the array cannot be kept in the state machine with a list that
// lives across co_await. (A range-based for over a braced list keeps the
// array itself: test/run/range-for-braced-list.cpp.) Each is an error at its
// location, and no output is written.
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>

#include <initializer_list>
#include <utility>

ASYNC async::Task<int> NamedList(int a, int b) {
  // CHECK: {{.*}}initializer-list-across-await.cpp:[[@LINE+1]]:30: error: local 'list' is a std::initializer_list that lives across co_await: the array it refers to cannot be kept in the state machine with it; use a std::array or a std::vector
  std::initializer_list<int> list = {a, b};
  co_await async::Yield();
  co_return static_cast<int>(list.size());
}

template <class T>
ASYNC async::Task<int> DeducedList(T a, T b) {
  // CHECK: {{.*}}initializer-list-across-await.cpp:[[@LINE+1]]:8: error: local 'list' is a std::initializer_list that lives across co_await: the array it refers to cannot be kept in the state machine with it; use a std::array or a std::vector
  auto list = {a, b};
  co_await async::Yield();
  co_return static_cast<int>(list.size());
}

ASYNC async::Task<int> ListOfLists(int a, int b) {
  int n = 0;
  // CHECK: {{.*}}initializer-list-across-await.cpp:[[@LINE+1]]:60: error: a range-based for loop with co_await in its body over a braced list of braced lists is not supported; declare a std::array first
  for (std::pair<int, int> p : {std::pair<int, int>{a, b}, {b, a}}) {
    co_await async::Yield();
    n += p.first;
  }
  co_return n;
}

ASYNC async::Task<int> AwaitInList(int a) {
  int n = 0;
  // CHECK: {{.*}}initializer-list-across-await.cpp:[[@LINE+1]]:16: error: co_await inside the braced list that a range-based for loop iterates is not supported; await into a local first
  for (int v : {a, co_await async::FromResult(1)}) {
    co_await async::Yield();
    n += v;
  }
  co_return n;
}

template async::Task<int> DeducedList(int, int);
