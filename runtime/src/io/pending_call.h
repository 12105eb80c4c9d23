// Runtime-internal: one asynchronous call (ReceiveAsync, SendAllAsync,
// ReadAsync, ...) made of one or more reactor operations, its cancellation
// registration, and the handle guard that keeps the OS handle open while
// an operation uses it (.NET's SafeHandle reference count).
#pragma once

#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_set>
#include <vector>

#include <async/cancellation.h>
#include <async/exceptions.h>
#include <async/io/reactor.h>

namespace async {
namespace io {
namespace detail {

class PendingCall;

// Owned by a SocketImpl / FileImpl. The handle is released (Dissociate +
// close, by `release`) once Close() was called and no operation uses it.
class HandleGuard {
 public:
  explicit HandleGuard(std::function<void()> release) : release_(std::move(release)) {}

  // Registers a call; false once closed.
  bool Track(const std::shared_ptr<PendingCall>& call);
  void Untrack(PendingCall* call) noexcept;
  // An operation is about to use the handle / has completed.
  bool BeginUse() noexcept;
  void EndUse() noexcept;
  // Holds the handle, and its reactor registration, while a cancellation
  // reaches the backend: the operation it cancels may complete on another
  // thread meanwhile and end the last use. Works after Close (which cancels
  // through it); false once released. Ended by EndUse().
  bool Pin() noexcept;
  // Close: no new calls or uses; aborts the tracked calls; releases the
  // handle now or when the last use ends. Idempotent.
  void Close() noexcept;
  bool IsClosed() const noexcept;
  // For the owner's destructor: releases if not done yet.
  void ReleaseNow() noexcept;

 private:
  mutable std::mutex mutex_;
  std::unordered_set<std::shared_ptr<PendingCall>> calls_;
  int uses_ = 0;
  bool closed_ = false;
  bool released_ = false;
  std::function<void()> release_;
};

class PendingCall : public std::enable_shared_from_this<PendingCall> {
 public:
  // Called with each operation's outcome; it calls Next() for another step
  // or completes the caller's task.
  using Step = std::function<void(PendingCall&, const IoResult&)>;
  using ErrorFactory = std::exception_ptr (*)(int native_error);

  PendingCall(std::shared_ptr<Reactor> reactor, HandleGuard* guard, std::shared_ptr<void> owner,
              CancellationToken ct, ErrorFactory make_error, Step step);

  // Starts the call with its first operation (tracks it, registers the token).
  // Returns false (nothing started) when the handle is closed.
  bool Start(std::shared_ptr<IoOperation> first);
  // Submits the next operation of a multi-step call.
  void Next(std::shared_ptr<IoOperation> op);

  // For Step: when r is not a success, completes `fail` with the right
  // exception (canceled: the token's OperationCanceledException, or
  // SocketException(OperationAborted)-like via make_error(-1) when aborted
  // by Close; error: make_error(code)), finishes the call, returns true.
  bool Failed(const IoResult& r, const std::function<void(std::exception_ptr, bool canceled)>& fail);
  // Ends the call: unregisters the token, untracks. Call once, before
  // completing the task.
  void Finish() noexcept;

  const CancellationToken& Token() const noexcept { return ct_; }
  std::exception_ptr MakeError(int code) const { return make_error_(code); }

  void RequestCancel(bool abort) noexcept;

 private:
  void Submit(std::shared_ptr<IoOperation> op);
  // reactor_->Cancel(op) with the handle pinned (see HandleGuard::Pin).
  void CancelInBackend(const std::shared_ptr<IoOperation>& op) noexcept;
  void OnDone(const IoResult& r);

  std::shared_ptr<Reactor> reactor_;
  HandleGuard* guard_;
  std::shared_ptr<void> owner_;  // keeps the guard's owner alive
  CancellationToken ct_;
  ErrorFactory make_error_;
  Step step_;
  std::mutex mutex_;
  std::shared_ptr<IoOperation> current_;
  bool submitting_ = false;
  bool cancel_requested_ = false;
  bool aborted_ = false;
  bool finished_ = false;
  CancellationTokenRegistration registration_;
};

// The error code PendingCall passes to make_error for "aborted by Close".
constexpr int kAbortedByClose = -1;

}  // namespace detail
}  // namespace io
}  // namespace async
