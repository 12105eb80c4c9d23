// async/detail/thread_pool.h: the work-stealing thread pool, dedicated
// (LongRunning) threads, and the timer thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

#include <async/continuation.h>

namespace async {
namespace detail {

// Queues k to the process-wide work-stealing thread pool (.NET's
// ThreadPoolWorkQueue): one deque per worker, a global FIFO queue for work
// submitted from outside the pool. A worker pops its own deque LIFO, then
// the global queue FIFO, then steals FIFO from the other workers.
//   prefer_local: on a worker thread, push to that worker's deque (.NET's
//   preferLocal, used for Task.Run and task continuations); otherwise the
//   global queue. Off the pool, work always goes to the global queue.
// Work still queued at exit is released uninvoked; posts after shutdown
// began are released uninvoked.
void PostToThreadPool(Continuation k, bool prefer_local = true);
// True on a thread-pool worker thread.
bool IsThreadPoolThread() noexcept;
// Number of worker threads: max(2, hardware_concurrency).
unsigned ThreadPoolSize() noexcept;
// Index of the calling worker (0..ThreadPoolSize()-1), or -1 off the pool.
int CurrentWorkerIndex() noexcept;
// Work items executed by the pool so far (across all workers), and how many
// of them were stolen from another worker's deque (statistics, for tests).
std::uint64_t ThreadPoolCompletedWorkItemCount() noexcept;
std::uint64_t ThreadPoolStealCount() noexcept;

// An I/O poller the workers call (epoll's per-worker mode). With one set,
// a worker polls its own instance without waiting when its deque is empty,
// every kPollEveryItems work items otherwise, and, instead of sleeping on
// the pool's condition variable, waits in PollWorker(index, -1) until I/O
// or WakeWorker(index). The object must live until the process exits.
class WorkerPoller {
 public:
  // On worker `index`'s own thread: waits at most timeout_ms (0: not at all;
  // -1: until I/O or WakeWorker) and runs the completions it finds. Returns
  // how many it ran.
  virtual int PollWorker(int index, int timeout_ms) noexcept = 0;
  // Any thread: makes worker `index`'s PollWorker return (or its next one
  // return at once).
  virtual void WakeWorker(int index) noexcept = 0;

 protected:
  ~WorkerPoller() = default;
};
constexpr int kPollEveryItems = 32;
// Installs p (null: none); every sleeping worker is woken to go back to
// sleep the new way. ClearWorkerPoller(p) uninstalls p only if it is the
// current one.
void SetWorkerPoller(WorkerPoller* p) noexcept;
void ClearWorkerPoller(WorkerPoller* p) noexcept;

// Runs k on a new dedicated thread (TaskCreationOptions::LongRunning). The
// thread is joined when it has finished (at the latest at exit).
void StartDedicatedThread(Continuation k);

// A scheduled timer; CancelTimer(handle) removes it before it fires.
struct TimerHandle {
  std::chrono::steady_clock::time_point due{};
  std::uint64_t seq = 0;
  explicit operator bool() const noexcept { return seq != 0; }
};
// Runs f on the thread pool at (or after) `due`. One timer thread serves all
// timers (ordered by deadline, then scheduling order). Returns an empty
// handle after shutdown began (f is then dropped).
TimerHandle ScheduleTimer(std::chrono::steady_clock::time_point due, std::function<void()> f);
// Removes the timer if it has not fired yet; its callback is destroyed (on
// the calling thread, outside every runtime lock). Returns true if removed.
bool CancelTimer(const TimerHandle& handle) noexcept;
// Number of timers not yet fired (for tests).
std::size_t PendingTimerCount() noexcept;

// Thread-local depth of nested inline continuations (the stack-depth guard).
int& InlineContinuationDepth() noexcept;
constexpr int kMaxInlineContinuationDepth = 256;

}  // namespace detail
}  // namespace async
