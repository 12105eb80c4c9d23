// async/net/socket.h: System.Net.Sockets.Socket (TCP stream sockets only).
//
// A shared handle (a .NET reference: copies share one socket). The socket
// is closed by Close() or when the last handle and the last pending
// operation are gone. Every operation is asynchronous through the process
// reactor (async/io/reactor.h); none blocks a thread while it waits.
//
// Buffers: the caller keeps a buffer valid until the operation's task has
// completed (as .NET pins a Memory<byte>); a canceled operation's task
// completes only after the backend has let go of the buffer.
//
// Cancellation (every operation takes a token):
//   AcceptAsync / ReceiveAsync: the pending operation is removed from the
//     reactor and the task is canceled (OperationCanceledException with the
//     token). No connection or byte is lost: if the connection or the data
//     arrived first, the task completes with it instead. The socket stays
//     usable. (.NET 5+: the same for Socket.AcceptAsync/ReceiveAsync.)
//   SendAsync: a send still waiting for buffer space is removed and
//     canceled; bytes already handed to the kernel stay sent, so after a
//     canceled SendAsync the stream position is unknown (.NET: the same).
//   ConnectAsync: .NET closes the socket. We close the half-open socket as
//     well; TcpClient creates a fresh one on its next ConnectAsync.
// Close() with operations pending completes them with
// SocketException(OperationAborted) (.NET: the same, or
// ObjectDisposedException for operations started after Close).
#pragma once

#include <cstddef>
#include <memory>

#include <async/cancellation.h>
#include <async/io/reactor.h>
#include <async/net/ip_endpoint.h>
#include <async/net/socket_exception.h>
#include <async/task.h>
#include <async/value_task.h>

namespace async {
namespace net {

// System.Net.Sockets.SocketShutdown
enum class SocketShutdown { Receive = 0, Send = 1, Both = 2 };

namespace detail {
class SocketImpl;
}  // namespace detail

class Socket {
 public:
  // An empty handle (IsValid() false).
  Socket() noexcept = default;
  // new Socket(family, SocketType.Stream, ProtocolType.Tcp). Throws SocketException.
  explicit Socket(net::AddressFamily family);

  bool IsValid() const noexcept { return static_cast<bool>(impl_); }
  net::AddressFamily AddressFamily() const;

  // Synchronous setup, as in .NET. Throw SocketException.
  void Bind(const IPEndPoint& endpoint) const;
  void Listen(int backlog = 128) const;
  IPEndPoint LocalEndPoint() const;
  IPEndPoint RemoteEndPoint() const;
  void SetNoDelay(bool noDelay) const;
  // SO_LINGER with timeout 0: Close() then resets the connection (RST).
  void SetLingerZero() const;
  // Socket.Shutdown(how): synchronous (shutdown(2) never blocks).
  void Shutdown(SocketShutdown how) const;

  // Socket.AcceptAsync(ct): the accepted socket. SocketException on error
  // (TooManyOpenSockets on EMFILE: the listener stays usable).
  Task<Socket> AcceptAsync(CancellationToken ct = {}) const;
  // Socket.ConnectAsync(endpoint, ct). SocketException (ConnectionRefused, ...).
  Task<> ConnectAsync(const IPEndPoint& endpoint, CancellationToken ct = {}) const;
  // Socket.ReceiveAsync: up to `count` bytes; 0 at end of stream (the peer
  // shut down sending). SocketException (ConnectionReset, ...).
  Task<std::size_t> ReceiveAsync(void* buffer, std::size_t count, CancellationToken ct = {}) const;
  // Socket.SendAsync: one send; the result may be less than `count`.
  Task<std::size_t> SendAsync(const void* buffer, std::size_t count, CancellationToken ct = {}) const;
  // Sends all `count` bytes (NetworkStream.WriteAsync's loop).
  Task<> SendAllAsync(const void* buffer, std::size_t count, CancellationToken ct = {}) const;

  // Socket.Close / Dispose: idempotent; pending operations complete with
  // SocketException(OperationAborted), later ones throw ObjectDisposedException.
  void Close() const noexcept;
  // IAsyncDisposable: Close(); completes at once.
  ValueTask<> DisposeAsync() const noexcept {
    Close();
    return ValueTask<>();
  }
  bool IsClosed() const noexcept;
  // The OS handle (kInvalidHandle after Close).
  io::NativeHandle Handle() const noexcept;

  friend bool operator==(const Socket& a, const Socket& b) noexcept { return a.impl_ == b.impl_; }
  friend bool operator!=(const Socket& a, const Socket& b) noexcept { return !(a == b); }

 private:
  friend class detail::SocketImpl;
  explicit Socket(std::shared_ptr<detail::SocketImpl> impl) noexcept : impl_(std::move(impl)) {}
  detail::SocketImpl& Impl() const;
  std::shared_ptr<detail::SocketImpl> impl_;
};

}  // namespace net
}  // namespace async
