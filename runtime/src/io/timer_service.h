// The runtime's timer service (runtime-internal): the deadlines behind
// ScheduleTimer / CancelTimer (Delay, CancelAfter, ...). It has no thread of
// its own: the reactor thread waits for I/O with the next deadline as its
// timeout and then runs RunDue(), so one thread serves I/O and timers.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include <async/detail/thread_pool.h>

namespace async {
namespace io {
class Reactor;
}  // namespace io
namespace detail {

// An indexed binary min-heap of deadlines (see docs/io.md for why a heap
// and not a hashed wheel). Schedule, Cancel: O(log n); the next deadline:
// O(1). Cancel frees the entry and its callback at once.
class TimerService {
 public:
  static TimerService& Instance();

  TimerHandle Schedule(std::chrono::steady_clock::time_point due, std::function<void()> f);
  bool Cancel(const TimerHandle& handle) noexcept;
  std::size_t Pending() const noexcept;

  // For the reactor thread: the time to wait before the next deadline
  // (nanoseconds, >= 0), or -1 when there is no timer.
  std::int64_t NextTimeoutNanos() const noexcept;
  // Posts every due callback to the thread pool (in deadline, then
  // scheduling, order). Returns how many.
  std::size_t RunDue();

  // The reactor whose thread serves the timers (it is woken when an
  // earlier deadline is scheduled). Set under the service's lock.
  void SetHost(io::Reactor* host) noexcept;
  // Clears the host if it is still `host` (a reactor that stops late must
  // not detach its successor).
  void ClearHost(io::Reactor* host) noexcept;

 private:
  struct Entry {
    std::chrono::steady_clock::time_point due;
    std::uint64_t seq;
    std::function<void()> f;
    std::size_t index;  // position in heap_
  };
  TimerService();
  ~TimerService();
  static bool Less(const Entry* a, const Entry* b) noexcept {
    return a->due < b->due || (a->due == b->due && a->seq < b->seq);
  }
  void SiftUp(std::size_t i) noexcept;
  void SiftDown(std::size_t i) noexcept;
  std::unique_ptr<Entry> RemoveAt(std::size_t i) noexcept;

  mutable std::mutex mutex_;
  std::vector<Entry*> heap_;                                     // owned through by_seq_
  std::unordered_map<std::uint64_t, std::unique_ptr<Entry>> by_seq_;
  std::uint64_t seq_ = 0;
  bool stopping_ = false;
  io::Reactor* host_ = nullptr;
};

}  // namespace detail
}  // namespace async
