// The process-wide fixed thread pool, the timer thread, the stack-depth guard.
#include <async/detail/thread_pool.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

namespace async {
namespace detail {

namespace {

thread_local bool t_is_pool_thread = false;
thread_local int t_inline_depth = 0;

class ThreadPool {
 public:
  static ThreadPool& Instance() {
    static ThreadPool pool;
    return pool;
  }

  void Post(Continuation k) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!stopping_) {
        queue_.push_back(std::move(k));
        cv_.notify_one();
        return;
      }
    }
    // Shutting down: k is released uninvoked.
  }

  unsigned Size() const noexcept { return static_cast<unsigned>(workers_.size()); }

 private:
  ThreadPool() {
    unsigned n = std::max(2u, std::thread::hardware_concurrency());
    workers_.reserve(n);
    for (unsigned i = 0; i < n; ++i) workers_.emplace_back([this] { WorkerLoop(); });
  }
  ~ThreadPool() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
      cv_.notify_all();
    }
    for (std::thread& t : workers_) t.join();
    std::deque<Continuation> rest;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      rest.swap(queue_);
    }
    // Work still queued at exit is released uninvoked (its machines are destroyed).
  }

  void WorkerLoop() {
    t_is_pool_thread = true;
    for (;;) {
      Continuation k;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (stopping_) return;
        k = std::move(queue_.front());
        queue_.pop_front();
      }
      k();
    }
  }

  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Continuation> queue_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

class TimerThread {
 public:
  static TimerThread& Instance() {
    static TimerThread timer;
    return timer;
  }

  void Schedule(std::chrono::steady_clock::time_point due, std::function<void()> f) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    heap_.push(Entry{due, ++seq_, std::move(f)});
    cv_.notify_one();
  }

 private:
  struct Entry {
    std::chrono::steady_clock::time_point due;
    std::uint64_t seq;
    std::function<void()> f;
  };
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const noexcept {
      return a.due != b.due ? a.due > b.due : a.seq > b.seq;
    }
  };

  TimerThread() {
    ThreadPool::Instance();  // constructed first, so destroyed after us
    thread_ = std::thread([this] { Loop(); });
  }
  ~TimerThread() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
      cv_.notify_all();
    }
    thread_.join();
    decltype(heap_) rest;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      rest.swap(heap_);
    }
  }

  void Loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      if (stopping_) return;
      if (heap_.empty()) {
        cv_.wait(lock);
        continue;
      }
      auto due = heap_.top().due;
      if (std::chrono::steady_clock::now() < due) {
        cv_.wait_until(lock, due);
        continue;
      }
      // Entries with equal deadlines fire in scheduling order: they are
      // posted to the pool in that order.
      Entry e = std::move(const_cast<Entry&>(heap_.top()));
      heap_.pop();
      lock.unlock();
      ThreadPool::Instance().Post(Continuation(std::move(e.f)));
      lock.lock();
    }
  }

  std::mutex mutex_;
  std::condition_variable cv_;
  std::priority_queue<Entry, std::vector<Entry>, Later> heap_;
  std::uint64_t seq_ = 0;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace

void PostToThreadPool(Continuation k) { ThreadPool::Instance().Post(std::move(k)); }
bool IsThreadPoolThread() noexcept { return t_is_pool_thread; }
unsigned ThreadPoolSize() noexcept { return ThreadPool::Instance().Size(); }

void ScheduleTimer(std::chrono::steady_clock::time_point due, std::function<void()> f) {
  TimerThread::Instance().Schedule(due, std::move(f));
}

int& InlineContinuationDepth() noexcept { return t_inline_depth; }

}  // namespace detail
}  // namespace async
