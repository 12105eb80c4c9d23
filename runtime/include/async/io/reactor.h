// async/io/reactor.h: the I/O reactor behind async::net and async::io.
//
// One process-wide reactor thread waits for I/O and for the runtime's timers
// (a single wait: epoll_wait / io_uring_wait_cqe_timeout /
// GetQueuedCompletionStatusEx, whose timeout is the next timer deadline).
// Nobody waits in a thread while an operation is pending. The epoll backend
// has a second mode (ReactorThreads::PerWorker): each thread-pool worker
// owns an epoll instance and polls it itself, the reactor thread only runs
// the timers and polls, as a fallback, the instance of a worker that has
// been busy in user code for a while (docs/io.md, "Threads").
//
// The interface is completion-based, so that it fits io_uring and IOCP
// directly; the epoll backend emulates completions (it performs the
// non-blocking syscall when the handle is ready, as Asio's reactive
// operations and .NET's SocketAsyncContext do).
//
// Threads: an operation's `on_complete` runs on the reactor thread (or, for
// an operation that completes at once on submission, on the submitting
// thread, or on a pool thread for epoll's file operations; in epoll's
// PerWorker mode, on the pool worker that polled the socket's instance). It must be
// short and must not run user code: the runtime's callbacks only complete a
// TaskCompletionSource created with RunContinuationsAsynchronously, so the
// awaiting code resumes on its captured SynchronizationContext or on the
// thread pool, never on the reactor thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace async {
namespace io {

// An OS handle: a file descriptor on POSIX, a SOCKET or HANDLE on Windows.
#if defined(_WIN32)
using NativeHandle = std::uintptr_t;
inline constexpr NativeHandle kInvalidHandle = ~static_cast<NativeHandle>(0);
#else
using NativeHandle = int;
inline constexpr NativeHandle kInvalidHandle = -1;
#endif

enum class ReactorKind {
  Epoll,    // Linux, readiness-based (the default on Linux)
  IoUring,  // Linux, completion-based, through liburing
  Iocp,     // Windows, completion-based
};
const char* ToString(ReactorKind kind) noexcept;

// Which threads poll the sockets (epoll only; io_uring and IOCP are Single).
enum class ReactorThreads {
  Single,     // one reactor thread polls every socket; completions are
              // handed to the pool (a thread hop per completion)
  PerWorker,  // each pool worker owns an epoll instance (its sockets: those it
              // creates, accepted ones round-robin) and polls it between work
              // items and when idle; completions run on that worker and their
              // continuations are queued on its own deque (no thread hop)
};
const char* ToString(ReactorThreads threads) noexcept;

enum class IoOpcode {
  Receive,   // recv(handle, buffer, length): value = bytes (0 at end of stream)
  Send,      // send(handle, buffer, length) once: value = bytes sent (may be < length)
  Accept,    // accept(handle): value = the accepted handle (non-blocking, close-on-exec)
  Connect,   // connect(handle, address): value = 0
  ReadAt,    // pread(handle, buffer, length, offset): value = bytes (0 at end of file)
  WriteAt,   // pwrite(handle, buffer, length, offset) once: value = bytes written
  // Readiness of a socket owned by a library that does its own I/O (libpq):
  // completes, value = 0, once the handle is readable (or at end of stream
  // or error) / writable. epoll and io_uring (poll_add); IOCP has no
  // readiness notification and completes these with an error.
  WaitReadable,
  WaitWritable,
};

// The outcome of one operation, reported exactly once.
struct IoResult {
  std::int64_t value = 0;  // see IoOpcode; meaningless unless error == 0
  int error = 0;           // 0, or the OS error code (errno / WSA error / GetLastError)
  bool canceled = false;   // removed by Reactor::Cancel before it completed (error is then 0)
};

class Reactor;

// Per-handle state a backend keeps between Associate and Dissociate (epoll:
// the queues of waiting operations; io_uring and IOCP: nothing or little).
class HandleRegistration {
 public:
  virtual ~HandleRegistration() = default;
};

// One submitted operation. Created by the caller, shared with the reactor
// while it is pending (the reactor holds a shared_ptr until it has called
// on_complete). The buffer (and for Connect the address) belongs to the
// caller and must stay valid until on_complete has run.
struct IoOperation {
  IoOpcode opcode = IoOpcode::Receive;
  NativeHandle handle = kInvalidHandle;
  HandleRegistration* registration = nullptr;  // from Reactor::Associate (sockets)
  void* buffer = nullptr;                      // Receive, ReadAt; Send/WriteAt read from it
  std::size_t length = 0;
  std::uint64_t offset = 0;                    // ReadAt, WriteAt
  // Connect: the peer address as a native sockaddr (sockaddr_in/_in6).
  unsigned char address[128] = {};
  std::uint32_t address_length = 0;
  int address_family = 0;  // Accept (IOCP's AcceptEx needs it), Connect
  // Called exactly once with the outcome (see the thread rules above).
  std::function<void(const IoResult&)> on_complete;
  // Backend-private per-operation state (IOCP: the OVERLAPPED; io_uring:
  // nothing). Only the backend touches it.
  std::shared_ptr<void> backend_state;
};

// A backend. All members are thread-safe.
class Reactor {
 public:
  Reactor() = default;
  Reactor(const Reactor&) = delete;
  Reactor& operator=(const Reactor&) = delete;
  virtual ~Reactor() = default;

  virtual ReactorKind Kind() const noexcept = 0;
  // Who polls (see ReactorThreads). Backends other than epoll: Single.
  virtual ReactorThreads Threads() const noexcept { return ReactorThreads::Single; }

  // Whether sockets must be put in non-blocking mode (epoll: yes; io_uring,
  // IOCP: no, the kernel waits).
  virtual bool WantsNonBlockingSockets() const noexcept = 0;

  // Registers a socket once, after it was created or accepted, before the
  // first operation on it. Throws SocketException on failure.
  virtual std::unique_ptr<HandleRegistration> Associate(NativeHandle handle) = 0;
  // Forgets the handle before it is closed. Every operation still pending
  // on it must have completed (the caller cancels them first).
  virtual void Dissociate(NativeHandle handle, std::unique_ptr<HandleRegistration> registration) noexcept = 0;

  // Starts op. Its outcome is reported through op->on_complete, possibly
  // before Submit returns (an operation that can complete at once).
  virtual void Submit(std::shared_ptr<IoOperation> op) = 0;
  // Asks the backend to remove op. If it is still pending it completes with
  // canceled = true (epoll, IOCP: at once or soon; io_uring: when the
  // kernel has released its buffer). If it already completed, or completes
  // anyway (the data had arrived), nothing changes. Never blocks.
  virtual void Cancel(const std::shared_ptr<IoOperation>& op) noexcept = 0;

  // Wakes the reactor thread so that it recomputes its wait timeout (the
  // timer service calls this when an earlier deadline is scheduled).
  virtual void Wake() noexcept = 0;

  // Number of operations currently pending in the backend, and of handles
  // associated (for tests, and for SetReactorKind's "in use" check).
  virtual std::size_t PendingOperationCount() const noexcept = 0;
  virtual std::size_t AssociatedHandleCount() const noexcept = 0;
};

// The process-wide reactor, created (with its thread) on first use. The
// backend is, in order: the one named by SetReactorKind; else the
// environment variable ASYNCC_REACTOR ("epoll", "io_uring", "iocp"); else
// the platform default (Linux: epoll; Windows: IOCP). When io_uring is asked
// for and io_uring_queue_init fails, epoll is used. Sockets and files keep
// the reactor they were created on (the shared_ptr).
std::shared_ptr<Reactor> GetReactor();
// The backend in use (creates the reactor if needed).
ReactorKind CurrentReactorKind();
// Selects the backend. Before first use this only records the choice; later
// it stops the current reactor's thread and starts the new backend (the
// runtime's timers move to the new thread). Returns false, changing
// nothing, when the kind is not available here (io_uring falls back to
// epoll only for the implicit choice, never here) or when the current
// reactor still has associated handles or pending operations.
bool SetReactorKind(ReactorKind kind);
// The epoll backend's threading mode: the one named by SetReactorThreads;
// else the environment variable ASYNCC_REACTOR_THREADS ("per-worker",
// "single"); else the default, PerWorker (docs/io.md says why). Other
// backends ignore it. SetReactorThreads follows SetReactorKind's rules: an
// epoll reactor in the other mode is replaced (false while it still has
// handles or operations).
ReactorThreads CurrentReactorThreads();
bool SetReactorThreads(ReactorThreads threads);

// True when the kind can be used on this platform and machine
// (io_uring: io_uring_queue_init succeeds).
bool IsReactorKindSupported(ReactorKind kind) noexcept;

// The reactor thread's id is not exposed; this tells whether the caller is
// the reactor thread (for assertions and tests).
bool IsReactorThread() noexcept;

}  // namespace io
}  // namespace async
