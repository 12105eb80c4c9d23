// async/yield.h: Task.Yield.
#pragma once

#include <async/continuation.h>
#include <async/synchronization_context.h>

namespace async {

class YieldAwaitable {
 public:
  class YieldAwaiter {
   public:
    bool IsCompleted() const noexcept { return false; }
    // Posts k to the current SynchronizationContext, or to the thread pool.
    void OnCompleted(Continuation k) const;
    void UnsafeOnCompleted(Continuation k) const { OnCompleted(std::move(k)); }
    void GetResult() const noexcept {}
  };
  YieldAwaiter GetAwaiter() const noexcept { return {}; }
};

inline YieldAwaitable Yield() noexcept { return {}; }

}  // namespace async
