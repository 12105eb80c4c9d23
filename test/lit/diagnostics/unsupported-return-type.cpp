// A coroutine return type other than async::Task<T> / async::Task<> is not
// lowered yet (here a user coroutine type).
// RUN: rm -f %t.out
// RUN: %not %asyncc %s -o %t.out 2>&1 | %FileCheck %s
// RUN: test ! -e %t.out

#include <async/async.h>

#include <coroutine>

struct UserTask {
  struct promise_type {
    UserTask get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

// CHECK: {{.*}}unsupported-return-type.cpp:[[@LINE+1]]:7: error: ASYNC function 'F' returns 'UserTask', which is not a task type: use async::Task<T>, async::ValueTask<T> or async::AsyncVoid, or specialize async::AsyncMethodBuilder for it
ASYNC UserTask F() {
  co_return;
}
