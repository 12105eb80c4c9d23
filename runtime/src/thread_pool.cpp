// The process-wide work-stealing thread pool, dedicated (LongRunning)
// threads, the stack-depth guard (timers: src/io/timer_service.cpp).
#include <async/detail/thread_pool.h>

#include <async/execution_context.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace async {
namespace detail {

namespace {

thread_local int t_worker_index = -1;
thread_local int t_inline_depth = 0;

// Modeled on .NET's ThreadPoolWorkQueue: a global FIFO queue for work queued
// from outside the pool (or with preferLocal false), and one deque per worker
// for work the worker queues itself. The owner pushes and pops at the back
// (LIFO: the freshest work, still hot in the cache); thieves take from the
// front (FIFO: the oldest work). Each deque has its own mutex, so the owner
// and a thief only contend on the same deque.
class ThreadPool {
 public:
  static ThreadPool& Instance() {
    static ThreadPool pool;
    return pool;
  }

  void Post(Continuation k, bool prefer_local) {
    const int index = t_worker_index;
    if (prefer_local && index >= 0 && !stopping_.load(std::memory_order_acquire)) {
      WorkerQueue& q = *locals_[static_cast<std::size_t>(index)];
      std::lock_guard<std::mutex> lock(q.mutex);
      q.items.push_back(std::move(k));
    } else {
      std::lock_guard<std::mutex> lock(global_mutex_);
      if (stopping_.load(std::memory_order_relaxed)) return;  // k released uninvoked
      global_.push_back(std::move(k));
    }
    WakeOne();
  }

  void StartDedicated(Continuation k) {
    std::vector<std::thread> finished;
    {
      std::lock_guard<std::mutex> lock(dedicated_mutex_);
      if (stopping_.load(std::memory_order_acquire)) return;  // released uninvoked
      // Reap the threads that have finished (joined outside the lock).
      for (auto it = dedicated_.begin(); it != dedicated_.end();) {
        if (it->done->load(std::memory_order_acquire)) {
          finished.push_back(std::move(it->thread));
          it = dedicated_.erase(it);
        } else {
          ++it;
        }
      }
      auto done = std::make_shared<std::atomic<bool>>(false);
      dedicated_.push_back(Dedicated{std::thread([k = std::move(k), done]() mutable {
                                       k();
                                       k.Reset();
                                       done->store(true, std::memory_order_release);
                                     }),
                                     done});
    }
    for (std::thread& t : finished) t.join();
  }

  unsigned Size() const noexcept { return static_cast<unsigned>(workers_.size()); }
  std::uint64_t Completed() const noexcept { return completed_.load(std::memory_order_relaxed); }
  std::uint64_t Steals() const noexcept { return steals_.load(std::memory_order_relaxed); }

 private:
  struct alignas(64) WorkerQueue {
    std::mutex mutex;
    std::deque<Continuation> items;
  };
  struct Dedicated {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };

  ThreadPool() {
    const unsigned n = std::max(2u, std::thread::hardware_concurrency());
    locals_.reserve(n);
    for (unsigned i = 0; i < n; ++i) locals_.push_back(std::make_unique<WorkerQueue>());
    workers_.reserve(n);
    for (unsigned i = 0; i < n; ++i) workers_.emplace_back([this, i] { WorkerLoop(static_cast<int>(i)); });
  }

  ~ThreadPool() {
    {
      std::lock_guard<std::mutex> lock(global_mutex_);
      stopping_.store(true, std::memory_order_release);
    }
    {
      std::lock_guard<std::mutex> lock(sleep_mutex_);
      sleep_cv_.notify_all();
    }
    for (std::thread& t : workers_) t.join();
    std::vector<Dedicated> dedicated;
    {
      std::lock_guard<std::mutex> lock(dedicated_mutex_);
      dedicated.swap(dedicated_);
    }
    for (Dedicated& d : dedicated) d.thread.join();
    // Work still queued at exit is released uninvoked (its machines are
    // destroyed), outside every lock. Releasing can queue nothing new: posts
    // are refused from now on.
    std::deque<Continuation> rest;
    {
      std::lock_guard<std::mutex> lock(global_mutex_);
      rest.swap(global_);
    }
    rest.clear();
    for (auto& q : locals_) {
      std::deque<Continuation> items;
      {
        std::lock_guard<std::mutex> lock(q->mutex);
        items.swap(q->items);
      }
    }
  }

  // No lost wake-up: a poster makes its item visible, bumps epoch_, then
  // reads sleepers_; a worker bumps sleepers_ (under sleep_mutex_), then
  // rereads epoch_ before it waits. Sequentially consistent, so one of the
  // two sees the other; a poster that sees a sleeper notifies after passing
  // through sleep_mutex_, i.e. once the sleeper is waiting.
  void WakeOne() {
    epoch_.fetch_add(1, std::memory_order_seq_cst);
    if (sleepers_.load(std::memory_order_seq_cst) > 0) {
      { std::lock_guard<std::mutex> lock(sleep_mutex_); }
      sleep_cv_.notify_one();
    }
  }

  bool TryDequeue(int index, Continuation& out) {
    {
      WorkerQueue& q = *locals_[static_cast<std::size_t>(index)];
      std::lock_guard<std::mutex> lock(q.mutex);
      if (!q.items.empty()) {
        out = std::move(q.items.back());
        q.items.pop_back();
        return true;
      }
    }
    {
      std::lock_guard<std::mutex> lock(global_mutex_);
      if (!global_.empty()) {
        out = std::move(global_.front());
        global_.pop_front();
        return true;
      }
    }
    const std::size_t n = locals_.size();
    for (std::size_t i = 1; i < n; ++i) {
      WorkerQueue& victim = *locals_[(static_cast<std::size_t>(index) + i) % n];
      std::lock_guard<std::mutex> lock(victim.mutex);
      if (!victim.items.empty()) {
        out = std::move(victim.items.front());
        victim.items.pop_front();
        steals_.fetch_add(1, std::memory_order_relaxed);
        return true;
      }
    }
    return false;
  }

  void WorkerLoop(int index) {
    t_worker_index = index;
    for (;;) {
      if (stopping_.load(std::memory_order_acquire)) return;
      Continuation k;
      if (!TryDequeue(index, k)) {
        const std::uint64_t seen = epoch_.load(std::memory_order_seq_cst);
        if (!TryDequeue(index, k)) {
          std::unique_lock<std::mutex> lock(sleep_mutex_);
          sleepers_.fetch_add(1, std::memory_order_seq_cst);
          while (!stopping_.load(std::memory_order_acquire) &&
                 epoch_.load(std::memory_order_seq_cst) == seen) {
            sleep_cv_.wait(lock);
          }
          sleepers_.fetch_sub(1, std::memory_order_seq_cst);
          continue;
        }
      }
      k();
      k.Reset();
      ResetCurrentEc();  // .NET resets a pool thread's ExecutionContext after each item
      completed_.fetch_add(1, std::memory_order_relaxed);
    }
  }

  std::vector<std::unique_ptr<WorkerQueue>> locals_;
  std::mutex global_mutex_;
  std::deque<Continuation> global_;
  std::atomic<bool> stopping_{false};

  std::mutex sleep_mutex_;
  std::condition_variable sleep_cv_;
  std::atomic<std::uint64_t> epoch_{0};
  std::atomic<int> sleepers_{0};

  std::atomic<std::uint64_t> completed_{0};
  std::atomic<std::uint64_t> steals_{0};

  std::mutex dedicated_mutex_;
  std::vector<Dedicated> dedicated_;

  std::vector<std::thread> workers_;
};

}  // namespace

void PostToThreadPool(Continuation k, bool prefer_local) {
  ThreadPool::Instance().Post(std::move(k), prefer_local);
}
bool IsThreadPoolThread() noexcept { return t_worker_index >= 0; }
unsigned ThreadPoolSize() noexcept { return ThreadPool::Instance().Size(); }
int CurrentWorkerIndex() noexcept { return t_worker_index; }
std::uint64_t ThreadPoolCompletedWorkItemCount() noexcept { return ThreadPool::Instance().Completed(); }
std::uint64_t ThreadPoolStealCount() noexcept { return ThreadPool::Instance().Steals(); }

void StartDedicatedThread(Continuation k) { ThreadPool::Instance().StartDedicated(std::move(k)); }

// ScheduleTimer, CancelTimer, PendingTimerCount: src/io/timer_service.cpp
// (the reactor thread serves the timers).

int& InlineContinuationDepth() noexcept { return t_inline_depth; }

}  // namespace detail
}  // namespace async
