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
