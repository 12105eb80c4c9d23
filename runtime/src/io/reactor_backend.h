// Runtime-internal base of the reactor backends: the reactor thread's loop
// (wait for I/O with the next timer deadline as timeout, then run the due
// timers) and the helpers every backend uses.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <thread>

#include <async/io/reactor.h>

namespace async {
namespace io {
namespace detail {

// Calls op.on_complete once (moving it out, which breaks the cycle
// operation -> callback -> owner -> operation).
void CompleteOperation(IoOperation& op, const IoResult& result) noexcept;
// True on a thread while it runs an operation's on_complete (so a socket
// associated there, an accepted one, is not tied to that thread's worker).
bool InCompletion() noexcept;

class ReactorBackend : public Reactor {
 public:
  ~ReactorBackend() override = default;

  // Starts the reactor thread; it serves the timer service from now on.
  void Start();
  // Stops and joins the thread (the timer service is detached first).
  void Stop() noexcept;

 protected:
  // Waits for events at most `timeout_ns` (-1: no limit) and completes the
  // operations they finish. Returns early when woken.
  virtual void Poll(std::int64_t timeout_ns) = 0;
  // Called by Start once the thread runs, and by Stop before it stops
  // (epoll's per-worker mode attaches to / detaches from the pool there).
  virtual void OnStart() {}
  virtual void OnStop() noexcept {}
  bool Stopping() const noexcept { return stopping_.load(std::memory_order_acquire); }

 private:
  void Loop();
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

#if defined(__linux__)
// Backend factories (epoll_reactor.cpp, uring_reactor.cpp). CreateUring
// returns null when io_uring_queue_init fails (or liburing is absent).
std::unique_ptr<ReactorBackend> CreateEpollReactor(ReactorThreads threads);
std::unique_ptr<ReactorBackend> CreateUringReactor();
bool UringAvailable() noexcept;
#endif
#if defined(_WIN32)
std::unique_ptr<ReactorBackend> CreateIocpReactor();  // iocp_reactor.cpp
#endif

// Marks the calling thread as the reactor thread.
void SetReactorThread(bool is) noexcept;

}  // namespace detail
}  // namespace io
}  // namespace async
