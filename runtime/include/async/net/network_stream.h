// async/net/network_stream.h: System.Net.Sockets.NetworkStream.
#pragma once

#include <cstddef>
#include <string_view>

#include <async/cancellation.h>
#include <async/net/socket.h>
#include <async/task.h>
#include <async/value_task.h>

namespace async {
namespace net {

// A stream over a connected socket (a shared handle, as the socket). .NET
// wraps socket errors in IOException; we throw the SocketException itself
// (so the error code is one catch away). Cancellation: see socket.h.
class NetworkStream {
 public:
  NetworkStream() noexcept = default;
  explicit NetworkStream(net::Socket socket) noexcept : socket_(std::move(socket)) {}

  // Up to `count` bytes; 0 on end of stream. SocketException on error.
  Task<std::size_t> ReadAsync(void* buffer, std::size_t count, CancellationToken ct = {}) const {
    return socket_.ReceiveAsync(buffer, count, std::move(ct));
  }
  // Writes all bytes (partial sends continue until done). The buffer must
  // stay valid until the task completes.
  Task<> WriteAsync(const void* buffer, std::size_t count, CancellationToken ct = {}) const {
    return socket_.SendAllAsync(buffer, count, std::move(ct));
  }
  Task<> WriteAsync(std::string_view data, CancellationToken ct = {}) const {
    return socket_.SendAllAsync(data.data(), data.size(), std::move(ct));
  }
  // Shutdown(Send): the peer reads end of stream; this side can still read.
  void Shutdown(SocketShutdown how) const { socket_.Shutdown(how); }
  // Completed at once: shutdown(2) does not wait (kept async for callers
  // that treat it as a flush point, as .NET's Stream APIs do).
  Task<> ShutdownAsync(SocketShutdown how = SocketShutdown::Send, CancellationToken ct = {}) const;
  // Closes the socket.
  void Close() const noexcept { socket_.Close(); }
  // IAsyncDisposable (Stream.DisposeAsync): closes the socket; completes at once.
  ValueTask<> DisposeAsync() const noexcept {
    Close();
    return ValueTask<>();
  }

  const net::Socket& Socket() const noexcept { return socket_; }

 private:
  net::Socket socket_;
};

}  // namespace net
}  // namespace async
