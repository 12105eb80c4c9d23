// Winsock socket calls (Windows). Sockets are created overlapped (for the
// IOCP reactor) and not inheritable (the close-on-exec of POSIX).
#if defined(_WIN32)

#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>

#include <mutex>
#include <string>

#include <async/net/socket_exception.h>

#include "socket_ops.h"
#include "win_common.h"

namespace async {
namespace net {
namespace detail {

namespace {
int NativeFamily(net::AddressFamily f) { return f == net::AddressFamily::InterNetworkV6 ? AF_INET6 : AF_INET; }
SOCKET S(io::NativeHandle h) { return static_cast<SOCKET>(h); }
[[noreturn]] void ThrowLast() { throw SocketException(::WSAGetLastError()); }

struct Winsock {
  Winsock() {
    WSADATA data;
    error = ::WSAStartup(MAKEWORD(2, 2), &data);
  }
  ~Winsock() {
    if (error == 0) ::WSACleanup();
  }
  int error;
};
}  // namespace

void EnsureWinsock() {
  static Winsock winsock;  // thread-safe initialization, cleaned up at exit
  if (winsock.error != 0) throw SocketException(winsock.error);
}

io::NativeHandle CreateStreamSocket(net::AddressFamily family, bool nonblocking) {
  EnsureWinsock();
  SOCKET s = ::WSASocketW(NativeFamily(family), SOCK_STREAM, IPPROTO_TCP, nullptr, 0,
                          WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
  if (s == INVALID_SOCKET) ThrowLast();
  if (nonblocking) {
    u_long on = 1;
    if (::ioctlsocket(s, FIONBIO, &on) != 0) {
      const int e = ::WSAGetLastError();
      ::closesocket(s);
      throw SocketException(e);
    }
  }
  return static_cast<io::NativeHandle>(s);
}

void CloseSocket(io::NativeHandle h) noexcept {
  if (h != io::kInvalidHandle) ::closesocket(S(h));
}

// AcceptEx's socket was created overlapped and blocking, which is what the
// IOCP reactor wants; a readiness backend would want it non-blocking.
void PrepareAccepted(io::NativeHandle h, bool nonblocking) {
  if (!nonblocking) return;
  u_long on = 1;
  if (::ioctlsocket(S(h), FIONBIO, &on) != 0) ThrowLast();
}

void BindSocket(io::NativeHandle h, const IPEndPoint& endpoint) {
  sockaddr_storage ss{};
  std::size_t len = endpoint.ToNative(&ss, sizeof ss);
  if (::bind(S(h), reinterpret_cast<sockaddr*>(&ss), static_cast<int>(len)) != 0) ThrowLast();
}

void ListenSocket(io::NativeHandle h, int backlog) {
  if (::listen(S(h), backlog) != 0) ThrowLast();
}

IPEndPoint LocalEndPointOf(io::NativeHandle h) {
  sockaddr_storage ss{};
  int len = sizeof ss;
  if (::getsockname(S(h), reinterpret_cast<sockaddr*>(&ss), &len) != 0) ThrowLast();
  return IPEndPoint::FromNative(&ss, static_cast<std::size_t>(len));
}

IPEndPoint RemoteEndPointOf(io::NativeHandle h) {
  sockaddr_storage ss{};
  int len = sizeof ss;
  if (::getpeername(S(h), reinterpret_cast<sockaddr*>(&ss), &len) != 0) ThrowLast();
  return IPEndPoint::FromNative(&ss, static_cast<std::size_t>(len));
}

void ShutdownSocket(io::NativeHandle h, SocketShutdown how) {
  int native = how == SocketShutdown::Receive ? SD_RECEIVE : how == SocketShutdown::Send ? SD_SEND : SD_BOTH;
  if (::shutdown(S(h), native) != 0) ThrowLast();
}

void SetNoDelay(io::NativeHandle h, bool on) {
  BOOL v = on ? TRUE : FALSE;
  if (::setsockopt(S(h), IPPROTO_TCP, TCP_NODELAY, reinterpret_cast<const char*>(&v), sizeof v) != 0) ThrowLast();
}

void SetLingerZero(io::NativeHandle h) {
  linger l{};
  l.l_onoff = 1;
  l.l_linger = 0;
  if (::setsockopt(S(h), SOL_SOCKET, SO_LINGER, reinterpret_cast<const char*>(&l), sizeof l) != 0) ThrowLast();
}

// TcpListener calls this before Bind. On POSIX SO_REUSEADDR lets a listener
// bind a port that still has connections in TIME_WAIT (what .NET's Unix
// PAL sets for every TCP socket, to behave as Windows does). On Windows a
// listener can bind such a port without any option, and SO_REUSEADDR means
// something else (another socket may bind the same address and steal its
// connections), so .NET leaves it off there and so do we: nothing to set.
void SetReuseAddress(io::NativeHandle h) { (void)h; }

std::string SocketErrorMessage(int e) { return io::detail::WindowsErrorMessage(e); }

}  // namespace detail

// The WSA codes are SocketError's values; the Win32 codes an overlapped
// operation may report (GetOverlappedResult's, when WSAGetOverlappedResult
// did not translate them) are mapped as Winsock would map them.
SocketError SocketErrorFromNative(int e) noexcept {
  switch (e) {
    case 0: return SocketError::Success;
    case ERROR_OPERATION_ABORTED: return SocketError::OperationAborted;
    case ERROR_IO_PENDING: return SocketError::IOPending;
    case ERROR_NETNAME_DELETED: return SocketError::ConnectionReset;
    case ERROR_CONNECTION_REFUSED: return SocketError::ConnectionRefused;
    case ERROR_CONNECTION_ABORTED: return SocketError::ConnectionAborted;
    case ERROR_NETWORK_UNREACHABLE: return SocketError::NetworkUnreachable;
    case ERROR_HOST_UNREACHABLE: return SocketError::HostUnreachable;
    case ERROR_SEM_TIMEOUT: return SocketError::TimedOut;
    case ERROR_NOT_ENOUGH_MEMORY: case ERROR_OUTOFMEMORY: return SocketError::NoBufferSpaceAvailable;
    case ERROR_ACCESS_DENIED: return SocketError::AccessDenied;
    case ERROR_INVALID_HANDLE: return SocketError::NotSocket;
    case WSAEINTR: return SocketError::Interrupted;
    case WSAEACCES: return SocketError::AccessDenied;
    case WSAEFAULT: return SocketError::Fault;
    case WSAEINVAL: return SocketError::InvalidArgument;
    case WSAEMFILE: return SocketError::TooManyOpenSockets;
    case WSAEWOULDBLOCK: return SocketError::WouldBlock;
    case WSAEINPROGRESS: return SocketError::InProgress;
    case WSAEALREADY: return SocketError::AlreadyInProgress;
    case WSAENOTSOCK: return SocketError::NotSocket;
    case WSAEMSGSIZE: return SocketError::MessageSize;
    case WSAEAFNOSUPPORT: return SocketError::AddressFamilyNotSupported;
    case WSAEADDRINUSE: return SocketError::AddressAlreadyInUse;
    case WSAEADDRNOTAVAIL: return SocketError::AddressNotAvailable;
    case WSAENETDOWN: return SocketError::NetworkDown;
    case WSAENETUNREACH: return SocketError::NetworkUnreachable;
    case WSAECONNABORTED: return SocketError::ConnectionAborted;
    case WSAECONNRESET: return SocketError::ConnectionReset;
    case WSAENOBUFS: return SocketError::NoBufferSpaceAvailable;
    case WSAEISCONN: return SocketError::IsConnected;
    case WSAENOTCONN: return SocketError::NotConnected;
    case WSAESHUTDOWN: return SocketError::Shutdown;
    case WSAETIMEDOUT: return SocketError::TimedOut;
    case WSAECONNREFUSED: return SocketError::ConnectionRefused;
    case WSAEHOSTUNREACH: return SocketError::HostUnreachable;
    default: return SocketError::SocketError;
  }
}

}  // namespace net

namespace io {
namespace detail {

std::string WindowsErrorMessage(int code) {
  char* text = nullptr;
  const DWORD n = ::FormatMessageA(
      FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr,
      static_cast<DWORD>(code), MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT), reinterpret_cast<char*>(&text), 0,
      nullptr);
  std::string s;
  if (n != 0 && text != nullptr) {
    s.assign(text, n);
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ' || s.back() == '.')) s.pop_back();
  } else {
    s = "Unknown error " + std::to_string(code);
  }
  if (text != nullptr) ::LocalFree(text);
  return s;
}

}  // namespace detail
}  // namespace io
}  // namespace async

#endif  // _WIN32
