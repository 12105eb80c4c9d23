// async/periodic_timer.h: System.Threading.PeriodicTimer.
//
//   async::PeriodicTimer timer(std::chrono::seconds(1));
//   while (co_await timer.WaitForNextTickAsync(ct)) { ... }
//
// Runs on the runtime's timer service (ScheduleTimer). One tick is
// remembered while nobody waits: ticks missed meanwhile coalesce into one,
// as in .NET. The waiting operation is one reusable IValueTaskSource, so a
// tick costs no allocation beyond the timer entry.
#pragma once

#include <chrono>
#include <memory>

#include <async/cancellation.h>
#include <async/exceptions.h>
#include <async/value_task.h>

namespace async {

namespace detail {
class PeriodicTimerState;
}  // namespace detail

class PeriodicTimer {
 public:
  // ArgumentOutOfRangeException unless period > 0.
  template <class Rep, class Period>
  explicit PeriodicTimer(std::chrono::duration<Rep, Period> period)
      : PeriodicTimer(std::chrono::duration_cast<std::chrono::nanoseconds>(period), 0) {}
  ~PeriodicTimer();  // disposes
  PeriodicTimer(const PeriodicTimer&) = delete;
  PeriodicTimer& operator=(const PeriodicTimer&) = delete;

  // True at the next tick (at once when a tick passed since the last call),
  // false once the timer is disposed (also for a wait in progress).
  // Canceled by `ct`. One wait at a time: InvalidOperationException while
  // another is pending.
  ValueTask<bool> WaitForNextTickAsync(CancellationToken ct = CancellationToken::None());
  // Stops the timer; a pending wait completes with false. Idempotent.
  void Dispose();

 private:
  PeriodicTimer(std::chrono::nanoseconds period, int);
  std::shared_ptr<detail::PeriodicTimerState> state_;
};

}  // namespace async
