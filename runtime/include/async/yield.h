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

// The parentheses keep <windows.h>'s obsolete `#define Yield()` (winbase.h)
// from erasing the declaration; code that includes <windows.h> calls it as
// (async::Yield)() or #undef Yield, as with std::min/max and NOMINMAX.
inline YieldAwaitable(Yield)() noexcept { return {}; }

}  // namespace async
