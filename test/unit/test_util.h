// Helpers shared by the runtime unit tests.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <future>
#include <mutex>
#include <new>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <async/async.h>

namespace asyncc_test {

// A thread-safe event log.
class Log {
 public:
  void Add(std::string s) {
    std::lock_guard<std::mutex> lock(mutex_);
    entries_.push_back(std::move(s));
  }
  std::vector<std::string> Entries() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return entries_;
  }
  std::string Joined() const {
    std::string out;
    for (const std::string& e : Entries()) {
      if (!out.empty()) out += ' ';
      out += e;
    }
    return out;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> entries_;
};

// Logs "+name" when constructed and "~name" when destroyed.
class Tracked {
 public:
  Tracked(Log* log, std::string name) : log_(log), name_(std::move(name)) { log_->Add("+" + name_); }
  Tracked(const Tracked&) = delete;
  Tracked& operator=(const Tracked&) = delete;
  ~Tracked() { log_->Add("~" + name_); }

 private:
  Log* log_;
  std::string name_;
};

// Uninitialised storage for a hoisted local (what generated code uses).
template <class T>
class Slot {
 public:
  template <class... A>
  T& Construct(A&&... a) {
    return *::new (static_cast<void*>(buf_)) T(std::forward<A>(a)...);
  }
  T& Get() noexcept { return *std::launder(reinterpret_cast<T*>(buf_)); }
  void Destroy() noexcept { async::detail::Destroy(Get()); }

 private:
  alignas(T) unsigned char buf_[sizeof(T)];
};

// Spins (with sleeps) until pred() or the timeout; returns pred().
template <class Pred>
bool WaitUntil(Pred pred, std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

// A SynchronizationContext that queues posts for the test to run by hand.
class ManualContext : public async::SynchronizationContext {
 public:
  void Post(std::function<void()> f) override {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.push_back(std::move(f));
  }
  std::size_t Pending() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return queue_.size();
  }
  // Runs queued work (and work it queues) until empty; returns how many ran.
  int RunAll() {
    int n = 0;
    for (;;) {
      std::function<void()> f;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (queue_.empty()) return n;
        f = std::move(queue_.front());
        queue_.erase(queue_.begin());
      }
      f();
      ++n;
    }
  }
  void DropAll() {
    std::vector<std::function<void()>> q;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      q.swap(queue_);
    }
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::function<void()>> queue_;
};

// Sets the current context for a scope.
class ContextScope {
 public:
  explicit ContextScope(async::SynchronizationContext* c)
      : previous_(async::SynchronizationContext::Current()) {
    async::SynchronizationContext::SetSynchronizationContext(c);
  }
  ~ContextScope() { async::SynchronizationContext::SetSynchronizationContext(previous_); }

 private:
  async::SynchronizationContext* previous_;
};

// Items of one stress run: `fallback` in the test command; scripts/stress.sh
// sets ASYNCC_STRESS_ITEMS=1000000.
inline int StressItems(int fallback) {
  const char* env = std::getenv("ASYNCC_STRESS_ITEMS");
  const int n = env != nullptr ? std::atoi(env) : 0;
  return n > 0 ? n : fallback;
}

// Blocks until `vt` completes; returns its result or throws its exception.
template <class T>
T Await(async::ValueTask<T> vt) {
  auto awaiter = vt.GetAwaiter();
  if (!awaiter.IsCompleted()) {
    std::promise<void> done;
    std::future<void> ready = done.get_future();
    awaiter.OnCompleted(async::Continuation([&done] { done.set_value(); }));
    ready.wait();
  }
  return awaiter.GetResult();
}

}  // namespace asyncc_test
