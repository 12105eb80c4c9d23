// POSIX socket calls (Linux and other Unix-likes).
#if !defined(_WIN32)

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <async/net/socket_exception.h>

#include "socket_ops.h"

namespace async {
namespace net {
namespace detail {

namespace {
int NativeFamily(net::AddressFamily f) { return f == net::AddressFamily::InterNetworkV6 ? AF_INET6 : AF_INET; }

void SetNonBlocking(int fd, bool on) {
  int flags = ::fcntl(fd, F_GETFL, 0);
  if (flags < 0) throw SocketException(errno);
  flags = on ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK);
  if (::fcntl(fd, F_SETFL, flags) < 0) throw SocketException(errno);
}
}  // namespace

io::NativeHandle CreateStreamSocket(net::AddressFamily family, bool nonblocking) {
  int type = SOCK_STREAM | SOCK_CLOEXEC;
  if (nonblocking) type |= SOCK_NONBLOCK;
  int fd = ::socket(NativeFamily(family), type, IPPROTO_TCP);
  if (fd < 0) throw SocketException(errno);
  return fd;
}

void CloseSocket(io::NativeHandle h) noexcept {
  if (h >= 0) ::close(h);
}

void PrepareAccepted(io::NativeHandle h, bool nonblocking) {
  // epoll accepts with SOCK_NONBLOCK already; io_uring wants blocking mode.
  int flags = ::fcntl(h, F_GETFL, 0);
  if (flags < 0) throw SocketException(errno);
  if (((flags & O_NONBLOCK) != 0) != nonblocking) SetNonBlocking(h, nonblocking);
}

void BindSocket(io::NativeHandle h, const IPEndPoint& endpoint) {
  sockaddr_storage ss{};
  std::size_t len = endpoint.ToNative(&ss, sizeof ss);
  if (::bind(h, reinterpret_cast<sockaddr*>(&ss), static_cast<socklen_t>(len)) < 0) throw SocketException(errno);
}

void ListenSocket(io::NativeHandle h, int backlog) {
  if (::listen(h, backlog) < 0) throw SocketException(errno);
}

IPEndPoint LocalEndPointOf(io::NativeHandle h) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (::getsockname(h, reinterpret_cast<sockaddr*>(&ss), &len) < 0) throw SocketException(errno);
  return IPEndPoint::FromNative(&ss, len);
}

IPEndPoint RemoteEndPointOf(io::NativeHandle h) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (::getpeername(h, reinterpret_cast<sockaddr*>(&ss), &len) < 0) throw SocketException(errno);
  return IPEndPoint::FromNative(&ss, len);
}

void ShutdownSocket(io::NativeHandle h, SocketShutdown how) {
  int native = how == SocketShutdown::Receive ? SHUT_RD : how == SocketShutdown::Send ? SHUT_WR : SHUT_RDWR;
  if (::shutdown(h, native) < 0) throw SocketException(errno);
}

void SetNoDelay(io::NativeHandle h, bool on) {
  int v = on ? 1 : 0;
  if (::setsockopt(h, IPPROTO_TCP, TCP_NODELAY, &v, sizeof v) < 0) throw SocketException(errno);
}

void SetLingerZero(io::NativeHandle h) {
  linger l{};
  l.l_onoff = 1;
  l.l_linger = 0;
  if (::setsockopt(h, SOL_SOCKET, SO_LINGER, &l, sizeof l) < 0) throw SocketException(errno);
}

void SetReuseAddress(io::NativeHandle h) {
  int v = 1;
  if (::setsockopt(h, SOL_SOCKET, SO_REUSEADDR, &v, sizeof v) < 0) throw SocketException(errno);
}

std::string SocketErrorMessage(int e) {
  char buf[256];
  // GNU strerror_r returns the message pointer; XSI returns an int.
  auto r = ::strerror_r(e, buf, sizeof buf);
  if constexpr (std::is_same_v<decltype(r), char*>) {
    return std::string(r);
  } else {
    return r == 0 ? std::string(buf) : "Unknown error " + std::to_string(e);
  }
}

}  // namespace detail

SocketError SocketErrorFromNative(int e) noexcept {
  switch (e) {
    case 0: return SocketError::Success;
    case ECANCELED: return SocketError::OperationAborted;
    case EINTR: return SocketError::Interrupted;
    case EACCES: case EPERM: return SocketError::AccessDenied;
    case EFAULT: return SocketError::Fault;
    case EINVAL: return SocketError::InvalidArgument;
    case EMFILE: case ENFILE: return SocketError::TooManyOpenSockets;
    case EAGAIN: return SocketError::WouldBlock;
    case EINPROGRESS: return SocketError::InProgress;
    case EALREADY: return SocketError::AlreadyInProgress;
    case ENOTSOCK: case EBADF: return SocketError::NotSocket;
    case EMSGSIZE: return SocketError::MessageSize;
    case EAFNOSUPPORT: return SocketError::AddressFamilyNotSupported;
    case EADDRINUSE: return SocketError::AddressAlreadyInUse;
    case EADDRNOTAVAIL: return SocketError::AddressNotAvailable;
    case ENETDOWN: return SocketError::NetworkDown;
    case ENETUNREACH: return SocketError::NetworkUnreachable;
    case ECONNABORTED: return SocketError::ConnectionAborted;
    case ECONNRESET: case EPIPE: return SocketError::ConnectionReset;
    case ENOBUFS: case ENOMEM: return SocketError::NoBufferSpaceAvailable;
    case EISCONN: return SocketError::IsConnected;
    case ENOTCONN: return SocketError::NotConnected;
    case ESHUTDOWN: return SocketError::Shutdown;
    case ETIMEDOUT: return SocketError::TimedOut;
    case ECONNREFUSED: return SocketError::ConnectionRefused;
    case EHOSTUNREACH: return SocketError::HostUnreachable;
    default: return SocketError::SocketError;
  }
}

}  // namespace net
}  // namespace async

#endif  // !_WIN32
