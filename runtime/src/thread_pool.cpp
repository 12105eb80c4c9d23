// The process-wide work-stealing thread pool, dedicated (LongRunning)
// threads, the stack-depth guard (timers: src/io/timer_service.cpp).
#include <async/detail/thread_pool.h>

#include <async/execution_context.h>

#include <algorithm>
#include <cstdlib>
#include <cstdint>
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
// Set while a worker runs its poller's completions: their continuations go
// to its own deque without waking another worker for each (see PollOwn).
thread_local bool t_defer_wake = false;
// Set while a busy worker (work queued on its deque or the global queue)
// runs the completions of its periodic poll: their continuations go to the
// global FIFO queue, behind the work already queued, not on top of it.
// They are collected here and queued in one batch (one lock, one wake-up).
thread_local bool t_queue_behind = false;
thread_local std::vector<Continuation>* t_behind_batch = nullptr;

// Measurement knobs (docs/performance.md, "HTTP server"), read once:
// ASYNCC_POOL_OWNER_FIFO=1 makes a worker run its own deque oldest first;
// ASYNCC_POOL_POLL_ON_TOP=1 restores queuing a busy worker's poll results on
// top of its deque (newest first).
bool EnvFlag(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr && v[0] == '1';
}

// Modeled on .NET's ThreadPoolWorkQueue: a global FIFO queue for work queued
// from outside the pool (or with preferLocal false), and one deque per worker
// for work the worker queues itself. The owner pushes and pops at the back
// (LIFO: the freshest work, still hot in the cache); thieves take from the
// front (FIFO: the oldest work). The deques are lock-free (Chase-Lev) and
// the global queue takes a mutex; idle workers spin briefly before sleeping.
class ThreadPool {
 public:
  static ThreadPool& Instance() {
    static ThreadPool pool;
    return pool;
  }

  void Post(Continuation k, bool prefer_local) {
    const int index = t_worker_index;
    if (t_queue_behind && prefer_local && index >= 0) {
      t_behind_batch->push_back(std::move(k));
      return;
    }
    if (prefer_local && index >= 0 && !stopping_.load(std::memory_order_acquire)) {
      locals_[static_cast<std::size_t>(index)]->Push(std::move(k));
      if (t_defer_wake) return;
    } else {
      std::lock_guard<std::mutex> lock(global_mutex_);
      if (stopping_.load(std::memory_order_relaxed)) return;  // k released uninvoked
      global_.push_back(std::move(k));
      global_size_.store(global_.size(), std::memory_order_release);
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

  // Installs `p` (if `only_if` is null or is the current poller), then
  // wakes every sleeping worker so that it sleeps the new way.
  void SetPoller(WorkerPoller* p, WorkerPoller* only_if) noexcept {
    WorkerPoller* old = poller_.load(std::memory_order_seq_cst);
    if (only_if != nullptr) {
      if (old != only_if || !poller_.compare_exchange_strong(old, p, std::memory_order_seq_cst)) return;
    } else {
      old = poller_.exchange(p, std::memory_order_seq_cst);
    }
    epoch_.fetch_add(1, std::memory_order_seq_cst);
    if (old != nullptr) {
      for (std::size_t i = 0; i < locals_.size(); ++i) old->WakeWorker(static_cast<int>(i));
    }
    std::lock_guard<std::mutex> lock(sleep_mutex_);
    sleep_cv_.notify_all();
  }

  unsigned Size() const noexcept { return static_cast<unsigned>(workers_.size()); }
  std::uint64_t Completed() const noexcept { return completed_.load(std::memory_order_relaxed); }
  std::uint64_t Steals() const noexcept { return steals_.load(std::memory_order_relaxed); }

 private:
  // A worker's deque: a Chase-Lev deque (the owner pushes and pops at the
  // bottom without a lock, thieves take from the top with one CAS). Its ring
  // grows (doubling) when full; older rings stay allocated, unwritten, until
  // the pool is destroyed, so a thief still reading one reads valid slots.
  // Each slot holds a Continuation's raw parts; every access is atomic. The
  // orderings are the sequentially consistent form of Chase-Lev (Lê et al.,
  // PPoPP'13, with the fences folded into seq_cst operations, which
  // ThreadSanitizer understands).
  struct alignas(64) WorkerQueue {
    struct Slot {
      std::atomic<ContinuationTarget*> target{nullptr};
      std::atomic<std::uint64_t> word{0};
    };
    struct Ring {
      explicit Ring(std::int64_t capacity) : mask(capacity - 1), slots(new Slot[capacity]) {}
      Slot& At(std::int64_t i) noexcept { return slots[static_cast<std::size_t>(i & mask)]; }
      const std::int64_t mask;
      const std::unique_ptr<Slot[]> slots;
    };
    static constexpr std::int64_t kInitialCapacity = 1024;  // power of two

    WorkerQueue() {
      rings.push_back(std::make_unique<Ring>(kInitialCapacity));
      ring.store(rings.back().get(), std::memory_order_relaxed);
    }

    alignas(64) std::atomic<std::int64_t> top{0};
    alignas(64) std::atomic<std::int64_t> bottom{0};
    std::atomic<Ring*> ring{nullptr};
    std::vector<std::unique_ptr<Ring>> rings;  // owner only: every ring so far

    // Owner only.
    void Push(Continuation k) {
      const std::int64_t b = bottom.load(std::memory_order_relaxed);
      const std::int64_t t = top.load(std::memory_order_acquire);
      Ring* r = ring.load(std::memory_order_relaxed);
      if (b - t > r->mask) r = Grow(r, t, b);
      Slot& slot = r->At(b);
      std::uint64_t word = 0;
      ContinuationTarget* target = k.DetachRaw(word);
      slot.word.store(word, std::memory_order_relaxed);
      slot.target.store(target, std::memory_order_release);
      bottom.store(b + 1, std::memory_order_seq_cst);
    }
    // Owner only: newest first.
    bool Pop(Continuation& out) {
      const std::int64_t b = bottom.load(std::memory_order_relaxed) - 1;
      bottom.store(b, std::memory_order_seq_cst);
      std::int64_t t = top.load(std::memory_order_seq_cst);
      if (t > b) {  // empty
        bottom.store(b + 1, std::memory_order_seq_cst);
        return false;
      }
      Slot& slot = ring.load(std::memory_order_relaxed)->At(b);
      ContinuationTarget* target = slot.target.load(std::memory_order_acquire);
      const std::uint64_t word = slot.word.load(std::memory_order_relaxed);
      if (t == b) {  // the last one: race the thieves for it
        const bool won = top.compare_exchange_strong(t, t + 1, std::memory_order_seq_cst,
                                                     std::memory_order_relaxed);
        bottom.store(b + 1, std::memory_order_seq_cst);
        if (!won) return false;
      }
      out = Continuation::AdoptRaw(target, word);
      return true;
    }
    // Owner only: a hint (thieves may empty it meanwhile).
    bool Empty() const noexcept {
      return top.load(std::memory_order_relaxed) >= bottom.load(std::memory_order_relaxed);
    }
    // Any thread: oldest first.
    bool Steal(Continuation& out) {
      for (;;) {
        std::int64_t t = top.load(std::memory_order_seq_cst);
        const std::int64_t b = bottom.load(std::memory_order_seq_cst);
        if (t >= b) return false;
        Slot& slot = ring.load(std::memory_order_acquire)->At(t);
        ContinuationTarget* target = slot.target.load(std::memory_order_acquire);
        const std::uint64_t word = slot.word.load(std::memory_order_relaxed);
        if (top.compare_exchange_strong(t, t + 1, std::memory_order_seq_cst,
                                        std::memory_order_relaxed)) {
          out = Continuation::AdoptRaw(target, word);
          return true;
        }
        // Lost to the owner or another thief: look again.
      }
    }
    // At shutdown (no concurrent access): everything left, released here.
    void Drain() {
      Continuation k;
      while (Steal(k)) k.Reset();
    }

   private:
    Ring* Grow(Ring* old, std::int64_t t, std::int64_t b) {
      auto bigger = std::make_unique<Ring>((old->mask + 1) * 2);
      for (std::int64_t i = t; i < b; ++i) {
        Slot& from = old->At(i);
        Slot& to = bigger->At(i);
        to.word.store(from.word.load(std::memory_order_relaxed), std::memory_order_relaxed);
        to.target.store(from.target.load(std::memory_order_relaxed), std::memory_order_relaxed);
      }
      Ring* r = bigger.get();
      rings.push_back(std::move(bigger));
      ring.store(r, std::memory_order_release);
      return r;
    }
  };
  struct Dedicated {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };

  ThreadPool() {
    const unsigned n = std::max(2u, std::thread::hardware_concurrency());
    poll_asleep_.reset(new std::atomic<bool>[n]);
    for (unsigned i = 0; i < n; ++i) poll_asleep_[i].store(false, std::memory_order_relaxed);
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
    if (WorkerPoller* p = poller_.load(std::memory_order_seq_cst)) {
      for (std::size_t i = 0; i < locals_.size(); ++i) p->WakeWorker(static_cast<int>(i));
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
    for (auto& q : locals_) q->Drain();
  }

  // No lost wake-up: a poster makes its item visible, bumps epoch_, then
  // reads sleepers_; a worker bumps sleepers_ (under sleep_mutex_), then
  // rereads epoch_ before it waits. Sequentially consistent, so one of the
  // two sees the other; a poster that sees a sleeper notifies after passing
  // through sleep_mutex_, i.e. once the sleeper is waiting.
  // A worker sleeping in the poller (per-worker I/O) sets poll_asleep_ and
  // then rereads epoch_, the same handshake; the poster claims one such
  // worker (exchange) and wakes it through the poller (an eventfd, which
  // stays signaled if the worker has not started waiting yet).
  void WakeOne() {
    epoch_.fetch_add(1, std::memory_order_seq_cst);
    if (sleepers_.load(std::memory_order_seq_cst) > 0) {
      if (WorkerPoller* p = poller_.load(std::memory_order_seq_cst)) {
        for (std::size_t i = 0; i < locals_.size(); ++i) {
          if (poll_asleep_[i].load(std::memory_order_relaxed) &&
              poll_asleep_[i].exchange(false, std::memory_order_seq_cst)) {
            p->WakeWorker(static_cast<int>(i));
            return;
          }
        }
      }
      { std::lock_guard<std::mutex> lock(sleep_mutex_); }
      sleep_cv_.notify_one();
    }
  }

  // With a poller, a worker whose deque is empty takes from the global queue
  // first (where the reactor thread's completions go when it polled a busy
  // worker's instance: polling first would leave them behind every new
  // batch), then polls its own I/O (the completions queue their
  // continuations on its deque), then steals.
  bool TryDequeue(int index, Continuation& out, WorkerPoller* poller) {
    WorkerQueue& own = *locals_[static_cast<std::size_t>(index)];
    if (owner_fifo_ ? own.Steal(out) : own.Pop(out)) return true;
    if (global_size_.load(std::memory_order_acquire) != 0) {
      std::lock_guard<std::mutex> lock(global_mutex_);
      if (!global_.empty()) {
        out = std::move(global_.front());
        global_.pop_front();
        global_size_.store(global_.size(), std::memory_order_release);
        return true;
      }
    }
    if (poller != nullptr && PollOwn(poller, index, 0) > 0 && (owner_fifo_ ? own.Steal(out) : own.Pop(out)))
      return true;
    const std::size_t n = locals_.size();
    for (std::size_t i = 1; i < n; ++i) {
      WorkerQueue& victim = *locals_[(static_cast<std::size_t>(index) + i) % n];
      if (victim.Steal(out)) {
        steals_.fetch_add(1, std::memory_order_relaxed);
        return true;
      }
    }
    return false;
  }

  // Before sleeping, an idle worker polls its queues for a short while (as
  // TBB's and .NET's workers do), so that a post arriving soon after finds
  // it awake and needs no futex wake-up: a few rounds with the CPU's pause
  // hint, then a few with yield, so an oversubscribed machine gets the core
  // back.
  bool SpinDequeue(int index, Continuation& out, WorkerPoller* poller) {
    for (int round = 0; round < kSpinRounds + kYieldRounds; ++round) {
      if (stopping_.load(std::memory_order_acquire)) return false;
      if (round < kSpinRounds) {
        for (int i = 0; i < kPausesPerRound; ++i) CpuRelax();
      } else {
        std::this_thread::yield();
      }
      if (TryDequeue(index, out, poller)) return true;
    }
    return false;
  }
  static void CpuRelax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    asm volatile("yield" ::: "memory");
#else
    std::atomic_signal_fence(std::memory_order_seq_cst);
#endif
  }
  static constexpr int kSpinRounds = 32;
  static constexpr int kPausesPerRound = 16;
  static constexpr int kYieldRounds = 8;

  void WorkerLoop(int index) {
    t_worker_index = index;
    int since_poll = 0;
    std::vector<Continuation> behind;
    for (;;) {
      if (stopping_.load(std::memory_order_acquire)) return;
      WorkerPoller* poller = poller_.load(std::memory_order_acquire);
      Continuation k;
      // A busy worker still polls its I/O every so often (its deque may
      // never run dry under load).
      if (poller != nullptr && ++since_poll >= kPollEveryItems) {
        since_poll = 0;
        // Behind the queued work, or a connection whose continuation waits
        // low in the deque is passed by every newer batch (p99 under load).
        if (!poll_on_top_ && (!locals_[static_cast<std::size_t>(index)]->Empty() ||
                              global_size_.load(std::memory_order_acquire) != 0)) {
          PollBehind(poller, index, behind);
        } else {
          PollOwn(poller, index, 0);
        }
      }
      if (!TryDequeue(index, k, poller) && !SpinDequeue(index, k, poller)) {
        const std::uint64_t seen = epoch_.load(std::memory_order_seq_cst);
        if (!TryDequeue(index, k, poller)) {
          if (poller != nullptr) {
            SleepInPoller(index, seen, poller);
            since_poll = 0;
            continue;
          }
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

  void SleepInPoller(int index, std::uint64_t seen, WorkerPoller* poller) {
    std::atomic<bool>& asleep = poll_asleep_[static_cast<std::size_t>(index)];
    sleepers_.fetch_add(1, std::memory_order_seq_cst);
    asleep.store(true, std::memory_order_seq_cst);
    int n = 0;
    if (!stopping_.load(std::memory_order_seq_cst) && epoch_.load(std::memory_order_seq_cst) == seen &&
        poller_.load(std::memory_order_seq_cst) == poller) {
      t_defer_wake = true;
      n = poller->PollWorker(index, -1);
      t_defer_wake = false;
    }
    asleep.store(false, std::memory_order_seq_cst);
    sleepers_.fetch_sub(1, std::memory_order_seq_cst);
    if (n > 1) WakeOne();
  }

  // A busy worker's periodic poll: the completions' continuations are
  // appended to the global queue in one batch, behind the queued work.
  void PollBehind(WorkerPoller* poller, int index, std::vector<Continuation>& batch) {
    t_behind_batch = &batch;
    t_queue_behind = true;
    poller->PollWorker(index, 0);
    t_queue_behind = false;
    t_behind_batch = nullptr;
    if (batch.empty()) return;
    {
      std::lock_guard<std::mutex> lock(global_mutex_);
      if (!stopping_.load(std::memory_order_relaxed)) {
        for (Continuation& k : batch) global_.push_back(std::move(k));
        global_size_.store(global_.size(), std::memory_order_release);
      }
    }
    batch.clear();  // at shutdown: released uninvoked, outside the lock
    WakeOne();
  }

  // The completions a poll runs queue their continuations on this worker's
  // deque; one completion is run by this worker next, with no other worker
  // woken (the common case with few connections: no wake-up, no steal);
  // for a batch, one sleeping worker is woken to share it.
  int PollOwn(WorkerPoller* poller, int index, int timeout_ms) {
    t_defer_wake = true;
    const int n = poller->PollWorker(index, timeout_ms);
    t_defer_wake = false;
    if (n > 1) WakeOne();
    return n;
  }

  std::vector<std::unique_ptr<WorkerQueue>> locals_;
  std::atomic<WorkerPoller*> poller_{nullptr};
  std::unique_ptr<std::atomic<bool>[]> poll_asleep_;  // per worker: waiting in the poller
  std::mutex global_mutex_;
  std::deque<Continuation> global_;
  std::atomic<std::size_t> global_size_{0};  // hint, written under global_mutex_
  std::atomic<bool> stopping_{false};

  std::mutex sleep_mutex_;
  std::condition_variable sleep_cv_;
  std::atomic<std::uint64_t> epoch_{0};
  std::atomic<int> sleepers_{0};

  const bool owner_fifo_ = EnvFlag("ASYNCC_POOL_OWNER_FIFO");
  const bool poll_on_top_ = EnvFlag("ASYNCC_POOL_POLL_ON_TOP");
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

void SetWorkerPoller(WorkerPoller* p) noexcept { ThreadPool::Instance().SetPoller(p, nullptr); }
void ClearWorkerPoller(WorkerPoller* p) noexcept {
  if (p != nullptr) ThreadPool::Instance().SetPoller(nullptr, p);
}

void StartDedicatedThread(Continuation k) { ThreadPool::Instance().StartDedicated(std::move(k)); }

// ScheduleTimer, CancelTimer, PendingTimerCount: src/io/timer_service.cpp
// (the reactor thread serves the timers).

int& InlineContinuationDepth() noexcept { return t_inline_depth; }

}  // namespace detail
}  // namespace async
