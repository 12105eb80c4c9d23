// async/task_status.h: TaskStatus and TaskCreationOptions.
#pragma once

namespace async {

enum class TaskStatus {
  Created,
  WaitingForActivation,
  WaitingToRun,
  Running,
  RanToCompletion,
  Faulted,
  Canceled,
};

enum class TaskCreationOptions : unsigned {
  None = 0,
  PreferFairness = 1,
  LongRunning = 2,
  AttachedToParent = 4,
  DenyChildAttach = 8,
  HideScheduler = 16,
  RunContinuationsAsynchronously = 64,
};

// For Task::ContinueWith (<async/continue_with.h>), with .NET's values. The
// Only*/Not* filters, ExecuteSynchronously, LongRunning, PreferFairness and
// RunContinuationsAsynchronously are honoured; LazyCancellation is how the
// token always behaves here; AttachedToParent, DenyChildAttach and
// HideScheduler have no effect (there are no child tasks).
enum class TaskContinuationOptions : unsigned {
  None = 0,
  PreferFairness = 1,
  LongRunning = 2,
  AttachedToParent = 4,
  DenyChildAttach = 8,
  HideScheduler = 16,
  LazyCancellation = 32,
  RunContinuationsAsynchronously = 64,
  NotOnRanToCompletion = 0x10000,
  NotOnFaulted = 0x20000,
  NotOnCanceled = 0x40000,
  OnlyOnRanToCompletion = NotOnFaulted | NotOnCanceled,
  OnlyOnFaulted = NotOnRanToCompletion | NotOnCanceled,
  OnlyOnCanceled = NotOnRanToCompletion | NotOnFaulted,
  ExecuteSynchronously = 0x80000,
};

constexpr TaskContinuationOptions operator|(TaskContinuationOptions a, TaskContinuationOptions b) noexcept {
  return static_cast<TaskContinuationOptions>(static_cast<unsigned>(a) | static_cast<unsigned>(b));
}
constexpr bool HasFlag(TaskContinuationOptions value, TaskContinuationOptions flag) noexcept {
  return (static_cast<unsigned>(value) & static_cast<unsigned>(flag)) == static_cast<unsigned>(flag);
}

constexpr TaskCreationOptions operator|(TaskCreationOptions a, TaskCreationOptions b) noexcept {
  return static_cast<TaskCreationOptions>(static_cast<unsigned>(a) | static_cast<unsigned>(b));
}
constexpr TaskCreationOptions operator&(TaskCreationOptions a, TaskCreationOptions b) noexcept {
  return static_cast<TaskCreationOptions>(static_cast<unsigned>(a) & static_cast<unsigned>(b));
}
constexpr bool HasFlag(TaskCreationOptions value, TaskCreationOptions flag) noexcept {
  return (static_cast<unsigned>(value) & static_cast<unsigned>(flag)) == static_cast<unsigned>(flag);
}

}  // namespace async
