// AsyncVoid as a native C++20 coroutine (AsyncVoidPromise) and
// AsyncContext::Run waiting for it: the cases of async_void_cases.h.
#if !defined(__cpp_impl_coroutine)
#error "this test needs C++20 coroutines"
#endif

#include <algorithm>
#include <atomic>
#include <functional>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "test_util.h"

#include <gtest/gtest.h>

#include <async/async.h>

namespace native_void {

async::AsyncVoid VoidThen(async::Task<> a, std::function<void()> after) {
  co_await a;
  after();
}

#define ASYNCC_VOID_SUITE NativeAsyncVoid
#include "async_void_cases.h"

}  // namespace native_void
