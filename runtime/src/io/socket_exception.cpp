// SocketException's constructors.
#include <async/net/socket_exception.h>

#include "socket_ops.h"

namespace async {
namespace net {

SocketException::SocketException(int nativeErrorCode)
    : SocketException(nativeErrorCode, detail::SocketErrorMessage(nativeErrorCode)) {}

SocketException::SocketException(int nativeErrorCode, std::string message)
    : ExceptionWithMessage(std::move(message)),
      native_(nativeErrorCode),
      error_(SocketErrorFromNative(nativeErrorCode)) {}

SocketException::SocketException(net::SocketError error)
    : ExceptionWithMessage(error == SocketError::OperationAborted
                               ? "The I/O operation has been aborted because of either a thread exit or an "
                                 "application request."
                               : "A socket error occurred."),
      native_(0),
      error_(error) {}

}  // namespace net
}  // namespace async
