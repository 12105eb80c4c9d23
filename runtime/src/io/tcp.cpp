// TcpClient and TcpListener: thin .NET-shaped wrappers over Socket.
#include <async/net/tcp_client.h>
#include <async/net/tcp_listener.h>

#include <mutex>

#include <async/exceptions.h>
#include <async/task_completion_source.h>

#include "socket_ops.h"

namespace async {
namespace net {

// ---- TcpClient ---------------------------------------------------------------

struct TcpClient::State {
  std::mutex mutex;
  Socket socket;
  bool connected = false;
};

TcpClient::TcpClient() : state_(std::make_shared<State>()) {}

TcpClient::TcpClient(Socket connected) : TcpClient() {
  state_->socket = std::move(connected);
  state_->connected = state_->socket.IsValid();
}

Task<> TcpClient::ConnectAsync(const IPEndPoint& endpoint, CancellationToken ct) const {
  Socket socket;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    if (state_->connected) throw InvalidOperationException("The client is already connected.");
    if (!state_->socket.IsValid() || state_->socket.IsClosed()) state_->socket = Socket(endpoint.AddressFamily());
    socket = state_->socket;
  }
  Task<> connect = socket.ConnectAsync(endpoint, ct);
  TaskCompletionSource<> tcs(TaskCreationOptions::RunContinuationsAsynchronously);
  Task<> result = tcs.Task();
  std::weak_ptr<State> weak = state_;
  // Runs on whatever thread completes `connect` (no user code): records the
  // outcome, then completes the caller's task asynchronously.
  connect.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(
      Continuation([connect, tcs, weak, socket]() mutable {
        auto state = weak.lock();
        if (connect.IsCompletedSuccessfully()) {
          if (state) {
            std::lock_guard<std::mutex> lock(state->mutex);
            if (state->socket == socket) state->connected = true;
          }
          tcs.TrySetResult();
          return;
        }
        // Canceled or failed: .NET disposes the socket; we close it and
        // the next ConnectAsync makes a fresh one.
        socket.Close();
        try {
          connect.GetAwaiter().GetResult();
        } catch (const OperationCanceledException& e) {
          tcs.TrySetCanceled(e.CancellationToken());
          return;
        } catch (...) {
          tcs.TrySetException(std::current_exception());
          return;
        }
      }));
  return result;
}

bool TcpClient::Connected() const noexcept {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->connected && !state_->socket.IsClosed();
}

NetworkStream TcpClient::GetStream() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  if (state_->socket.IsValid() && state_->socket.IsClosed())
    throw ObjectDisposedException("Cannot access a disposed object. Object name: 'TcpClient'.");
  if (!state_->connected) throw InvalidOperationException("The operation is not allowed on non-connected sockets.");
  return NetworkStream(state_->socket);
}

Socket TcpClient::Client() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->socket;
}

void TcpClient::SetNoDelay(bool noDelay) const { Client().SetNoDelay(noDelay); }

void TcpClient::Close() const noexcept {
  Socket socket;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    socket = state_->socket;
    state_->connected = false;
  }
  socket.Close();
}

// ---- TcpListener -------------------------------------------------------------

struct TcpListener::State {
  std::mutex mutex;
  IPEndPoint endpoint;
  Socket server;
};

TcpListener::TcpListener(const IPEndPoint& localEndpoint) : state_(std::make_shared<State>()) {
  state_->endpoint = localEndpoint;
}

void TcpListener::Start(int backlog) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  if (state_->server.IsValid() && !state_->server.IsClosed()) return;  // .NET: no-op when active
  Socket s(state_->endpoint.AddressFamily());
  try {
    detail::SetReuseAddress(s.Handle());
    s.Bind(state_->endpoint);
    s.Listen(backlog);
  } catch (...) {
    s.Close();
    throw;
  }
  state_->server = s;
}

void TcpListener::Stop() noexcept {
  Socket s;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    s = std::move(state_->server);
    state_->server = Socket();
  }
  s.Close();
}

IPEndPoint TcpListener::LocalEndpoint() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  if (state_->server.IsValid() && !state_->server.IsClosed()) return state_->server.LocalEndPoint();
  return state_->endpoint;
}

bool TcpListener::Active() const noexcept {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->server.IsValid() && !state_->server.IsClosed();
}

Socket TcpListener::Server() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->server;
}

Task<Socket> TcpListener::AcceptAsync(CancellationToken ct) const {
  Socket s = Server();
  if (!s.IsValid()) throw InvalidOperationException("Not listening. You must call the Start() method before calling this method.");
  return s.AcceptAsync(std::move(ct));
}

Task<TcpClient> TcpListener::AcceptTcpClientAsync(CancellationToken ct) const {
  Task<Socket> accept = AcceptAsync(std::move(ct));
  TaskCompletionSource<TcpClient> tcs(TaskCreationOptions::RunContinuationsAsynchronously);
  Task<TcpClient> result = tcs.Task();
  accept.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(Continuation([accept, tcs]() mutable {
    try {
      tcs.TrySetResult(TcpClient(accept.GetAwaiter().GetResult()));
    } catch (const OperationCanceledException& e) {
      tcs.TrySetCanceled(e.CancellationToken());
    } catch (...) {
      tcs.TrySetException(std::current_exception());
    }
  }));
  return result;
}

}  // namespace net
}  // namespace async
