// A function template whose return type is a template parameter, template
// <class R> ASYNC R F(), instantiated with a task type: the builder is named
// through async::AsyncMethodBuilder<R>::type, which the runtime specializes
// for Task<T> and ValueTask<T> (refused before: "returns 'R', which is not a
// task type").
// RUN: %run3 %s | %FileCheck %s
// CHECK: task 7 value-task 8
#include <async/async.h>

#include <cstdio>

template <class R>
ASYNC R Seven() {
  co_await async::Yield();
  co_return 7;
}

template <class R, class T>
ASYNC R Next(T v) {
  co_await async::Yield();
  co_return v + 1;
}

ASYNC async::Task<int> Use() {
  int a = co_await Seven<async::Task<int>>();
  int b = co_await Next<async::ValueTask<int>>(a);
  std::printf("task %d value-task %d\n", a, b);
  co_return a + b;
}

int main() { return async::AsyncContext::Run([] { return Use(); }) == 15 ? 0 : 1; }
