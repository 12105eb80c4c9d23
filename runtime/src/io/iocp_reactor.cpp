// The IOCP backend (Windows): completion-based, like io_uring.
//
// One I/O completion port. Every socket (Associate) and every file (opened
// with FILE_FLAG_OVERLAPPED, associated by File) is bound to it. Submit
// issues the overlapped call at once on the submitting thread (WSARecv,
// WSASend, AcceptEx, ConnectEx, ReadFile, WriteFile: none of them blocks);
// the kernel queues a completion packet to the port, and the reactor
// thread, waiting in GetQueuedCompletionStatusEx with the next timer
// deadline as timeout, completes the operation. A call that fails at once
// (no packet is queued for those) completes on the submitting thread.
//
// Per operation the backend keeps an OVERLAPPED (in IoOperation's
// backend_state) and the operation itself in a map keyed by that
// OVERLAPPED, so a packet finds its operation and Cancel finds whether it
// is still pending. Cancel is CancelIoEx(handle, overlapped): the operation
// then completes through the port with ERROR_OPERATION_ABORTED (reported as
// canceled), or with its data if it won the race. As with io_uring the
// caller hears of it only once the kernel has let go of the buffer.
//
// Wake() posts a packet with kWakeKey (PostQueuedCompletionStatus).
#if defined(_WIN32)

#include <winsock2.h>
#include <ws2tcpip.h>
#include <mswsock.h>
#include <windows.h>

#include <algorithm>
#include <atomic>
#include <climits>
#include <mutex>
#include <unordered_map>
#include <vector>

#include <async/net/socket_exception.h>

#include "reactor_backend.h"
#include "win_common.h"

namespace async {
namespace io {
namespace detail {
namespace {

constexpr ULONG_PTR kIoKey = 1;    // packets of overlapped operations
constexpr ULONG_PTR kWakeKey = 2;  // Wake()
constexpr ULONG kBatch = 128;      // completions taken per wait

struct NoRegistration final : HandleRegistration {};

// backend_state of an operation: its OVERLAPPED and, for Accept, the socket
// AcceptEx accepts into plus the address buffer AcceptEx needs.
struct IocpOpState {
  OVERLAPPED ov{};
  bool cancel_requested = false;  // under IocpReactor::mutex_
  SOCKET accept_socket = INVALID_SOCKET;
  // AcceptEx: local and remote address, each sizeof(sockaddr_in6) + 16.
  unsigned char accept_addresses[2 * (sizeof(sockaddr_in6) + 16)] = {};
};

bool IsSocketOp(IoOpcode c) { return c != IoOpcode::ReadAt && c != IoOpcode::WriteAt; }

class IocpReactor final : public ReactorBackend {
 public:
  IocpReactor() {
    net::detail::EnsureWinsock();
    port_ = ::CreateIoCompletionPort(INVALID_HANDLE_VALUE, nullptr, 0, 1);
    if (port_ == nullptr) throw net::SocketException(static_cast<int>(::GetLastError()));
    LoadExtensions();
  }
  ~IocpReactor() override {
    Stop();
    // Operations still in flight at exit are dropped uncompleted (their
    // tasks are abandoned), as with io_uring.
    ::CloseHandle(port_);
  }

  ReactorKind Kind() const noexcept override { return ReactorKind::Iocp; }
  bool WantsNonBlockingSockets() const noexcept override { return false; }

  std::unique_ptr<HandleRegistration> Associate(NativeHandle handle) override {
    HANDLE h = reinterpret_cast<HANDLE>(handle);
    if (::CreateIoCompletionPort(h, port_, kIoKey, 0) == nullptr) {
      throw net::SocketException(static_cast<int>(::GetLastError()));
    }
    // A completion need not signal the handle's own event too.
    ::SetFileCompletionNotificationModes(h, FILE_SKIP_SET_EVENT_ON_HANDLE);
    associated_.fetch_add(1, std::memory_order_relaxed);
    return std::make_unique<NoRegistration>();
  }

  // A handle stays bound to its port until it is closed; nothing to undo.
  void Dissociate(NativeHandle, std::unique_ptr<HandleRegistration> registration) noexcept override {
    if (registration) associated_.fetch_sub(1, std::memory_order_relaxed);
  }

  void Submit(std::shared_ptr<IoOperation> op) override {
    auto state = std::make_shared<IocpOpState>();
    op->backend_state = state;
    pending_.fetch_add(1, std::memory_order_relaxed);
    Start(std::move(op), *state);
  }

  void Cancel(const std::shared_ptr<IoOperation>& op) noexcept override {
    std::lock_guard<std::mutex> lock(mutex_);
    auto* state = static_cast<IocpOpState*>(op->backend_state.get());
    if (state == nullptr) return;
    state->cancel_requested = true;  // for a Start still issuing the call
    if (inflight_.count(&state->ov) == 0) return;  // completed already
    // Under the lock: while the operation is in the map it has not
    // completed, so its handle is still open (the handle guard closes it
    // only after the completion). ERROR_NOT_FOUND: it is completing, or
    // not issued yet (Start then cancels it itself).
    ::CancelIoEx(reinterpret_cast<HANDLE>(op->handle), &state->ov);
  }

  void Wake() noexcept override { ::PostQueuedCompletionStatus(port_, 0, kWakeKey, nullptr); }

  std::size_t PendingOperationCount() const noexcept override {
    return pending_.load(std::memory_order_relaxed);
  }
  std::size_t AssociatedHandleCount() const noexcept override {
    return associated_.load(std::memory_order_relaxed);
  }

 protected:
  void Poll(std::int64_t timeout_ns) override {
    DWORD timeout_ms = INFINITE;
    if (timeout_ns >= 0) {
      // Rounded up: waking before the deadline would only make the loop
      // spin until it is due.
      const std::int64_t ms = (timeout_ns + 999999) / 1000000;
      timeout_ms = static_cast<DWORD>(std::min<std::int64_t>(ms, INFINITE - 1));
    }
    OVERLAPPED_ENTRY entries[kBatch];
    ULONG n = 0;
    if (!::GetQueuedCompletionStatusEx(port_, entries, kBatch, &n, timeout_ms, FALSE)) {
      return;  // WAIT_TIMEOUT: the loop runs the due timers
    }
    std::vector<std::pair<std::shared_ptr<IoOperation>, IoResult>> done;
    done.reserve(n);
    for (ULONG i = 0; i < n; ++i) {
      const OVERLAPPED_ENTRY& e = entries[i];
      if (e.lpOverlapped == nullptr) continue;  // kWakeKey
      std::shared_ptr<IoOperation> op;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = inflight_.find(e.lpOverlapped);
        if (it == inflight_.end()) continue;
        op = std::move(it->second);
        inflight_.erase(it);
      }
      IoResult r = Outcome(*op, *static_cast<IocpOpState*>(op->backend_state.get()),
                           e.dwNumberOfBytesTransferred);
      if (r.error == kRetry) {
        // AcceptEx: the connection was reset before it was accepted; wait
        // for the next one (accept4's ECONNABORTED is skipped likewise).
        auto& st = *static_cast<IocpOpState*>(op->backend_state.get());
        st.ov = OVERLAPPED{};
        Start(std::move(op), st);
        continue;
      }
      done.emplace_back(std::move(op), r);
    }
    if (!done.empty()) pending_.fetch_sub(done.size(), std::memory_order_relaxed);
    for (auto& d : done) CompleteOperation(*d.first, d.second);
  }

 private:
  static constexpr int kRetry = -2;

  void LoadExtensions() {
    SOCKET s = ::WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_OVERLAPPED);
    if (s == INVALID_SOCKET) throw net::SocketException(::WSAGetLastError());
    GUID accept_guid = WSAID_ACCEPTEX;
    GUID connect_guid = WSAID_CONNECTEX;
    DWORD bytes = 0;
    int rc = ::WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &accept_guid, sizeof accept_guid, &accept_ex_,
                        sizeof accept_ex_, &bytes, nullptr, nullptr);
    if (rc == 0) {
      rc = ::WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &connect_guid, sizeof connect_guid, &connect_ex_,
                      sizeof connect_ex_, &bytes, nullptr, nullptr);
    }
    const int e = rc == 0 ? 0 : ::WSAGetLastError();
    ::closesocket(s);
    if (e != 0) {
      ::CloseHandle(port_);
      throw net::SocketException(e);
    }
  }

  // Issues op (again, for an AcceptEx retried after a reset connection).
  // Counted in pending_ by the caller.
  void Start(std::shared_ptr<IoOperation> op, IocpOpState& st) {
    IoOperation& o = *op;
    bool canceled;
    {
      // In the map before the call: the packet may reach the reactor
      // thread before the call returns.
      std::lock_guard<std::mutex> lock(mutex_);
      canceled = st.cancel_requested;
      if (!canceled) inflight_.emplace(&st.ov, op);
    }
    IoResult r;
    if (canceled) {
      r.canceled = true;  // only for a retried accept: Submit's caller cancels after Submit
    } else {
      const int error = Issue(o, st);
      std::lock_guard<std::mutex> lock(mutex_);
      auto it = inflight_.find(&st.ov);
      if (error == 0) {
        // A packet will come (success or pending). A Cancel that ran while
        // the call was being issued found nothing to cancel: do it now.
        if (st.cancel_requested && it != inflight_.end()) ::CancelIoEx(reinterpret_cast<HANDLE>(o.handle), &st.ov);
        return;
      }
      // Failed at once: no packet is queued.
      if (it != inflight_.end()) inflight_.erase(it);
      if (o.opcode == IoOpcode::ReadAt && error == ERROR_HANDLE_EOF) {
        r.value = 0;  // reading at or past the end of the file
      } else {
        r.error = error;
      }
    }
    if (st.accept_socket != INVALID_SOCKET) {
      ::closesocket(st.accept_socket);
      st.accept_socket = INVALID_SOCKET;
    }
    pending_.fetch_sub(1, std::memory_order_relaxed);
    CompleteOperation(o, r);
  }

  // Starts the overlapped call. Returns 0 when a completion packet will
  // follow, else the error (nothing queued).
  int Issue(IoOperation& o, IocpOpState& st) {
    const DWORD len = static_cast<DWORD>(std::min<std::size_t>(o.length, 1u << 30));
    switch (o.opcode) {
      case IoOpcode::Receive: {
        WSABUF buf{len, static_cast<char*>(o.buffer)};
        DWORD flags = 0;
        if (::WSARecv(static_cast<SOCKET>(o.handle), &buf, 1, nullptr, &flags, &st.ov, nullptr) == 0) return 0;
        return PendingOr(::WSAGetLastError());
      }
      case IoOpcode::Send: {
        WSABUF buf{len, static_cast<char*>(o.buffer)};
        if (::WSASend(static_cast<SOCKET>(o.handle), &buf, 1, nullptr, 0, &st.ov, nullptr) == 0) return 0;
        return PendingOr(::WSAGetLastError());
      }
      case IoOpcode::Accept: {
        const int family = o.address_family == AF_INET6 ? AF_INET6 : AF_INET;
        st.accept_socket = ::WSASocketW(family, SOCK_STREAM, IPPROTO_TCP, nullptr, 0,
                                        WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
        if (st.accept_socket == INVALID_SOCKET) return ::WSAGetLastError();
        constexpr DWORD kAddr = sizeof(sockaddr_in6) + 16;
        DWORD bytes = 0;
        if (accept_ex_(static_cast<SOCKET>(o.handle), st.accept_socket, st.accept_addresses, 0, kAddr, kAddr,
                       &bytes, &st.ov))
          return 0;
        return PendingOr(::WSAGetLastError());
      }
      case IoOpcode::Connect: {
        const SOCKET s = static_cast<SOCKET>(o.handle);
        // ConnectEx needs a bound socket: bind to the wildcard address.
        sockaddr_storage local{};
        int local_len = sizeof local;
        if (::getsockname(s, reinterpret_cast<sockaddr*>(&local), &local_len) != 0) {
          sockaddr_storage any{};
          int any_len;
          if (o.address_family == AF_INET6) {
            reinterpret_cast<sockaddr_in6*>(&any)->sin6_family = AF_INET6;
            any_len = sizeof(sockaddr_in6);
          } else {
            reinterpret_cast<sockaddr_in*>(&any)->sin_family = AF_INET;
            any_len = sizeof(sockaddr_in);
          }
          if (::bind(s, reinterpret_cast<sockaddr*>(&any), any_len) != 0) return ::WSAGetLastError();
        }
        if (connect_ex_(s, reinterpret_cast<const sockaddr*>(o.address), static_cast<int>(o.address_length),
                        nullptr, 0, nullptr, &st.ov))
          return 0;
        return PendingOr(::WSAGetLastError());
      }
      case IoOpcode::ReadAt:
      case IoOpcode::WriteAt: {
        st.ov.Offset = static_cast<DWORD>(o.offset & 0xffffffffu);
        st.ov.OffsetHigh = static_cast<DWORD>(o.offset >> 32);
        HANDLE h = reinterpret_cast<HANDLE>(o.handle);
        const BOOL ok = o.opcode == IoOpcode::ReadAt ? ::ReadFile(h, o.buffer, len, nullptr, &st.ov)
                                                     : ::WriteFile(h, o.buffer, len, nullptr, &st.ov);
        if (ok) return 0;
        return PendingOr(static_cast<int>(::GetLastError()));
      }
      case IoOpcode::WaitReadable:
      case IoOpcode::WaitWritable:
        return WSAEOPNOTSUPP;  // IOCP reports completions, not readiness
    }
    return ERROR_INVALID_FUNCTION;
  }

  static int PendingOr(int error) { return error == ERROR_IO_PENDING ? 0 : error; }

  // The outcome of a completed packet (reactor thread).
  IoResult Outcome(IoOperation& o, IocpOpState& st, DWORD bytes) {
    IoResult r;
    int error = 0;
    if (IsSocketOp(o.opcode)) {
      // Gives the WSA code (WSAECONNRESET rather than ERROR_NETNAME_DELETED).
      DWORD n = 0;
      DWORD flags = 0;
      if (!::WSAGetOverlappedResult(static_cast<SOCKET>(o.handle), &st.ov, &n, FALSE, &flags)) {
        error = ::WSAGetLastError();
      }
    } else {
      DWORD n = 0;
      if (!::GetOverlappedResult(reinterpret_cast<HANDLE>(o.handle), &st.ov, &n, FALSE)) {
        error = static_cast<int>(::GetLastError());
      }
    }
    if (error == ERROR_OPERATION_ABORTED || error == WSA_OPERATION_ABORTED) {
      r.canceled = true;
    } else if (error == ERROR_HANDLE_EOF && o.opcode == IoOpcode::ReadAt) {
      r.value = 0;
    } else if (error != 0) {
      if (o.opcode == IoOpcode::Accept && (error == WSAECONNRESET || error == ERROR_NETNAME_DELETED)) {
        ::closesocket(st.accept_socket);
        st.accept_socket = INVALID_SOCKET;
        r.error = kRetry;
        return r;
      }
      r.error = error;
    } else {
      r.value = bytes;
    }
    if (o.opcode == IoOpcode::Accept) {
      const SOCKET accepted = st.accept_socket;
      st.accept_socket = INVALID_SOCKET;
      if (r.canceled || r.error != 0) {
        ::closesocket(accepted);
      } else {
        // Gives the accepted socket its addresses (getpeername) and options.
        const SOCKET listener = static_cast<SOCKET>(o.handle);
        if (::setsockopt(accepted, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, reinterpret_cast<const char*>(&listener),
                         sizeof listener) != 0) {
          r.error = ::WSAGetLastError();
          ::closesocket(accepted);
        } else {
          r.value = static_cast<std::int64_t>(accepted);
        }
      }
    } else if (o.opcode == IoOpcode::Connect && !r.canceled && r.error == 0) {
      r.value = 0;
      if (::setsockopt(static_cast<SOCKET>(o.handle), SOL_SOCKET, SO_UPDATE_CONNECT_CONTEXT, nullptr, 0) != 0) {
        r.error = ::WSAGetLastError();
      }
    }
    return r;
  }

  HANDLE port_ = nullptr;
  LPFN_ACCEPTEX accept_ex_ = nullptr;
  LPFN_CONNECTEX connect_ex_ = nullptr;
  std::mutex mutex_;
  std::unordered_map<OVERLAPPED*, std::shared_ptr<IoOperation>> inflight_;
  std::atomic<std::size_t> pending_{0};
  std::atomic<std::size_t> associated_{0};
};

}  // namespace

std::unique_ptr<ReactorBackend> CreateIocpReactor() { return std::make_unique<IocpReactor>(); }

}  // namespace detail
}  // namespace io
}  // namespace async

#endif  // _WIN32
