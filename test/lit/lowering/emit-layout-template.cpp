// --emit=layout of a template: its machine has a layout only once
// instantiated, so the report names the template and then lays out each
// instantiation in the file, with its template arguments; a yield is listed
// as a state like an await.
// RUN: %asyncc %s --emit=layout -o %t.txt
// RUN: %FileCheck %s --input-file %t.txt

#include <async/async.h>

template <class T>
ASYNC async::AsyncEnumerable<T> Pair(T a, T b) {
  co_yield a;
  co_await async::Yield();
  co_yield b;
}

template async::AsyncEnumerable<char> Pair(char, char);
template async::AsyncEnumerable<long> Pair(long, long);

// CHECK:      state machine Pair_StateMachine (Pair): a template; each instantiation in this file follows with its template arguments
// CHECK:      state machine Pair_StateMachine (Pair<char>)
// CHECK-NEXT:   states:
// CHECK-NEXT:     -1  running
// CHECK-NEXT:      0  suspended at line 12: co_yield a
// CHECK-NEXT:      1  suspended at line 13: co_await async::Yield()
// CHECK-NEXT:      2  suspended at line 14: co_yield b
// CHECK-NEXT:     -2  done
// CHECK:          a                       {{[0-9]+}}     1  char
// CHECK:      state machine Pair_StateMachine (Pair<long>)
// CHECK:          a                       {{[0-9]+}}     8  long
