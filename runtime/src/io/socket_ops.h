// Runtime-internal: the platform's socket calls (posix_socket_ops.cpp;
// Windows: win_socket_ops.cpp). All throw SocketException.
#pragma once

#include <string>

#include <async/io/reactor.h>
#include <async/net/ip_endpoint.h>
#include <async/net/socket.h>

namespace async {
namespace net {
namespace detail {

io::NativeHandle CreateStreamSocket(net::AddressFamily family, bool nonblocking);
void CloseSocket(io::NativeHandle h) noexcept;
void PrepareAccepted(io::NativeHandle h, bool nonblocking);
void BindSocket(io::NativeHandle h, const IPEndPoint& endpoint);
void ListenSocket(io::NativeHandle h, int backlog);
IPEndPoint LocalEndPointOf(io::NativeHandle h);
IPEndPoint RemoteEndPointOf(io::NativeHandle h);
void ShutdownSocket(io::NativeHandle h, SocketShutdown how);
void SetNoDelay(io::NativeHandle h, bool on);
void SetLingerZero(io::NativeHandle h);
void SetReuseAddress(io::NativeHandle h);
// The OS's text for an error code.
std::string SocketErrorMessage(int native_error);

}  // namespace detail
}  // namespace net
}  // namespace async
