// The epoll backend (Linux): readiness-based, emulating completions.
//
// Every socket is registered once, edge-triggered, for input and output.
// A submitted operation is first tried at once (most reads on a busy
// connection and most writes complete without waiting, as in .NET's
// SocketAsyncContext); if the syscall would block, it is queued on the
// handle's read or write queue and retried by the reactor thread when the
// handle becomes ready. The attempt and the enqueue happen under the
// handle's lock, as does the reactor's processing of an event, so no
// edge is lost between them. Completions are invoked outside every lock.
// File operations (ReadAt/WriteAt) run the blocking pread/pwrite on the
// thread pool.
#if defined(__linux__)

#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <deque>
#include <mutex>
#include <vector>

#include <async/detail/thread_pool.h>
#include <async/net/socket_exception.h>

#include "reactor_backend.h"

namespace async {
namespace io {
namespace detail {
namespace {

struct EpollRegistration final : HandleRegistration {
  explicit EpollRegistration(int f) : fd(f) {}
  int fd;
  std::mutex mutex;
  std::deque<std::shared_ptr<IoOperation>> readers;  // Receive, Accept
  std::deque<std::shared_ptr<IoOperation>> writers;  // Send, Connect
  bool closed = false;
};

// The state of a file operation running on the thread pool.
struct PoolOpState {
  enum : int { kQueued = 0, kRunning = 1, kCanceled = 2 };
  std::atomic<int> state{kQueued};
};

// Attempts op's syscall. Returns false when it would block.
bool TryOperation(IoOperation& op, IoResult& out, bool first_attempt) {
  for (;;) {
    ssize_t n = 0;
    switch (op.opcode) {
      case IoOpcode::Receive:
        n = ::recv(op.handle, op.buffer, op.length, 0);
        break;
      case IoOpcode::Send:
        n = ::send(op.handle, op.buffer, op.length, MSG_NOSIGNAL);
        break;
      case IoOpcode::Accept:
        n = ::accept4(op.handle, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        break;
      case IoOpcode::Connect: {
        if (first_attempt) {
          n = ::connect(op.handle, reinterpret_cast<const sockaddr*>(op.address), op.address_length);
          if (n < 0 && errno == EINPROGRESS) return false;
          break;
        }
        // Woken: SO_ERROR says whether it failed; a socket that has no peer
        // yet is still connecting (an early or spurious edge).
        int err = 0;
        socklen_t len = sizeof err;
        if (::getsockopt(op.handle, SOL_SOCKET, SO_ERROR, &err, &len) < 0) err = errno;
        if (err != 0) {
          out.error = err;
          return true;
        }
        sockaddr_storage peer{};
        socklen_t plen = sizeof peer;
        if (::getpeername(op.handle, reinterpret_cast<sockaddr*>(&peer), &plen) < 0) {
          if (errno == ENOTCONN) return false;
          out.error = errno;
          return true;
        }
        out.value = 0;
        return true;
      }
      case IoOpcode::ReadAt:
      case IoOpcode::WriteAt:
        out.error = EINVAL;  // not queued here
        return true;
    }
    if (n >= 0) {
      out.value = n;
      return true;
    }
    const int e = errno;
    if (e == EINTR) continue;
    if (e == EAGAIN || e == EWOULDBLOCK) return false;
    // accept: a connection reset before it was accepted is skipped (.NET too).
    if (op.opcode == IoOpcode::Accept && e == ECONNABORTED) continue;
    out.error = e;
    return true;
  }
}

class EpollReactor final : public ReactorBackend {
 public:
  EpollReactor() {
    epfd_ = ::epoll_create1(EPOLL_CLOEXEC);
    if (epfd_ < 0) throw net::SocketException(errno);
    wakefd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (wakefd_ < 0) {
      const int e = errno;
      ::close(epfd_);
      throw net::SocketException(e);
    }
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.ptr = nullptr;  // the wake-up eventfd
    ::epoll_ctl(epfd_, EPOLL_CTL_ADD, wakefd_, &ev);
  }
  ~EpollReactor() override {
    Stop();
    ::close(wakefd_);
    ::close(epfd_);
  }

  ReactorKind Kind() const noexcept override { return ReactorKind::Epoll; }
  bool WantsNonBlockingSockets() const noexcept override { return true; }

  std::unique_ptr<HandleRegistration> Associate(NativeHandle handle) override {
    auto reg = std::make_unique<EpollRegistration>(handle);
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
    ev.data.ptr = reg.get();
    if (::epoll_ctl(epfd_, EPOLL_CTL_ADD, handle, &ev) < 0) throw net::SocketException(errno);
    associated_.fetch_add(1, std::memory_order_relaxed);
    return reg;
  }

  void Dissociate(NativeHandle handle, std::unique_ptr<HandleRegistration> registration) noexcept override {
    if (!registration) return;
    auto* reg = static_cast<EpollRegistration*>(registration.get());
    {
      std::lock_guard<std::mutex> lock(reg->mutex);
      reg->closed = true;
    }
    ::epoll_ctl(epfd_, EPOLL_CTL_DEL, handle, nullptr);
    associated_.fetch_sub(1, std::memory_order_relaxed);
    // The reactor thread may hold this pointer from an epoll_wait batch
    // returned before EPOLL_CTL_DEL: freed after that batch is processed.
    std::lock_guard<std::mutex> lock(graveyard_mutex_);
    graveyard_.push_back(std::move(registration));
  }

  void Submit(std::shared_ptr<IoOperation> op) override {
    if (op->opcode == IoOpcode::ReadAt || op->opcode == IoOpcode::WriteAt) {
      SubmitToPool(std::move(op));
      return;
    }
    auto* reg = static_cast<EpollRegistration*>(op->registration);
    IoResult result;
    {
      std::lock_guard<std::mutex> lock(reg->mutex);
      if (reg->closed) {
        result.error = EBADF;
      } else {
        auto& queue = IsRead(op->opcode) ? reg->readers : reg->writers;
        // FIFO: only the first waiting operation may try at once.
        if (!queue.empty() || !TryOperation(*op, result, /*first_attempt=*/true)) {
          queue.push_back(op);
          pending_->fetch_add(1, std::memory_order_relaxed);
          return;
        }
      }
    }
    CompleteOperation(*op, result);  // completed at once, on this thread
  }

  void Cancel(const std::shared_ptr<IoOperation>& op) noexcept override {
    if (op->opcode == IoOpcode::ReadAt || op->opcode == IoOpcode::WriteAt) {
      auto* st = static_cast<PoolOpState*>(op->backend_state.get());
      int expected = PoolOpState::kQueued;
      // Queued on the pool, not started: the work item completes it canceled.
      if (st != nullptr) st->state.compare_exchange_strong(expected, PoolOpState::kCanceled);
      return;
    }
    auto* reg = static_cast<EpollRegistration*>(op->registration);
    bool removed = false;
    {
      std::lock_guard<std::mutex> lock(reg->mutex);
      for (auto* queue : {&reg->readers, &reg->writers}) {
        for (auto it = queue->begin(); it != queue->end(); ++it) {
          if (it->get() == op.get()) {
            queue->erase(it);
            removed = true;
            break;
          }
        }
        if (removed) break;
      }
    }
    if (removed) {
      pending_->fetch_sub(1, std::memory_order_relaxed);
      IoResult r;
      r.canceled = true;
      CompleteOperation(*op, r);
    }
  }

  void Wake() noexcept override {
    std::uint64_t one = 1;
    ssize_t n = ::write(wakefd_, &one, sizeof one);
    (void)n;  // EAGAIN: the counter is already non-zero, a wake-up is pending
  }

  std::size_t PendingOperationCount() const noexcept override {
    return pending_->load(std::memory_order_relaxed);
  }
  std::size_t AssociatedHandleCount() const noexcept override {
    return associated_.load(std::memory_order_relaxed);
  }

 protected:
  void Poll(std::int64_t timeout_ns) override {
    int timeout_ms = -1;
    if (timeout_ns >= 0) {
      // Round up: waking before the deadline would only loop.
      const std::int64_t ms = (timeout_ns + 999999) / 1000000;
      timeout_ms = ms > 1000000000 ? 1000000000 : static_cast<int>(ms);
    }
    epoll_event events[256];
    const int n = ::epoll_wait(epfd_, events, 256, timeout_ms);
    std::vector<std::pair<std::shared_ptr<IoOperation>, IoResult>> done;
    for (int i = 0; i < n; ++i) {
      auto* reg = static_cast<EpollRegistration*>(events[i].data.ptr);
      if (reg == nullptr) {
        std::uint64_t v;
        while (::read(wakefd_, &v, sizeof v) > 0) {
        }
        continue;
      }
      const std::uint32_t ev = events[i].events;
      std::lock_guard<std::mutex> lock(reg->mutex);
      if (reg->closed) continue;
      if (ev & (EPOLLIN | EPOLLERR | EPOLLHUP | EPOLLRDHUP)) Drain(reg->readers, done);
      if (ev & (EPOLLOUT | EPOLLERR | EPOLLHUP)) Drain(reg->writers, done);
    }
    if (!done.empty()) pending_->fetch_sub(done.size(), std::memory_order_relaxed);
    for (auto& d : done) CompleteOperation(*d.first, d.second);
    done.clear();
    std::vector<std::unique_ptr<HandleRegistration>> dead;
    {
      std::lock_guard<std::mutex> lock(graveyard_mutex_);
      dead.swap(graveyard_);
    }
  }

 private:
  static bool IsRead(IoOpcode op) noexcept { return op == IoOpcode::Receive || op == IoOpcode::Accept; }

  static void Drain(std::deque<std::shared_ptr<IoOperation>>& queue,
                    std::vector<std::pair<std::shared_ptr<IoOperation>, IoResult>>& done) {
    while (!queue.empty()) {
      IoResult r;
      if (!TryOperation(*queue.front(), r, /*first_attempt=*/false)) break;
      done.emplace_back(std::move(queue.front()), r);
      queue.pop_front();
    }
  }

  void SubmitToPool(std::shared_ptr<IoOperation> op) {
    auto st = std::make_shared<PoolOpState>();
    op->backend_state = st;
    pending_->fetch_add(1, std::memory_order_relaxed);
    async::detail::PostToThreadPool(
        Continuation([pending = pending_, op, st]() mutable {
          IoResult r;
          int expected = PoolOpState::kQueued;
          if (!st->state.compare_exchange_strong(expected, PoolOpState::kRunning)) {
            r.canceled = true;
          } else {
            ssize_t n;
            do {
              n = op->opcode == IoOpcode::ReadAt
                      ? ::pread(op->handle, op->buffer, op->length, static_cast<off_t>(op->offset))
                      : ::pwrite(op->handle, op->buffer, op->length, static_cast<off_t>(op->offset));
            } while (n < 0 && errno == EINTR);
            if (n < 0) {
              r.error = errno;
            } else {
              r.value = n;
            }
          }
          pending->fetch_sub(1, std::memory_order_relaxed);
          CompleteOperation(*op, r);
        }),
        /*prefer_local=*/false);
  }

  int epfd_ = -1;
  int wakefd_ = -1;
  // Shared with the pool's work items, which may outlive the reactor at exit.
  std::shared_ptr<std::atomic<std::size_t>> pending_ = std::make_shared<std::atomic<std::size_t>>(0);
  std::atomic<std::size_t> associated_{0};
  std::mutex graveyard_mutex_;
  std::vector<std::unique_ptr<HandleRegistration>> graveyard_;
};

}  // namespace

std::unique_ptr<ReactorBackend> CreateEpollReactor() { return std::make_unique<EpollReactor>(); }

#if !defined(ASYNCC_HAVE_LIBURING)
std::unique_ptr<ReactorBackend> CreateUringReactor() { return nullptr; }
bool UringAvailable() noexcept { return false; }
#endif

}  // namespace detail
}  // namespace io
}  // namespace async

#endif  // __linux__
