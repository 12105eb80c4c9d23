// async/net/tcp_client.h: System.Net.Sockets.TcpClient.
#pragma once

#include <memory>

#include <async/cancellation.h>
#include <async/net/ip_endpoint.h>
#include <async/net/network_stream.h>
#include <async/net/socket.h>
#include <async/task.h>
#include <async/value_task.h>

namespace async {
namespace net {

// A shared handle to a TCP connection (copies share it).
class TcpClient {
 public:
  // Not connected; the socket is created by ConnectAsync for the endpoint's family.
  TcpClient();
  // Wraps a connected socket (what TcpListener::AcceptTcpClientAsync returns).
  explicit TcpClient(net::Socket connected);

  // TcpClient.ConnectAsync(endpoint, ct). SocketException on failure. On
  // cancellation (OperationCanceledException) the half-open socket is
  // closed and the client may ConnectAsync again. InvalidOperationException
  // when already connected.
  Task<> ConnectAsync(const IPEndPoint& endpoint, CancellationToken ct = {}) const;
  bool Connected() const noexcept;
  // GetStream(): InvalidOperationException when not connected.
  NetworkStream GetStream() const;
  // The socket (TcpClient.Client); empty before ConnectAsync.
  net::Socket Client() const;
  void SetNoDelay(bool noDelay) const;
  // Close / Dispose: closes the socket.
  void Close() const noexcept;
  // IAsyncDisposable: Close(); completes at once.
  ValueTask<> DisposeAsync() const noexcept {
    Close();
    return ValueTask<>();
  }

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace net
}  // namespace async
