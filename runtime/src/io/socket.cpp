// Socket: the OS socket, its reactor registration, and its asynchronous
// operations (portable; the OS calls are in socket_ops.h).
#include <async/net/socket.h>

#include <cstring>
#include <mutex>

#include <async/net/network_stream.h>
#include <async/task_completion_source.h>

#include "pending_call.h"
#include "socket_ops.h"

namespace async {
namespace net {
namespace detail {

using io::detail::PendingCall;

std::exception_ptr MakeSocketError(int code) {
  if (code == io::detail::kAbortedByClose)
    return std::make_exception_ptr(SocketException(SocketError::OperationAborted));
  return std::make_exception_ptr(SocketException(code));
}

class SocketImpl : public std::enable_shared_from_this<SocketImpl> {
 public:
  SocketImpl(std::shared_ptr<io::Reactor> reactor, io::NativeHandle h, net::AddressFamily family)
      : reactor_(std::move(reactor)), handle_(h), family_(family), guard_([this] { Release(); }) {
    try {
      registration_ = reactor_->Associate(h);
      registration_raw_ = registration_.get();
    } catch (...) {
      CloseSocket(h);
      handle_ = io::kInvalidHandle;
      throw;
    }
  }
  ~SocketImpl() { guard_.ReleaseNow(); }

  // A new socket on the current reactor.
  static std::shared_ptr<SocketImpl> Create(net::AddressFamily family) {
    auto reactor = io::GetReactor();
    io::NativeHandle h = CreateStreamSocket(family, reactor->WantsNonBlockingSockets());
    return std::make_shared<SocketImpl>(std::move(reactor), h, family);
  }

  io::NativeHandle Handle() const {
    if (guard_.IsClosed()) throw ObjectDisposedException("Cannot access a disposed object. Object name: 'Socket'.");
    return handle_;
  }
  io::NativeHandle RawHandle() const noexcept { return guard_.IsClosed() ? io::kInvalidHandle : handle_; }
  net::AddressFamily Family() const noexcept { return family_; }
  const std::shared_ptr<io::Reactor>& Reactor() const noexcept { return reactor_; }

  void Close() noexcept { guard_.Close(); }
  bool IsClosed() const noexcept { return guard_.IsClosed(); }

  std::shared_ptr<io::IoOperation> MakeOp(io::IoOpcode code, void* buffer, std::size_t length) {
    auto op = std::make_shared<io::IoOperation>();
    op->opcode = code;
    op->handle = handle_;
    // The immutable copy: Close() on another thread may be releasing
    // registration_ right now (an op made then is discarded: Start fails
    // on the closed guard, so the pointer is never used).
    op->registration = registration_raw_;
    op->buffer = buffer;
    op->length = length;
    op->address_family = family_ == net::AddressFamily::InterNetworkV6 ? 23 : 2;
    return op;
  }

  // Starts a one-step call completing `tcs` through `finish`.
  template <class T, class Finish>
  Task<T> Run(std::shared_ptr<io::IoOperation> op, CancellationToken ct, Finish finish) {
    if (ct.IsCancellationRequested()) return FromCanceled<T>(ct);
    TaskCompletionSource<T> tcs(TaskCreationOptions::RunContinuationsAsynchronously);
    Task<T> task = tcs.Task();
    auto call = std::make_shared<PendingCall>(
        reactor_, &guard_, shared_from_this(), ct, &MakeSocketError,
        [tcs, finish](PendingCall& c, const io::IoResult& r) mutable {
          if (c.Failed(r, [&](std::exception_ptr e, bool canceled) {
                if (canceled) {
                  tcs.TrySetCanceled(c.Token());
                } else {
                  tcs.TrySetException(e);
                }
              })) {
            return;
          }
          c.Finish();
          try {
            finish(tcs, r);
          } catch (...) {
            tcs.TrySetException(std::current_exception());
          }
        });
    if (!call->Start(std::move(op))) return Disposed<T>();
    return task;
  }

  template <class T>
  static Task<T> Disposed() {
    return FromException<T>(std::make_exception_ptr(
        ObjectDisposedException("Cannot access a disposed object. Object name: 'Socket'.")));
  }

  Task<> SendAll(const void* buffer, std::size_t count, CancellationToken ct) {
    if (ct.IsCancellationRequested()) return FromCanceled(ct);
    if (count == 0) return CompletedTask();
    TaskCompletionSource<> tcs(TaskCreationOptions::RunContinuationsAsynchronously);
    Task<> task = tcs.Task();
    auto self = shared_from_this();
    auto sent = std::make_shared<std::size_t>(0);
    const auto* base = static_cast<const unsigned char*>(buffer);
    auto call = std::make_shared<PendingCall>(
        reactor_, &guard_, self, ct, &MakeSocketError,
        [tcs, sent, base, count, self](PendingCall& c, const io::IoResult& r) mutable {
          if (c.Failed(r, [&](std::exception_ptr e, bool canceled) {
                if (canceled) {
                  tcs.TrySetCanceled(c.Token());
                } else {
                  tcs.TrySetException(e);
                }
              })) {
            return;
          }
          *sent += static_cast<std::size_t>(r.value);
          if (*sent >= count) {
            c.Finish();
            tcs.TrySetResult();
            return;
          }
          // A partial send: continue with the rest.
          c.Next(self->MakeOp(io::IoOpcode::Send, const_cast<unsigned char*>(base) + *sent, count - *sent));
        });
    if (!call->Start(MakeOp(io::IoOpcode::Send, const_cast<void*>(buffer), count))) return Disposed<void>();
    return task;
  }

 private:
  void Release() noexcept {
    if (handle_ == io::kInvalidHandle) return;
    reactor_->Dissociate(handle_, std::move(registration_));
    CloseSocket(handle_);
  }

  std::shared_ptr<io::Reactor> reactor_;
  io::NativeHandle handle_;
  net::AddressFamily family_;
  std::unique_ptr<io::HandleRegistration> registration_;
  io::HandleRegistration* registration_raw_ = nullptr;  // set once, read without a lock
  io::detail::HandleGuard guard_;
};

}  // namespace detail

Socket::Socket(net::AddressFamily family) : impl_(detail::SocketImpl::Create(family)) {}

detail::SocketImpl& Socket::Impl() const {
  if (!impl_) throw InvalidOperationException("The socket handle is empty.");
  return *impl_;
}

net::AddressFamily Socket::AddressFamily() const { return Impl().Family(); }
void Socket::Bind(const IPEndPoint& endpoint) const { detail::BindSocket(Impl().Handle(), endpoint); }
void Socket::Listen(int backlog) const { detail::ListenSocket(Impl().Handle(), backlog); }
IPEndPoint Socket::LocalEndPoint() const { return detail::LocalEndPointOf(Impl().Handle()); }
IPEndPoint Socket::RemoteEndPoint() const { return detail::RemoteEndPointOf(Impl().Handle()); }
void Socket::SetNoDelay(bool noDelay) const { detail::SetNoDelay(Impl().Handle(), noDelay); }
void Socket::SetLingerZero() const { detail::SetLingerZero(Impl().Handle()); }
void Socket::Shutdown(SocketShutdown how) const { detail::ShutdownSocket(Impl().Handle(), how); }

Task<Socket> Socket::AcceptAsync(CancellationToken ct) const {
  detail::SocketImpl& impl = Impl();
  auto op = impl.MakeOp(io::IoOpcode::Accept, nullptr, 0);
  std::shared_ptr<io::Reactor> reactor = impl.Reactor();
  return impl.Run<Socket>(std::move(op), std::move(ct),
                          [reactor, family = impl.Family()](TaskCompletionSource<Socket>& tcs,
                                                            const io::IoResult& r) {
                            const auto h = static_cast<io::NativeHandle>(r.value);
                            try {
                              detail::PrepareAccepted(h, reactor->WantsNonBlockingSockets());
                            } catch (...) {
                              detail::CloseSocket(h);
                              throw;
                            }
                            tcs.TrySetResult(Socket(std::make_shared<detail::SocketImpl>(reactor, h, family)));
                          });
}

Task<> Socket::ConnectAsync(const IPEndPoint& endpoint, CancellationToken ct) const {
  detail::SocketImpl& impl = Impl();
  auto op = impl.MakeOp(io::IoOpcode::Connect, nullptr, 0);
  op->address_length = static_cast<std::uint32_t>(endpoint.ToNative(op->address, sizeof op->address));
  return impl.Run<void>(std::move(op), std::move(ct),
                        [](TaskCompletionSource<>& tcs, const io::IoResult&) { tcs.TrySetResult(); });
}

Task<std::size_t> Socket::ReceiveAsync(void* buffer, std::size_t count, CancellationToken ct) const {
  detail::SocketImpl& impl = Impl();
  return impl.Run<std::size_t>(impl.MakeOp(io::IoOpcode::Receive, buffer, count), std::move(ct),
                               [](TaskCompletionSource<std::size_t>& tcs, const io::IoResult& r) {
                                 tcs.TrySetResult(static_cast<std::size_t>(r.value));
                               });
}

Task<std::size_t> Socket::SendAsync(const void* buffer, std::size_t count, CancellationToken ct) const {
  detail::SocketImpl& impl = Impl();
  return impl.Run<std::size_t>(impl.MakeOp(io::IoOpcode::Send, const_cast<void*>(buffer), count),
                               std::move(ct), [](TaskCompletionSource<std::size_t>& tcs, const io::IoResult& r) {
                                 tcs.TrySetResult(static_cast<std::size_t>(r.value));
                               });
}

Task<> Socket::SendAllAsync(const void* buffer, std::size_t count, CancellationToken ct) const {
  return Impl().SendAll(buffer, count, std::move(ct));
}

void Socket::Close() const noexcept {
  if (impl_) impl_->Close();
}
bool Socket::IsClosed() const noexcept { return !impl_ || impl_->IsClosed(); }
io::NativeHandle Socket::Handle() const noexcept { return impl_ ? impl_->RawHandle() : io::kInvalidHandle; }

Task<> NetworkStream::ShutdownAsync(SocketShutdown how, CancellationToken ct) const {
  if (ct.IsCancellationRequested()) return FromCanceled(ct);
  try {
    socket_.Shutdown(how);
  } catch (...) {
    return FromException(std::current_exception());
  }
  return CompletedTask();
}

}  // namespace net
}  // namespace async
