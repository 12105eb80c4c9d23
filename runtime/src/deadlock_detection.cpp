// Sync-over-async deadlock detection (see async/detail/deadlock_detection.h).
#include <async/detail/deadlock_detection.h>

#include <string>

#include <async/async_context.h>
#include <async/exceptions.h>
#include <async/synchronization_context.h>
#include <async/task_scheduler.h>

#include "pending_registry.h"

namespace async {
namespace detail {

namespace {

// The single-threaded context that only the calling thread can run, if any
// (as the pointer an await records for it), and its description.
const void* CurrentSingleThreadedContext(const char** what) {
  if (SynchronizationContext* sc = SynchronizationContext::Current()) {
    auto* ctx = dynamic_cast<AsyncContextImpl*>(sc);
    if (ctx != nullptr && ctx->OwnedByCurrentThread()) {
      *what = "the AsyncContext thread";
      return static_cast<const void*>(sc);
    }
    return nullptr;  // another context: its threads are unknown
  }
  TaskScheduler* scheduler = CurrentCustomScheduler();
  if (scheduler != nullptr && scheduler->MaximumConcurrencyLevel() == 1) {
    *what = "the thread of a single-threaded TaskScheduler";
    return static_cast<const void*>(scheduler);
  }
  return nullptr;
}

bool DependsOn(const TaskStateBase* task, const void* context) {
  LockedPendingRegistry registry;
  auto by_task = registry.ByTask();
  const TaskStateBase* t = task;
  for (std::size_t hops = 0; hops <= by_task.size(); ++hops) {
    auto it = by_task.find(t);
    if (it == by_task.end()) return false;  // not a suspended async method
    const AsyncBoxTarget* box = it->second;
    if (!box->IsAwaiting()) return false;  // running elsewhere
    const void* captured = box->AwaitedContext();
    if (captured == context) return true;
    if (captured != nullptr) return false;  // resumes on another context
    t = box->Awaited();  // resumes inline when that task completes
    if (t == nullptr) return false;
  }
  return false;
}

}  // namespace

void ThrowIfWaitWouldDeadlock(const TaskStateBase* task) {
  const char* what = nullptr;
  const void* context = CurrentSingleThreadedContext(&what);
  if (context == nullptr || !DependsOn(task, context)) return;
  throw InvalidOperationException(
      std::string("deadlock: blocking Wait() on ") + what +
      " for a task whose continuation is queued to this context; use co_await instead");
}

}  // namespace detail
}  // namespace async
