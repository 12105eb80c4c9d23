// async/detail/thread_pool.h: the fixed thread pool and the timer thread.
#pragma once

#include <chrono>
#include <functional>

#include <async/continuation.h>

namespace async {
namespace detail {

// Queues k to the process-wide thread pool (hardware_concurrency workers,
// joined at exit; work still queued at exit is released uninvoked).
void PostToThreadPool(Continuation k);
// True on a thread-pool worker thread.
bool IsThreadPoolThread() noexcept;
// Number of worker threads.
unsigned ThreadPoolSize() noexcept;

// Runs f on the thread pool at (or after) `due`. One timer thread serves all
// timers (a min-heap under a mutex and a condition variable).
void ScheduleTimer(std::chrono::steady_clock::time_point due, std::function<void()> f);

// Thread-local depth of nested inline continuations (the stack-depth guard).
int& InlineContinuationDepth() noexcept;
constexpr int kMaxInlineContinuationDepth = 256;

}  // namespace detail
}  // namespace async
