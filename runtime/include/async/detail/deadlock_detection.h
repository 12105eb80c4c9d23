// async/detail/deadlock_detection.h: sync-over-async deadlock detection for
// blocking waits (Wait(), Result(), GetAwaiter().GetResult()).
//
// The rule: a blocking wait throws InvalidOperationException, instead of
// blocking forever, when
//   (1) the waiting thread is the only thread that can run some context C:
//       it is inside AsyncContext::Run (C is its SynchronizationContext), or
//       it is executing a work item of a TaskScheduler whose
//       MaximumConcurrencyLevel() is 1 (C is that scheduler); and
//   (2) the waited task is an async method's task that can only complete by
//       running work on C: following the chain "task -> its suspended async
//       method -> the task that method awaits" (as long as each link resumes
//       inline, i.e. without a captured context), some method's continuation
//       was captured with C (registered on the task it awaits, or already
//       queued to C).
// Anything else blocks as before: a task completed by another thread (a
// TaskCompletionSource, a pool task, a method awaiting with
// ConfigureAwait(false) all the way down) is a legitimate blocking wait.
#pragma once

namespace async {
namespace detail {

class TaskStateBase;

// Throws InvalidOperationException when waiting on `task` would deadlock.
void ThrowIfWaitWouldDeadlock(const TaskStateBase* task);

}  // namespace detail
}  // namespace async
