// PendingCall and HandleGuard (see pending_call.h).
#include "pending_call.h"

#include <cerrno>

#include "reactor_backend.h"

namespace async {
namespace io {
namespace detail {

// ---- HandleGuard ----------------------------------------------------------

bool HandleGuard::Track(const std::shared_ptr<PendingCall>& call) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (closed_) return false;
  calls_.insert(call);
  return true;
}

void HandleGuard::Untrack(PendingCall* call) noexcept {
  std::shared_ptr<PendingCall> victim;
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = calls_.begin(); it != calls_.end(); ++it) {
    if (it->get() == call) {
      victim = *it;  // released after the lock (declared before it)
      calls_.erase(it);
      break;
    }
  }
}

bool HandleGuard::BeginUse() noexcept {
  std::lock_guard<std::mutex> lock(mutex_);
  if (closed_) return false;
  ++uses_;
  return true;
}

void HandleGuard::EndUse() noexcept {
  bool release = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    release = --uses_ == 0 && closed_ && !released_;
    if (release) released_ = true;
  }
  if (release) release_();
}

bool HandleGuard::Pin() noexcept {
  std::lock_guard<std::mutex> lock(mutex_);
  if (released_) return false;
  ++uses_;
  return true;
}

void HandleGuard::Close() noexcept {
  std::unordered_set<std::shared_ptr<PendingCall>> calls;
  bool release = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (closed_) return;
    closed_ = true;
    calls.swap(calls_);
  }
  for (const auto& c : calls) c->RequestCancel(/*abort=*/true);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    release = uses_ == 0 && !released_;
    if (release) released_ = true;
  }
  if (release) release_();
}

bool HandleGuard::IsClosed() const noexcept {
  std::lock_guard<std::mutex> lock(mutex_);
  return closed_;
}

void HandleGuard::ReleaseNow() noexcept {
  bool release = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    release = !released_;
    released_ = true;
  }
  if (release) release_();
}

// ---- PendingCall ----------------------------------------------------------

PendingCall::PendingCall(std::shared_ptr<Reactor> reactor, HandleGuard* guard, std::shared_ptr<void> owner,
                         CancellationToken ct, ErrorFactory make_error, Step step)
    : reactor_(std::move(reactor)),
      guard_(guard),
      owner_(std::move(owner)),
      ct_(std::move(ct)),
      make_error_(make_error),
      step_(std::move(step)) {}

bool PendingCall::Start(std::shared_ptr<IoOperation> first) {
  if (!guard_->Track(shared_from_this())) return false;
  if (ct_.CanBeCanceled()) {
    std::weak_ptr<PendingCall> weak = shared_from_this();
    // Runs at once when the token is already canceled.
    CancellationTokenRegistration reg = ct_.Register([weak] {
      if (auto self = weak.lock()) self->RequestCancel(/*abort=*/false);
    });
    bool finished;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      registration_ = reg;
      finished = finished_;
    }
    if (finished) reg.Unregister();
  }
  Submit(std::move(first));
  return true;
}

void PendingCall::Next(std::shared_ptr<IoOperation> op) { Submit(std::move(op)); }

void PendingCall::Submit(std::shared_ptr<IoOperation> op) {
  IoResult immediate;
  bool fail_now = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (cancel_requested_) {
      immediate.canceled = true;
      fail_now = true;
    } else {
      current_ = op;
      submitting_ = true;
    }
  }
  if (!fail_now && !guard_->BeginUse()) {
    std::lock_guard<std::mutex> lock(mutex_);
    current_.reset();
    submitting_ = false;
    aborted_ = true;
    immediate.canceled = true;
    fail_now = true;
  }
  if (fail_now) {
    step_(*this, immediate);
    return;
  }
  op->on_complete = [self = shared_from_this()](const IoResult& r) { self->OnDone(r); };
  try {
    reactor_->Submit(op);
  } catch (...) {
    IoResult r;
    r.error = ENOMEM;
    CompleteOperation(*op, r);
  }
  bool cancel = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    submitting_ = false;
    // A cancellation that came while Submit ran could not reach the
    // backend: do it now (a no-op if the operation already completed).
    cancel = cancel_requested_ && current_ == op;
  }
  if (cancel) CancelInBackend(op);
}

void PendingCall::OnDone(const IoResult& r) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    current_.reset();
  }
  guard_->EndUse();
  step_(*this, r);
}

void PendingCall::RequestCancel(bool abort) noexcept {
  std::shared_ptr<IoOperation> op;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    cancel_requested_ = true;
    if (abort) aborted_ = true;
    if (!submitting_) op = current_;
  }
  if (op) CancelInBackend(op);
}

void PendingCall::CancelInBackend(const std::shared_ptr<IoOperation>& op) noexcept {
  // Released: every operation had completed, so there is nothing to cancel.
  if (!guard_->Pin()) return;
  reactor_->Cancel(op);
  guard_->EndUse();
}

bool PendingCall::Failed(const IoResult& r, const std::function<void(std::exception_ptr, bool)>& fail) {
  if (!r.canceled && r.error == 0) return false;
  bool aborted;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    aborted = aborted_;
  }
  std::exception_ptr e;
  bool canceled = false;
  if (r.canceled && !aborted) {
    canceled = true;
  } else {
    e = make_error_(r.canceled ? kAbortedByClose : r.error);
  }
  Finish();
  fail(e, canceled);
  return true;
}

void PendingCall::Finish() noexcept {
  CancellationTokenRegistration reg;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (finished_) return;
    finished_ = true;
    reg = registration_;
  }
  reg.Unregister();
  guard_->Untrack(this);
}

}  // namespace detail
}  // namespace io
}  // namespace async
