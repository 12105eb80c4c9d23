// A TaskScheduler that only queues: the test runs (or drops) the work items
// by hand, on its own thread. Shared by the scheduler, status and
// ContinueWith tests.
#pragma once

#include <cstddef>
#include <mutex>
#include <utility>
#include <vector>

#include <async/task_scheduler.h>

namespace asyncc_test {

class ManualScheduler final : public async::TaskScheduler {
 public:
  std::vector<async::Task<>> Scheduled() const { return GetScheduledTasks(); }
  std::size_t Queued() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return queue_.size();
  }
  bool Execute(const async::Task<>& t) { return TryExecuteTask(t); }
  // Runs what is queued now (items queued while running wait for the next call).
  void RunAll() {
    std::vector<async::Task<>> items;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      items.swap(queue_);
    }
    for (auto& t : items) TryExecuteTask(t);
  }
  void DropAll() {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.clear();
  }

 protected:
  void QueueTask(async::Task<> task) override {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.push_back(std::move(task));
  }
  bool TryExecuteTaskInline(async::Task<>, bool) override { return false; }
  std::vector<async::Task<>> GetScheduledTasks() const override {
    std::lock_guard<std::mutex> lock(mutex_);
    return queue_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<async::Task<>> queue_;
};

}  // namespace asyncc_test
