// async/delay.h: Task.Delay.
#pragma once

#include <chrono>

#include <async/cancellation.h>
#include <async/task.h>

namespace async {
namespace detail {
Task<> DelayImpl(std::chrono::nanoseconds delay, const CancellationToken& token);
}  // namespace detail

// A task that completes after `delay` (on a thread-pool thread), or is
// canceled when `token` is. A zero or negative delay completes at once.
template <class Rep, class Period>
Task<> Delay(std::chrono::duration<Rep, Period> delay, CancellationToken token = {}) {
  return detail::DelayImpl(std::chrono::ceil<std::chrono::nanoseconds>(delay), token);
}
// Task.Delay(int millisecondsDelay)
inline Task<> Delay(int milliseconds, CancellationToken token = {}) {
  return Delay(std::chrono::milliseconds(milliseconds), std::move(token));
}

}  // namespace async
