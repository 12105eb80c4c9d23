// async/net/tcp_listener.h: System.Net.Sockets.TcpListener.
#pragma once

#include <memory>

#include <async/cancellation.h>
#include <async/net/ip_endpoint.h>
#include <async/net/socket.h>
#include <async/net/tcp_client.h>
#include <async/task.h>
#include <async/value_task.h>

namespace async {
namespace net {

// A shared handle to a listening socket.
class TcpListener {
 public:
  explicit TcpListener(const IPEndPoint& localEndpoint);

  // Creates, binds (SO_REUSEADDR) and listens. SocketException on failure.
  void Start(int backlog = 128);
  // Closes the listening socket; pending accepts complete with
  // SocketException(OperationAborted). Start() may be called again.
  void Stop() noexcept;
  // IAsyncDisposable: Stop(); completes at once.
  ValueTask<> DisposeAsync() noexcept {
    Stop();
    return ValueTask<>();
  }
  // The bound endpoint (the real port after binding port 0). Before Start:
  // the endpoint given to the constructor.
  IPEndPoint LocalEndpoint() const;
  bool Active() const noexcept;

  // AcceptSocketAsync / AcceptAsync(ct): the next connection.
  // InvalidOperationException before Start. SocketException on errors
  // (TooManyOpenSockets on EMFILE: the listener keeps serving).
  // Canceled: the accept is removed from the reactor, no connection lost.
  Task<Socket> AcceptAsync(CancellationToken ct = {}) const;
  Task<Socket> AcceptSocketAsync(CancellationToken ct = {}) const { return AcceptAsync(std::move(ct)); }
  Task<TcpClient> AcceptTcpClientAsync(CancellationToken ct = {}) const;

  // The listening socket (TcpListener.Server); empty before Start.
  net::Socket Server() const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace net
}  // namespace async
