// -MD needs -MF: an error, exit 1, no output file.
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out -MD 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out
// CHECK: asyncc: error: -MD and -MF <file> go together

#include <async/async.h>

ASYNC async::Task<> F() { co_await async::Yield(); }
