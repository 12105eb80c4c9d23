// The timer service: an indexed min-heap served by the reactor thread.
#include "timer_service.h"

#include <atomic>

#include <async/io/reactor.h>

namespace async {
namespace detail {

namespace {
// Set once the service is destroyed (static destruction at exit).
std::atomic<bool> g_timers_gone{false};
}  // namespace

TimerService& TimerService::Instance() {
  static TimerService service;
  return service;
}

TimerService::TimerService() {
  ThreadPoolSize();  // the pool is constructed first, so it is destroyed after us
}

TimerService::~TimerService() {
  std::unordered_map<std::uint64_t, std::unique_ptr<Entry>> rest;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    heap_.clear();
    rest.swap(by_seq_);
  }
  g_timers_gone.store(true, std::memory_order_release);
  // The remaining callbacks are destroyed here, outside the lock.
}

void TimerService::SiftUp(std::size_t i) noexcept {
  Entry* e = heap_[i];
  while (i > 0) {
    std::size_t parent = (i - 1) / 2;
    if (!Less(e, heap_[parent])) break;
    heap_[i] = heap_[parent];
    heap_[i]->index = i;
    i = parent;
  }
  heap_[i] = e;
  e->index = i;
}

void TimerService::SiftDown(std::size_t i) noexcept {
  const std::size_t n = heap_.size();
  Entry* e = heap_[i];
  for (;;) {
    std::size_t child = 2 * i + 1;
    if (child >= n) break;
    if (child + 1 < n && Less(heap_[child + 1], heap_[child])) ++child;
    if (!Less(heap_[child], e)) break;
    heap_[i] = heap_[child];
    heap_[i]->index = i;
    i = child;
  }
  heap_[i] = e;
  e->index = i;
}

std::unique_ptr<TimerService::Entry> TimerService::RemoveAt(std::size_t i) noexcept {
  Entry* victim = heap_[i];
  Entry* last = heap_.back();
  heap_.pop_back();
  if (victim != last) {
    heap_[i] = last;
    last->index = i;
    if (i > 0 && Less(last, heap_[(i - 1) / 2])) {
      SiftUp(i);
    } else {
      SiftDown(i);
    }
  }
  auto it = by_seq_.find(victim->seq);
  std::unique_ptr<Entry> owned = std::move(it->second);
  by_seq_.erase(it);
  return owned;
}

TimerHandle TimerService::Schedule(std::chrono::steady_clock::time_point due, std::function<void()> f) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (stopping_) return {};  // f is destroyed after the lock is released
  TimerHandle h{due, ++seq_};
  auto entry = std::make_unique<Entry>(Entry{due, h.seq, std::move(f), heap_.size()});
  heap_.push_back(entry.get());
  by_seq_.emplace(h.seq, std::move(entry));
  SiftUp(heap_.size() - 1);
  // A new earliest deadline: the reactor thread must shorten its wait.
  if (heap_.front()->seq == h.seq && host_ != nullptr) host_->Wake();
  return h;
}

bool TimerService::Cancel(const TimerHandle& handle) noexcept {
  std::unique_ptr<Entry> victim;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = by_seq_.find(handle.seq);
    if (it == by_seq_.end()) return false;
    victim = RemoveAt(it->second->index);
  }
  // The callback is destroyed here, outside the lock. No wake-up needed: a
  // reactor woken early for a canceled deadline just waits again.
  return true;
}

std::size_t TimerService::Pending() const noexcept {
  std::lock_guard<std::mutex> lock(mutex_);
  return heap_.size();
}

std::int64_t TimerService::NextTimeoutNanos() const noexcept {
  std::lock_guard<std::mutex> lock(mutex_);
  if (heap_.empty()) return -1;
  auto left = heap_.front()->due - std::chrono::steady_clock::now();
  if (left <= std::chrono::steady_clock::duration::zero()) return 0;
  return std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
}

std::size_t TimerService::RunDue() {
  std::vector<std::function<void()>> due;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    while (!heap_.empty() && heap_.front()->due <= now) {
      std::unique_ptr<Entry> e = RemoveAt(0);
      due.push_back(std::move(e->f));
    }
  }
  // Entries with equal deadlines are posted in scheduling order to the
  // pool's global queue; callbacks never run on the reactor thread.
  for (auto& f : due) PostToThreadPool(Continuation(std::move(f)), /*prefer_local=*/false);
  return due.size();
}

void TimerService::SetHost(io::Reactor* host) noexcept {
  std::lock_guard<std::mutex> lock(mutex_);
  host_ = host;
  if (host_ != nullptr) host_->Wake();
}

void TimerService::ClearHost(io::Reactor* host) noexcept {
  std::lock_guard<std::mutex> lock(mutex_);
  if (host_ == host) host_ = nullptr;
}

// ---- detail::ScheduleTimer & co (declared in async/detail/thread_pool.h) ----

TimerHandle ScheduleTimer(std::chrono::steady_clock::time_point due, std::function<void()> f) {
  io::GetReactor();  // make sure a reactor thread serves the timers
  return TimerService::Instance().Schedule(due, std::move(f));
}

bool CancelTimer(const TimerHandle& handle) noexcept {
  if (!handle || g_timers_gone.load(std::memory_order_acquire)) return false;
  return TimerService::Instance().Cancel(handle);
}

std::size_t PendingTimerCount() noexcept {
  if (g_timers_gone.load(std::memory_order_acquire)) return 0;
  return TimerService::Instance().Pending();
}

}  // namespace detail
}  // namespace async
