// A generic hand-lowered machine in the generated shape, with an await-site
// table (the sm_await_sites() form the code generator emits), for the
// scheduler, execution-context, deadlock and stack-dump tests:
//
// template <class Sites, class Awaitable, class Before, class After>
// ASYNC async::Task<R> StepAsync(Awaitable a, Before before, After after) {
//   before();
//   auto v = co_await a;          // Sites::kFunction, Sites::kFile, Sites::kLine
//   co_return after(v);           // (after() when the await yields void)
// }
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <vector>
#include <utility>

#include <async/async.h>

#include "test_util.h"

namespace asyncc_test {

template <class Awaitable>
using AwaitResult = decltype(std::declval<async::AwaiterOf<Awaitable&>&>().GetResult());

template <class Awaitable, class After, bool = std::is_void_v<AwaitResult<Awaitable>>>
struct StepResultOf {
  using type = std::invoke_result_t<After&>;
};
template <class Awaitable, class After>
struct StepResultOf<Awaitable, After, false> {
  using type = std::invoke_result_t<After&, AwaitResult<Awaitable>>;
};
template <class Awaitable, class After>
using StepResult = typename StepResultOf<Awaitable, After>::type;

// Sites: a type with static constexpr kFunction, kFile, kLine.
template <class Sites, class Awaitable, class Before, class After>
async::Task<StepResult<Awaitable, After>> StepAsync(Awaitable a, Before before, After after) {
  using R = StepResult<Awaitable, After>;
  using V = AwaitResult<Awaitable>;
  struct StepAsync_StateMachine final : async::IAsyncStateMachine {
    static const async::AwaitSite* sm_await_sites() noexcept {
      static constexpr async::AwaitSite sites[] = {{Sites::kFunction, Sites::kFile, Sites::kLine}};
      return sites;
    }
    async::AsyncTaskMethodBuilder<R> sm_builder;
    int sm_state = -1;
    Awaitable a;
    Before before;
    After after;
    Slot<async::AwaiterOf<Awaitable&>> sm_awaiter0;
    StepAsync_StateMachine(async::AsyncTaskMethodBuilder<R> builder, Awaitable&& a_, Before&& before_,
                           After&& after_)
        : sm_builder(builder), a(std::move(a_)), before(std::move(before_)), after(std::move(after_)) {}
    ~StepAsync_StateMachine() override {
      if (sm_state == 0) sm_awaiter0.Destroy();
    }
    void MoveNext() override {
      try {
        if (sm_state == 0) goto resume0;
        before();
        sm_awaiter0.Construct(async::GetAwaiter(a));
        if (!sm_awaiter0.Get().IsCompleted()) {
          sm_state = 0;
          sm_builder.AwaitUnsafeOnCompleted(sm_awaiter0.Get(), *this);
          return;
        }
      resume0:
        sm_state = -1;
        if constexpr (std::is_void_v<V>) {
          try {
            sm_awaiter0.Get().GetResult();
          } catch (...) {
            sm_awaiter0.Destroy();
            throw;
          }
          sm_awaiter0.Destroy();
          if constexpr (std::is_void_v<R>) {
            after();
          } else {
            sm_builder.SetReturnValue(after());
          }
        } else {
          std::optional<std::decay_t<V>> v;
          try {
            v.emplace(sm_awaiter0.Get().GetResult());
          } catch (...) {
            sm_awaiter0.Destroy();
            throw;
          }
          sm_awaiter0.Destroy();
          if constexpr (std::is_void_v<R>) {
            after(std::move(*v));
          } else {
            sm_builder.SetReturnValue(after(std::move(*v)));
          }
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
  auto& sm = async::AsyncTaskMethodBuilder<R>::template Create<StepAsync_StateMachine>(
      std::move(a), std::move(before), std::move(after));
  async::Task<R> task = sm.sm_builder.Task();
  sm.sm_builder.Start(sm);
  return task;
}

struct NoSite {
  static constexpr const char* kFunction = "StepAsync";
  static constexpr const char* kFile = "step_machine.h";
  static constexpr int kLine = 1;
};

// StepAsync with no before-action and the default site.
template <class Awaitable, class After>
auto Then(Awaitable a, After after) {
  return StepAsync<NoSite>(std::move(a), [] {}, std::move(after));
}

// A scheduler that runs its work items on its own thread, in FIFO order
// (single-threaded: MaximumConcurrencyLevel() == 1), counting them.
class SingleThreadScheduler final : public async::TaskScheduler {
 public:
  SingleThreadScheduler() : thread_([this] { Loop(); }) {}
  ~SingleThreadScheduler() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  int MaximumConcurrencyLevel() const override { return 1; }
  std::thread::id ThreadId() const { return thread_.get_id(); }
  int Queued() const { return queued_.load(); }
  int Executed() const { return executed_.load(); }
  std::vector<async::Task<>> Scheduled() const { return GetScheduledTasks(); }

 protected:
  void QueueTask(async::Task<> task) override {
    ++queued_;
    // Notify under the lock: once the item is visible, the scheduler's thread
    // may run it, the test may finish and destroy this scheduler, so nothing
    // of *this may be touched after the lock is released.
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.push_back(std::move(task));
    cv_.notify_one();
  }
  bool TryExecuteTaskInline(async::Task<> task, bool) override {
    if (std::this_thread::get_id() != thread_.get_id()) return false;
    if (TryExecuteTask(task)) ++executed_;
    return true;
  }
  std::vector<async::Task<>> GetScheduledTasks() const override {
    std::lock_guard<std::mutex> lock(mutex_);
    return std::vector<async::Task<>>(queue_.begin(), queue_.end());
  }

 private:
  void Loop() {
    for (;;) {
      async::Task<> task;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
        if (queue_.empty()) return;
        task = std::move(queue_.front());
        queue_.pop_front();
      }
      if (TryExecuteTask(task)) ++executed_;
    }
  }
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<async::Task<>> queue_;
  bool stop_ = false;
  std::atomic<int> queued_{0};
  std::atomic<int> executed_{0};
  std::thread thread_;
};

}  // namespace asyncc_test
