// The epoll backend (Linux): readiness-based, emulating completions.
//
// Every socket is registered once, edge-triggered, for input and output.
// A submitted operation is first tried at once (most reads on a busy
// connection and most writes complete without waiting, as in .NET's
// SocketAsyncContext); if the syscall would block, it is queued on the
// handle's read or write queue and retried by the thread that polls the
// handle's epoll instance when the handle becomes ready. The attempt and
// the enqueue happen under the handle's lock, as does the processing of an
// event, so no edge is lost between them. Completions are invoked outside
// every lock. File operations (ReadAt/WriteAt) run the blocking
// pread/pwrite on the thread pool.
//
// Two threading modes (ReactorThreads, docs/io.md "Threads"):
//   Single     one epoll instance, polled by the reactor thread, which also
//              runs the timers; completions hand continuations to the pool.
//   PerWorker  one epoll instance per pool worker (WorkerEpollGroup),
//              polled by that worker between work items and while idle
//              (the pool calls PollWorker); completions run on the worker.
//              The reactor thread runs the timers and watches every
//              worker's instance (nested in its own epoll, one-shot): an
//              instance with events that its owner has not polled for
//              2 ms (the owner is blocked in user code) is polled
//              by the reactor thread instead.
#if defined(__linux__)

#include <fcntl.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
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

class EpollSet;

struct EpollRegistration final : HandleRegistration {
  EpollRegistration(int f, EpollSet* s, std::atomic<std::size_t>* p) : fd(f), set(s), pending(p) {}
  int fd;
  EpollSet* set;                     // the epoll instance it is registered in
  std::atomic<std::size_t>* pending;  // its reactor's pending count
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
      case IoOpcode::WaitReadable:
      case IoOpcode::WaitWritable: {
        // Level check: the edge that woke us (or none, on submission) may be
        // stale; poll says whether the handle is ready now.
        pollfd p{};
        p.fd = op.handle;
        p.events = op.opcode == IoOpcode::WaitReadable ? POLLIN : POLLOUT;
        n = ::poll(&p, 1, 0);
        if (n == 0) return false;
        if (n > 0) {
          out.value = 0;
          return true;
        }
        break;
      }
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

using Done = std::vector<std::pair<std::shared_ptr<IoOperation>, IoResult>>;

bool IsRead(IoOpcode op) noexcept {
  return op == IoOpcode::Receive || op == IoOpcode::Accept || op == IoOpcode::WaitReadable;
}

// Completes the queue's operations that can complete now; called when an
// event reported the queue's direction ready (or an error), so a readiness
// wait at the front completes without another poll.
void Drain(std::deque<std::shared_ptr<IoOperation>>& queue, Done& done) {
  while (!queue.empty()) {
    IoResult r;
    const IoOpcode code = queue.front()->opcode;
    const bool wait = code == IoOpcode::WaitReadable || code == IoOpcode::WaitWritable;
    if (!wait && !TryOperation(*queue.front(), r, /*first_attempt=*/false)) break;
    done.emplace_back(std::move(queue.front()), r);
    queue.pop_front();
  }
}

// One epoll instance, its wake-up eventfd, and the registrations removed
// from it that a poll in progress may still name. The single reactor thread
// owns one; in per-worker mode each pool worker owns one (WorkerEpollGroup).
// Only one thread polls an instance at a time (poll_mutex): its owner, or
// the per-worker reactor thread when it steals a busy worker's events.
class EpollSet {
 public:
  EpollSet() {
    epfd_ = ::epoll_create1(EPOLL_CLOEXEC);
    if (epfd_ < 0) throw net::SocketException(errno);
    wakefd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (wakefd_ < 0) {
      const int e = errno;
      ::close(epfd_);
      throw net::SocketException(e);
    }
    // Level-triggered: only the owner reads the counter, so a wake-up seen
    // by a stealing thread stays pending for the owner.
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.ptr = nullptr;  // the wake-up eventfd
    ::epoll_ctl(epfd_, EPOLL_CTL_ADD, wakefd_, &ev);
  }
  ~EpollSet() {
    ::close(wakefd_);
    ::close(epfd_);
  }
  EpollSet(const EpollSet&) = delete;
  EpollSet& operator=(const EpollSet&) = delete;

  int Fd() const noexcept { return epfd_; }

  void Wake() noexcept {
    std::uint64_t one = 1;
    ssize_t n = ::write(wakefd_, &one, sizeof one);
    (void)n;  // EAGAIN: the counter is already non-zero, a wake-up is pending
  }

  void Add(EpollRegistration* reg) {
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
    ev.data.ptr = reg;
    if (::epoll_ctl(epfd_, EPOLL_CTL_ADD, reg->fd, &ev) < 0) throw net::SocketException(errno);
  }

  void Remove(NativeHandle handle, std::unique_ptr<HandleRegistration> registration) noexcept {
    ::epoll_ctl(epfd_, EPOLL_CTL_DEL, handle, nullptr);
    // A poll in progress may hold this pointer from an epoll_wait batch
    // returned before EPOLL_CTL_DEL: freed after that batch is processed.
    std::lock_guard<std::mutex> lock(graveyard_mutex_);
    graveyard_.push_back(std::move(registration));
  }

  // Waits at most timeout_ms (-1: no limit), performs the operations the
  // events made possible and appends them to `done` (completed by the
  // caller, outside poll_mutex). The caller holds poll_mutex. `owner`:
  // reads the wake-up counter. Returns the number of events.
  int PollLocked(int timeout_ms, bool owner, Done& done) {
    polls.fetch_add(1, std::memory_order_relaxed);
    epoll_event events[256];
    int n = ::epoll_wait(epfd_, events, 256, timeout_ms);
    if (n < 0) n = 0;  // EINTR
    for (int i = 0; i < n; ++i) {
      auto* reg = static_cast<EpollRegistration*>(events[i].data.ptr);
      if (reg == nullptr) {
        if (owner) {
          std::uint64_t v;
          while (::read(wakefd_, &v, sizeof v) > 0) {
          }
        }
        continue;
      }
      const std::uint32_t ev = events[i].events;
      std::lock_guard<std::mutex> lock(reg->mutex);
      if (reg->closed) continue;
      const std::size_t before = done.size();
      if (ev & (EPOLLIN | EPOLLERR | EPOLLHUP | EPOLLRDHUP)) Drain(reg->readers, done);
      if (ev & (EPOLLOUT | EPOLLERR | EPOLLHUP)) Drain(reg->writers, done);
      if (done.size() != before) reg->pending->fetch_sub(done.size() - before, std::memory_order_relaxed);
    }
    std::vector<std::unique_ptr<HandleRegistration>> dead;
    {
      std::lock_guard<std::mutex> lock(graveyard_mutex_);
      dead.swap(graveyard_);
    }
    return n;
  }

  std::mutex poll_mutex;
  std::atomic<std::uint64_t> polls{0};  // polls started (the stealer's "has the owner polled since")

 private:
  int epfd_ = -1;
  int wakefd_ = -1;
  std::mutex graveyard_mutex_;
  std::vector<std::unique_ptr<HandleRegistration>> graveyard_;
};

void CompleteAll(Done& done) {
  for (auto& d : done) CompleteOperation(*d.first, d.second);
  done.clear();
}

// Per-worker mode: one EpollSet per pool worker, polled by that worker (the
// pool calls PollWorker). Created on first use and never destroyed, like the
// pool (a worker may be inside PollWorker while a reactor is replaced).
class WorkerEpollGroup final : public async::detail::WorkerPoller {
 public:
  static WorkerEpollGroup& Instance() {
    static WorkerEpollGroup* group = new WorkerEpollGroup(async::detail::ThreadPoolSize());
    return *group;
  }

  std::size_t Size() const noexcept { return sets_.size(); }
  EpollSet& Set(std::size_t i) noexcept { return *sets_[i]; }

  int PollWorker(int index, int timeout_ms) noexcept override {
    EpollSet& set = *sets_[static_cast<std::size_t>(index)];
    static thread_local Done t_done;
    Done done = std::move(t_done);
    done.clear();
    {
      std::unique_lock<std::mutex> lock(set.poll_mutex, std::defer_lock);
      if (timeout_ms == 0) {
        if (!lock.try_lock()) return 0;  // the reactor thread is stealing: nothing to wait for
      } else {
        lock.lock();
      }
      set.PollLocked(timeout_ms, /*owner=*/true, done);
    }
    // Inline, on this worker: the continuations go to its own deque.
    const int n = static_cast<int>(done.size());
    CompleteAll(done);
    t_done = std::move(done);
    return n;
  }

  void WakeWorker(int index) noexcept override { sets_[static_cast<std::size_t>(index)]->Wake(); }

 private:
  explicit WorkerEpollGroup(unsigned n) {
    for (unsigned i = 0; i < n; ++i) sets_.push_back(std::make_unique<EpollSet>());
  }
  std::vector<std::unique_ptr<EpollSet>> sets_;
};

// How long a worker may go without polling its instance, once it has
// events, before the reactor thread polls it instead (see "Threads" in
// docs/io.md): long enough that a busy worker, which polls every
// kPollEveryItems items, is rarely robbed; short enough that a worker
// blocked in user code delays its sockets by about this much.
// ASYNCC_REACTOR_STEAL_US overrides it (microseconds; for measurements).
std::chrono::microseconds StealAfter() {
  static const std::chrono::microseconds value = [] {
    const char* env = std::getenv("ASYNCC_REACTOR_STEAL_US");
    long us = env != nullptr ? std::strtol(env, nullptr, 10) : 0;
    return std::chrono::microseconds(us > 0 ? us : 2000);
  }();
  return value;
}

class EpollReactor final : public ReactorBackend {
 public:
  explicit EpollReactor(ReactorThreads threads) : threads_(threads) {
    if (threads_ == ReactorThreads::Single) {
      own_ = std::make_unique<EpollSet>();
      sets_.push_back(own_.get());
      return;
    }
    group_ = &WorkerEpollGroup::Instance();
    for (std::size_t i = 0; i < group_->Size(); ++i) sets_.push_back(&group_->Set(i));
    watches_.resize(sets_.size());
    // The reactor thread's own epoll: its wake-up eventfd (timers) and every
    // worker's epoll instance (one-shot: re-armed after each check).
    rootfd_ = ::epoll_create1(EPOLL_CLOEXEC);
    if (rootfd_ < 0) throw net::SocketException(errno);
    root_wakefd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (root_wakefd_ < 0) {
      const int e = errno;
      ::close(rootfd_);
      throw net::SocketException(e);
    }
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = 0;
    ::epoll_ctl(rootfd_, EPOLL_CTL_ADD, root_wakefd_, &ev);
    for (std::size_t i = 0; i < sets_.size(); ++i) {
      ev.events = EPOLLIN | EPOLLONESHOT;
      ev.data.u64 = i + 1;
      ::epoll_ctl(rootfd_, EPOLL_CTL_ADD, sets_[i]->Fd(), &ev);
    }
  }
  ~EpollReactor() override {
    Stop();
    if (rootfd_ >= 0) ::close(rootfd_);
    if (root_wakefd_ >= 0) ::close(root_wakefd_);
  }

  ReactorKind Kind() const noexcept override { return ReactorKind::Epoll; }
  ReactorThreads Threads() const noexcept override { return threads_; }
  bool WantsNonBlockingSockets() const noexcept override { return true; }

  std::unique_ptr<HandleRegistration> Associate(NativeHandle handle) override {
    auto reg = std::make_unique<EpollRegistration>(handle, PickSet(), pending_.get());
    reg->set->Add(reg.get());
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
    associated_.fetch_sub(1, std::memory_order_relaxed);
    reg->set->Remove(handle, std::move(registration));
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
    if (own_) {
      own_->Wake();
      return;
    }
    std::uint64_t one = 1;
    ssize_t n = ::write(root_wakefd_, &one, sizeof one);
    (void)n;
  }

  std::size_t PendingOperationCount() const noexcept override {
    return pending_->load(std::memory_order_relaxed);
  }
  std::size_t AssociatedHandleCount() const noexcept override {
    return associated_.load(std::memory_order_relaxed);
  }

 protected:
  void OnStart() override {
    if (group_ != nullptr) async::detail::SetWorkerPoller(group_);
  }
  void OnStop() noexcept override {
    if (group_ != nullptr) async::detail::ClearWorkerPoller(group_);
  }

  void Poll(std::int64_t timeout_ns) override {
    if (own_) {
      Done done;
      {
        std::lock_guard<std::mutex> lock(own_->poll_mutex);
        own_->PollLocked(ToMillis(timeout_ns), /*owner=*/true, done);
      }
      CompleteAll(done);
      return;
    }
    PollWatch(timeout_ns);
  }

 private:
  // Per-worker mode, on the reactor thread: waits for the timers' deadline,
  // a wake-up, or a worker's instance getting events. A worker that has not
  // polled its instance within StealAfter() of that has its events polled
  // here; their completions hand the continuations to the pool's global
  // queue (this thread runs no user code), where idle workers take them.
  void PollWatch(std::int64_t timeout_ns) {
    using Clock = std::chrono::steady_clock;
    Clock::time_point now = Clock::now();
    for (const Watch& w : watches_) {
      if (!w.active) continue;
      const std::int64_t left = std::chrono::duration_cast<std::chrono::nanoseconds>(w.deadline - now).count();
      const std::int64_t t = left < 0 ? 0 : left;
      if (timeout_ns < 0 || t < timeout_ns) timeout_ns = t;
    }
    epoll_event events[64];
    int n = ::epoll_wait(rootfd_, events, 64, ToMillis(timeout_ns));
    if (n < 0) n = 0;
    now = Clock::now();
    for (int i = 0; i < n; ++i) {
      const std::uint64_t tag = events[i].data.u64;
      if (tag == 0) {
        std::uint64_t v;
        while (::read(root_wakefd_, &v, sizeof v) > 0) {
        }
        continue;
      }
      Watch& w = watches_[tag - 1];
      w.active = true;
      w.seen = sets_[tag - 1]->polls.load(std::memory_order_relaxed);
      w.deadline = now + steal_after_;
    }
    Done done;
    for (std::size_t i = 0; i < watches_.size(); ++i) {
      Watch& w = watches_[i];
      if (!w.active || w.deadline > now) continue;
      w.active = false;
      EpollSet& set = *sets_[i];
      // The owner has not polled since its instance became ready: poll it
      // here, unless the owner is polling right now.
      if (set.polls.load(std::memory_order_relaxed) == w.seen) {
        std::unique_lock<std::mutex> lock(set.poll_mutex, std::try_to_lock);
        if (lock.owns_lock()) {
          const std::size_t before = done.size();
          set.PollLocked(0, /*owner=*/false, done);
          steals_.fetch_add(done.size() - before, std::memory_order_relaxed);
        }
      }
      epoll_event ev{};
      ev.events = EPOLLIN | EPOLLONESHOT;
      ev.data.u64 = i + 1;
      ::epoll_ctl(rootfd_, EPOLL_CTL_MOD, set.Fd(), &ev);
    }
    CompleteAll(done);
  }

  static int ToMillis(std::int64_t timeout_ns) noexcept {
    if (timeout_ns < 0) return -1;
    // Round up: waking before the deadline would only loop.
    const std::int64_t ms = (timeout_ns + 999999) / 1000000;
    return ms > 1000000000 ? 1000000000 : static_cast<int>(ms);
  }

  // Where a new socket goes. Per-worker: a socket created by user code on a
  // pool worker goes to that worker's instance; any other (created off the
  // pool, or accepted: associated inside the accept's completion) goes to
  // the workers in turn, so that accepted connections spread over them.
  EpollSet* PickSet() noexcept {
    if (own_) return own_.get();
    const int w = async::detail::CurrentWorkerIndex();
    if (w >= 0 && static_cast<std::size_t>(w) < sets_.size() && !InCompletion()) {
      return sets_[static_cast<std::size_t>(w)];
    }
    return sets_[next_.fetch_add(1, std::memory_order_relaxed) % sets_.size()];
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

  struct Watch {
    bool active = false;
    std::uint64_t seen = 0;
    std::chrono::steady_clock::time_point deadline{};
  };

  const ReactorThreads threads_;
  const std::chrono::microseconds steal_after_ = StealAfter();
  std::unique_ptr<EpollSet> own_;          // Single
  WorkerEpollGroup* group_ = nullptr;      // PerWorker
  std::vector<EpollSet*> sets_;
  int rootfd_ = -1;                        // PerWorker: the reactor thread's epoll
  int root_wakefd_ = -1;
  std::vector<Watch> watches_;             // reactor thread only
  std::atomic<std::size_t> next_{0};
  std::atomic<std::uint64_t> steals_{0};
  // Shared with the pool's work items, which may outlive the reactor at exit.
  std::shared_ptr<std::atomic<std::size_t>> pending_ = std::make_shared<std::atomic<std::size_t>>(0);
  std::atomic<std::size_t> associated_{0};
};

}  // namespace

std::unique_ptr<ReactorBackend> CreateEpollReactor(ReactorThreads threads) {
  return std::make_unique<EpollReactor>(threads);
}

#if !defined(ASYNCC_HAVE_LIBURING)
std::unique_ptr<ReactorBackend> CreateUringReactor() { return nullptr; }
bool UringAvailable() noexcept { return false; }
#endif

}  // namespace detail
}  // namespace io
}  // namespace async

#endif  // __linux__
