// An output path in a directory that does not exist: an error, exit 1, and
// the directory is not created.
// RUN: rm -rf %t.nodir
// RUN: %not %asyncc %s -o %t.nodir/sub/out.cpp 2>&1 | %FileCheck %s
// RUN: test ! -e %t.nodir
// CHECK: asyncc: error: cannot write '{{.*}}nodir/sub/out.cpp'

#include <async/async.h>

ASYNC async::Task<> F() { co_await async::Yield(); }
