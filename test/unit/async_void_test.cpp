// AsyncVoid through the lowered builder (AsyncVoidMethodBuilder) and
// AsyncContext::Run waiting for it: the cases of async_void_cases.h.
#include <algorithm>
#include <atomic>
#include <exception>
#include <functional>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include <async/async.h>

#include "test_util.h"

namespace {

using asyncc_test::Slot;

// ASYNC async::AsyncVoid VoidThen(async::Task<> a, std::function<void()> after) {
//   co_await a;
//   after();
// }
async::AsyncVoid VoidThen(async::Task<> a, std::function<void()> after) {
  struct VoidThen_StateMachine final : async::IAsyncStateMachine {
    async::AsyncVoidMethodBuilder sm_builder;
    int sm_state = -1;
    async::Task<> a;
    std::function<void()> after;
    Slot<async::AwaiterOf<async::Task<>&>> sm_awaiter0;
    VoidThen_StateMachine(async::AsyncVoidMethodBuilder builder, async::Task<>&& a_,
                          std::function<void()>&& after_)
        : sm_builder(builder), a(std::move(a_)), after(std::move(after_)) {}
    ~VoidThen_StateMachine() override {
      if (sm_state == 0) sm_awaiter0.Destroy();
    }
    void MoveNext() override {
      try {
        if (sm_state == 0) goto resume0;
        sm_awaiter0.Construct(async::GetAwaiter(a));
        if (!sm_awaiter0.Get().IsCompleted()) {
          sm_state = 0;
          sm_builder.AwaitUnsafeOnCompleted(sm_awaiter0.Get(), *this);
          return;
        }
      resume0:
        sm_state = -1;
        try {
          sm_awaiter0.Get().GetResult();
        } catch (...) {
          sm_awaiter0.Destroy();
          throw;
        }
        sm_awaiter0.Destroy();
        after();
      } catch (...) {
        sm_state = -2;
        sm_builder.SetException(std::current_exception());
        return;
      }
      sm_state = -2;
      sm_builder.SetResult();
    }
  };
  auto& sm = async::AsyncVoidMethodBuilder::Create<VoidThen_StateMachine>(std::move(a), std::move(after));
  async::AsyncVoid sm_task = sm.sm_builder.Task();
  sm.sm_builder.Start(sm);
  return sm_task;
}

#define ASYNCC_VOID_SUITE LoweredAsyncVoid
#include "async_void_cases.h"

}  // namespace
