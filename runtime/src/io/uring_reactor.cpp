// The io_uring backend (Linux, liburing): completion-based.
//
// One ring, owned by the reactor thread (liburing's submission side is not
// thread-safe). Other threads hand operations and cancellations to it
// through a locked request list and wake it with an eventfd that the ring
// itself reads (an IORING_OP_READ kept armed). The reactor thread prepares
// the SQEs, submits, and waits for completions with the next timer
// deadline as timeout (io_uring_submit_and_wait_timeout). Cancellation is
// IORING_OP_ASYNC_CANCEL on the operation's user_data: the operation then
// completes with -ECANCELED (canceled), or with its data if it won the
// race; either way its buffer is released before the caller hears of it.
#if defined(__linux__) && defined(ASYNCC_HAVE_LIBURING)

#include <liburing.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <mutex>
#include <unordered_map>
#include <vector>

#include <async/net/socket_exception.h>

#include "reactor_backend.h"

namespace async {
namespace io {
namespace detail {
namespace {

constexpr std::uint64_t kWakeTag = 1;    // the eventfd read
constexpr std::uint64_t kCancelTag = 2;  // an IORING_OP_ASYNC_CANCEL (its own CQE is ignored)
constexpr unsigned kRingEntries = 1024;

struct NoRegistration final : HandleRegistration {};

class UringReactor final : public ReactorBackend {
 public:
  static std::unique_ptr<UringReactor> TryCreate() {
    std::unique_ptr<UringReactor> r(new UringReactor());
    if (!r->ok_) return nullptr;
    return r;
  }

  ~UringReactor() override {
    Stop();
    if (ok_) {
      io_uring_queue_exit(&ring_);
      ::close(wakefd_);
    }
    // Operations still in flight or queued at exit are dropped uncompleted
    // (their tasks are abandoned).
  }

  ReactorKind Kind() const noexcept override { return ReactorKind::IoUring; }
  bool WantsNonBlockingSockets() const noexcept override { return false; }

  std::unique_ptr<HandleRegistration> Associate(NativeHandle) override {
    associated_.fetch_add(1, std::memory_order_relaxed);
    return std::make_unique<NoRegistration>();
  }
  void Dissociate(NativeHandle, std::unique_ptr<HandleRegistration> registration) noexcept override {
    if (registration) associated_.fetch_sub(1, std::memory_order_relaxed);
  }

  void Submit(std::shared_ptr<IoOperation> op) override {
    pending_.fetch_add(1, std::memory_order_relaxed);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      requests_.push_back(Request{std::move(op), false});
    }
    Wake();
  }

  void Cancel(const std::shared_ptr<IoOperation>& op) noexcept override {
    std::shared_ptr<IoOperation> unsent;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto it = std::find_if(requests_.begin(), requests_.end(),
                             [&](const Request& r) { return !r.cancel && r.op == op; });
      if (it != requests_.end()) {
        // Not handed to the kernel yet: removed here.
        unsent = std::move(it->op);
        requests_.erase(it);
      } else {
        try {
          requests_.push_back(Request{op, true});
        } catch (...) {
          return;  // out of memory: the operation completes normally
        }
      }
    }
    if (unsent) {
      pending_.fetch_sub(1, std::memory_order_relaxed);
      IoResult r;
      r.canceled = true;
      CompleteOperation(*unsent, r);
      return;
    }
    Wake();
  }

  void Wake() noexcept override {
    std::uint64_t one = 1;
    ssize_t n = ::write(wakefd_, &one, sizeof one);
    (void)n;
  }

  std::size_t PendingOperationCount() const noexcept override {
    return pending_.load(std::memory_order_relaxed);
  }
  std::size_t AssociatedHandleCount() const noexcept override {
    return associated_.load(std::memory_order_relaxed);
  }

 protected:
  void Poll(std::int64_t timeout_ns) override {
    if (!wake_armed_) ArmWake();
    std::vector<Request> requests;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      requests.swap(requests_);
    }
    for (Request& r : requests) {
      if (r.cancel) {
        // Only operations still in flight: one that already completed has
        // nothing to cancel.
        if (inflight_.count(r.op.get()) == 0) continue;
        io_uring_sqe* sqe = GetSqe();
        io_uring_prep_cancel64(sqe, reinterpret_cast<std::uint64_t>(r.op.get()), 0);
        io_uring_sqe_set_data64(sqe, kCancelTag);
      } else {
        Prepare(r.op);
      }
    }
    io_uring_cqe* cqe = nullptr;
    __kernel_timespec ts{};
    __kernel_timespec* tsp = nullptr;
    if (timeout_ns >= 0) {
      ts.tv_sec = timeout_ns / 1000000000;
      ts.tv_nsec = timeout_ns % 1000000000;
      tsp = &ts;
    }
    int rc = io_uring_submit_and_wait_timeout(&ring_, &cqe, 1, tsp, nullptr);
    (void)rc;  // -ETIME (timeout), -EINTR: handled by the loop
    std::vector<std::pair<std::shared_ptr<IoOperation>, IoResult>> done;
    unsigned head;
    unsigned seen = 0;
    io_uring_for_each_cqe(&ring_, head, cqe) {
      ++seen;
      const std::uint64_t tag = io_uring_cqe_get_data64(cqe);
      if (tag == kWakeTag) {
        wake_armed_ = false;
        continue;
      }
      if (tag == kCancelTag) continue;
      auto it = inflight_.find(reinterpret_cast<IoOperation*>(tag));
      if (it == inflight_.end()) continue;
      IoResult r;
      if (cqe->res >= 0) {
        const IoOpcode code = it->second->opcode;
        // poll_add answers the revents mask; a readiness wait reports 0.
        r.value = code == IoOpcode::WaitReadable || code == IoOpcode::WaitWritable ? 0 : cqe->res;
      } else if (cqe->res == -ECANCELED) {
        r.canceled = true;
      } else {
        r.error = -cqe->res;
      }
      done.emplace_back(std::move(it->second), r);
      inflight_.erase(it);
    }
    io_uring_cq_advance(&ring_, seen);
    if (!done.empty()) pending_.fetch_sub(done.size(), std::memory_order_relaxed);
    for (auto& d : done) CompleteOperation(*d.first, d.second);
  }

 private:
  struct Request {
    std::shared_ptr<IoOperation> op;
    bool cancel;
  };

  UringReactor() {
    io_uring_params params{};
    if (io_uring_queue_init_params(kRingEntries, &ring_, &params) < 0) return;
    wakefd_ = ::eventfd(0, EFD_CLOEXEC);
    if (wakefd_ < 0) {
      io_uring_queue_exit(&ring_);
      return;
    }
    ok_ = true;
  }

  io_uring_sqe* GetSqe() {
    io_uring_sqe* sqe = io_uring_get_sqe(&ring_);
    while (sqe == nullptr) {
      io_uring_submit(&ring_);  // the submission queue is full: flush it
      sqe = io_uring_get_sqe(&ring_);
    }
    return sqe;
  }

  void ArmWake() {
    io_uring_sqe* sqe = GetSqe();
    io_uring_prep_read(sqe, wakefd_, &wake_value_, sizeof wake_value_, 0);
    io_uring_sqe_set_data64(sqe, kWakeTag);
    wake_armed_ = true;
  }

  void Prepare(std::shared_ptr<IoOperation>& op) {
    io_uring_sqe* sqe = GetSqe();
    IoOperation& o = *op;
    switch (o.opcode) {
      case IoOpcode::Receive:
        io_uring_prep_recv(sqe, o.handle, o.buffer, o.length, 0);
        break;
      case IoOpcode::Send:
        io_uring_prep_send(sqe, o.handle, o.buffer, o.length, MSG_NOSIGNAL);
        break;
      case IoOpcode::Accept:
        io_uring_prep_accept(sqe, o.handle, nullptr, nullptr, SOCK_CLOEXEC);
        break;
      case IoOpcode::Connect:
        io_uring_prep_connect(sqe, o.handle, reinterpret_cast<const sockaddr*>(o.address),
                              o.address_length);
        break;
      case IoOpcode::ReadAt:
        io_uring_prep_read(sqe, o.handle, o.buffer, static_cast<unsigned>(std::min<std::size_t>(o.length, 1u << 30)),
                           o.offset);
        break;
      case IoOpcode::WriteAt:
        io_uring_prep_write(sqe, o.handle, o.buffer, static_cast<unsigned>(std::min<std::size_t>(o.length, 1u << 30)),
                            o.offset);
        break;
      case IoOpcode::WaitReadable:
        io_uring_prep_poll_add(sqe, o.handle, POLLIN);
        break;
      case IoOpcode::WaitWritable:
        io_uring_prep_poll_add(sqe, o.handle, POLLOUT);
        break;
    }
    io_uring_sqe_set_data64(sqe, reinterpret_cast<std::uint64_t>(op.get()));
    inflight_.emplace(op.get(), std::move(op));
  }

  bool ok_ = false;
  io_uring ring_{};
  int wakefd_ = -1;
  std::uint64_t wake_value_ = 0;
  bool wake_armed_ = false;  // reactor thread only
  std::unordered_map<IoOperation*, std::shared_ptr<IoOperation>> inflight_;  // reactor thread only
  std::mutex mutex_;
  std::vector<Request> requests_;
  std::atomic<std::size_t> pending_{0};
  std::atomic<std::size_t> associated_{0};
};

}  // namespace

std::unique_ptr<ReactorBackend> CreateUringReactor() { return UringReactor::TryCreate(); }

bool UringAvailable() noexcept {
  static const bool available = [] {
    io_uring ring;
    if (io_uring_queue_init(2, &ring, 0) < 0) return false;
    io_uring_queue_exit(&ring);
    return true;
  }();
  return available;
}

}  // namespace detail
}  // namespace io
}  // namespace async

#endif  // __linux__ && ASYNCC_HAVE_LIBURING
