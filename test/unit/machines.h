// Hand-lowered state machines in the exact shape asyncc generates (the
// builder ABI of SPEC §5 / runtime/include/async/builder.h). Each carries the
// source it stands for in a comment. The native C++20 tests build the same
// sources as coroutines and compare.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <async/async.h>

#include "test_util.h"

namespace asyncc_test {

// ASYNC async::Task<int> AddOneAsync(async::Task<int> input, Log* log) {
//   log->Add("start");
//   Tracked local(log, "local");
//   int v = co_await input;
//   log->Add("resumed");
//   co_return v + 1;
// }
inline async::Task<int> AddOneAsync(async::Task<int> input, Log* log) {
  struct AddOneAsync_StateMachine final : async::IAsyncStateMachine {
    async::AsyncTaskMethodBuilder<int> sm_builder;
    int sm_state = -1;
    async::Task<int> input;
    Log* log;
    Slot<Tracked> local;
    Slot<async::AwaiterOf<async::Task<int>&>> sm_awaiter0;
    AddOneAsync_StateMachine(async::AsyncTaskMethodBuilder<int> builder,
                             async::Task<int>&& input_, Log*&& log_)
        : sm_builder(builder), input(std::move(input_)), log(std::move(log_)) {}
    ~AddOneAsync_StateMachine() override {
      if (sm_state == 0) {
        sm_awaiter0.Destroy();
        local.Destroy();
      }
    }
    void MoveNext() override {
      bool local_alive = sm_state == 0;
      try {
        if (sm_state == 0) goto resume0;
        log->Add("start");
        local.Construct(log, "local");
        local_alive = true;
        sm_awaiter0.Construct(async::GetAwaiter(input));
        if (!sm_awaiter0.Get().IsCompleted()) {
          sm_state = 0;
          sm_builder.AwaitUnsafeOnCompleted(sm_awaiter0.Get(), *this);
          return;
        }
      resume0:
        sm_state = -1;
        {
          int v;
          try {
            v = sm_awaiter0.Get().GetResult();
          } catch (...) {
            sm_awaiter0.Destroy();
            throw;
          }
          sm_awaiter0.Destroy();
          log->Add("resumed");
          sm_builder.SetReturnValue(v + 1);
        }
        local_alive = false;
        local.Destroy();
      } catch (...) {
        if (local_alive) local.Destroy();
        sm_state = -2;
        sm_builder.SetException(std::current_exception());
        return;
      }
      sm_state = -2;
      sm_builder.SetResult();
    }
  };
  auto& sm = async::AsyncTaskMethodBuilder<int>::Create<AddOneAsync_StateMachine>(std::move(input),
                                                                                   std::move(log));
  async::Task<int> task = sm.sm_builder.Task();
  sm.sm_builder.Start(sm);
  return task;
}

// ASYNC async::Task<> ThrowAfterAsync(async::Task<int> input, Log* log, bool cancel) {
//   Tracked local(log, "local");
//   int v = co_await input;
//   if (cancel) throw async::OperationCanceledException();
//   throw std::runtime_error("boom " + std::to_string(v));
// }
inline async::Task<> ThrowAfterAsync(async::Task<int> input, Log* log, bool cancel) {
  struct ThrowAfterAsync_StateMachine final : async::IAsyncStateMachine {
    async::AsyncTaskMethodBuilder<> sm_builder;
    int sm_state = -1;
    async::Task<int> input;
    Log* log;
    bool cancel;
    Slot<Tracked> local;
    Slot<async::AwaiterOf<async::Task<int>&>> sm_awaiter0;
    ThrowAfterAsync_StateMachine(async::AsyncTaskMethodBuilder<> builder, async::Task<int>&& input_,
                                 Log*&& log_, bool&& cancel_)
        : sm_builder(builder), input(std::move(input_)), log(log_), cancel(cancel_) {}
    ~ThrowAfterAsync_StateMachine() override {
      if (sm_state == 0) {
        sm_awaiter0.Destroy();
        local.Destroy();
      }
    }
    void MoveNext() override {
      bool local_alive = sm_state == 0;
      try {
        if (sm_state == 0) goto resume0;
        local.Construct(log, "local");
        local_alive = true;
        sm_awaiter0.Construct(async::GetAwaiter(input));
        if (!sm_awaiter0.Get().IsCompleted()) {
          sm_state = 0;
          sm_builder.AwaitUnsafeOnCompleted(sm_awaiter0.Get(), *this);
          return;
        }
      resume0:
        sm_state = -1;
        {
          int v;
          try {
            v = sm_awaiter0.Get().GetResult();
          } catch (...) {
            sm_awaiter0.Destroy();
            throw;
          }
          sm_awaiter0.Destroy();
          if (cancel) throw async::OperationCanceledException();
          throw std::runtime_error("boom " + std::to_string(v));
        }
      } catch (...) {
        if (local_alive) local.Destroy();
        sm_state = -2;
        sm_builder.SetException(std::current_exception());
        return;
      }
    }
  };
  auto& sm = async::AsyncTaskMethodBuilder<>::Create<ThrowAfterAsync_StateMachine>(
      std::move(input), std::move(log), std::move(cancel));
  async::Task<> task = sm.sm_builder.Task();
  sm.sm_builder.Start(sm);
  return task;
}

// ASYNC async::Task<int> SumAsync(std::vector<async::Task<int>> inputs, Log* log) {
//   int sum = 0;
//   for (std::size_t i = 0; i < inputs.size(); ++i) {
//     int v = co_await inputs[i];
//     log->Add("got" + std::to_string(v));
//     sum += v;
//   }
//   co_return sum;
// }
inline async::Task<int> SumAsync(std::vector<async::Task<int>> inputs, Log* log) {
  struct SumAsync_StateMachine final : async::IAsyncStateMachine {
    async::AsyncTaskMethodBuilder<int> sm_builder;
    int sm_state = -1;
    std::vector<async::Task<int>> inputs;
    Log* log;
    int sum;
    std::size_t i;
    Slot<async::AwaiterOf<async::Task<int>&>> sm_awaiter0;
    SumAsync_StateMachine(async::AsyncTaskMethodBuilder<int> builder,
                          std::vector<async::Task<int>>&& inputs_, Log*&& log_)
        : sm_builder(builder), inputs(std::move(inputs_)), log(log_) {}
    ~SumAsync_StateMachine() override {
      if (sm_state == 0) sm_awaiter0.Destroy();
    }
    void MoveNext() override {
      try {
        if (sm_state == 0) goto resume0;
        sum = 0;
        for (i = 0; i < inputs.size(); ++i) {
          sm_awaiter0.Construct(async::GetAwaiter(inputs[i]));
          if (!sm_awaiter0.Get().IsCompleted()) {
            sm_state = 0;
            sm_builder.AwaitUnsafeOnCompleted(sm_awaiter0.Get(), *this);
            return;
          }
        resume0:
          sm_state = -1;
          {
            int v;
            try {
              v = sm_awaiter0.Get().GetResult();
            } catch (...) {
              sm_awaiter0.Destroy();
              throw;
            }
            sm_awaiter0.Destroy();
            log->Add("got" + std::to_string(v));
            sum += v;
          }
        }
        sm_builder.SetReturnValue(sum);
      } catch (...) {
        sm_state = -2;
        sm_builder.SetException(std::current_exception());
        return;
      }
      sm_state = -2;
      sm_builder.SetResult();
    }
  };
  auto& sm = async::AsyncTaskMethodBuilder<int>::Create<SumAsync_StateMachine>(std::move(inputs),
                                                                                std::move(log));
  async::Task<int> task = sm.sm_builder.Task();
  sm.sm_builder.Start(sm);
  return task;
}

// ASYNC async::Task<int> ChainAsync(async::Task<int> prev) {
//   int v = co_await std::move(prev);
//   co_return v + 1;
// }
inline async::Task<int> ChainAsync(async::Task<int> prev) {
  struct ChainAsync_StateMachine final : async::IAsyncStateMachine {
    async::AsyncTaskMethodBuilder<int> sm_builder;
    int sm_state = -1;
    async::Task<int> prev;
    Slot<async::AwaiterOf<async::Task<int>&&>> sm_awaiter0;
    ChainAsync_StateMachine(async::AsyncTaskMethodBuilder<int> builder, async::Task<int>&& prev_)
        : sm_builder(builder), prev(std::move(prev_)) {}
    ~ChainAsync_StateMachine() override {
      if (sm_state == 0) sm_awaiter0.Destroy();
    }
    void MoveNext() override {
      try {
        if (sm_state == 0) goto resume0;
        sm_awaiter0.Construct(async::GetAwaiter(std::move(prev)));
        if (!sm_awaiter0.Get().IsCompleted()) {
          sm_state = 0;
          sm_builder.AwaitUnsafeOnCompleted(sm_awaiter0.Get(), *this);
          return;
        }
      resume0:
        sm_state = -1;
        {
          int v;
          try {
            v = sm_awaiter0.Get().GetResult();
          } catch (...) {
            sm_awaiter0.Destroy();
            throw;
          }
          sm_awaiter0.Destroy();
          sm_builder.SetReturnValue(v + 1);
        }
      } catch (...) {
        sm_state = -2;
        sm_builder.SetException(std::current_exception());
        return;
      }
      sm_state = -2;
      sm_builder.SetResult();
    }
  };
  auto& sm = async::AsyncTaskMethodBuilder<int>::Create<ChainAsync_StateMachine>(std::move(prev));
  async::Task<int> task = sm.sm_builder.Task();
  sm.sm_builder.Start(sm);
  return task;
}

// template <class Awaitable>
// ASYNC async::Task<> AwaitThenLogAsync(Awaitable a, Log* log) {
//   Tracked local(log, "local");
//   co_await a;
//   log->Add("after");
// }
template <class Awaitable>
async::Task<> AwaitThenLogAsync(Awaitable a, Log* log) {
  struct AwaitThenLogAsync_StateMachine final : async::IAsyncStateMachine {
    async::AsyncTaskMethodBuilder<> sm_builder;
    int sm_state = -1;
    Awaitable a;
    Log* log;
    Slot<Tracked> local;
    Slot<async::AwaiterOf<Awaitable&>> sm_awaiter0;
    AwaitThenLogAsync_StateMachine(async::AsyncTaskMethodBuilder<> builder, Awaitable&& a_,
                                   Log*&& log_)
        : sm_builder(builder), a(std::move(a_)), log(log_) {}
    ~AwaitThenLogAsync_StateMachine() override {
      if (sm_state == 0) {
        sm_awaiter0.Destroy();
        local.Destroy();
      }
    }
    void MoveNext() override {
      bool local_alive = sm_state == 0;
      try {
        if (sm_state == 0) goto resume0;
        local.Construct(log, "local");
        local_alive = true;
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
        log->Add("after");
        local_alive = false;
        local.Destroy();
      } catch (...) {
        if (local_alive) local.Destroy();
        sm_state = -2;
        sm_builder.SetException(std::current_exception());
        return;
      }
      sm_state = -2;
      sm_builder.SetResult();
    }
  };
  auto& sm = async::AsyncTaskMethodBuilder<>::Create<AwaitThenLogAsync_StateMachine>(std::move(a),
                                                                                      std::move(log));
  async::Task<> task = sm.sm_builder.Task();
  sm.sm_builder.Start(sm);
  return task;
}

}  // namespace asyncc_test
