// async/net/socket_exception.h: System.Net.Sockets.SocketException and SocketError.
#pragma once

#include <string>

#include <async/exceptions.h>

namespace async {
namespace net {

// System.Net.Sockets.SocketError: the portable meaning of an OS error
// (.NET's values, which are the WSA codes).
enum class SocketError : int {
  Success = 0,
  OperationAborted = 995,      // the socket was closed with the operation pending
  IOPending = 997,
  Interrupted = 10004,
  AccessDenied = 10013,
  Fault = 10014,
  InvalidArgument = 10022,
  TooManyOpenSockets = 10024,  // EMFILE / ENFILE
  WouldBlock = 10035,
  InProgress = 10036,
  AlreadyInProgress = 10037,
  NotSocket = 10038,
  MessageSize = 10040,
  AddressFamilyNotSupported = 10047,
  AddressAlreadyInUse = 10048,
  AddressNotAvailable = 10049,
  NetworkDown = 10050,
  NetworkUnreachable = 10051,
  ConnectionAborted = 10053,
  ConnectionReset = 10054,     // ECONNRESET, EPIPE
  NoBufferSpaceAvailable = 10055,
  IsConnected = 10056,
  NotConnected = 10057,
  Shutdown = 10058,
  TimedOut = 10060,
  ConnectionRefused = 10061,
  HostUnreachable = 10065,
  SocketError = -1,            // any other error
};

// Maps an OS error code (errno on POSIX, WSA error on Windows) to SocketError.
SocketError SocketErrorFromNative(int nativeErrorCode) noexcept;

// System.Net.Sockets.SocketException. .NET derives it from Win32Exception;
// here it derives from the runtime's exception base. NativeErrorCode() is
// the OS code (errno / WSA error); SocketErrorCode() its portable meaning;
// ErrorCode() is (int)SocketErrorCode() as in .NET.
class SocketException : public async::detail::ExceptionWithMessage {
 public:
  // The message is the OS's text for the error (strerror / FormatMessage).
  explicit SocketException(int nativeErrorCode);
  SocketException(int nativeErrorCode, std::string message);
  // A SocketException for a portable error with no OS code (OperationAborted).
  explicit SocketException(net::SocketError error);

  int NativeErrorCode() const noexcept { return native_; }
  net::SocketError SocketErrorCode() const noexcept { return error_; }
  int ErrorCode() const noexcept { return static_cast<int>(error_); }

 private:
  int native_;
  net::SocketError error_;
};

}  // namespace net
}  // namespace async
