// The runtime-internal PendingCall and HandleGuard (runtime/src/io) against
// a scripted reactor, so that the races between a cancellation and the
// completion of the operation it cancels happen in a chosen order.
//
// The order under test: a cancellation has read the call's current
// operation, the operation then completes on another thread and ends the
// handle's last use, and only then does the cancellation reach the backend.
// The backend reads the handle's registration there (epoll: its queues), so
// the handle must not have been released in between. On real sockets this
// was a rare heap-use-after-free when an HTTP server closed its connections
// while their receives completed.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <utility>

#include "io/pending_call.h"

namespace {

using async::CancellationTokenSource;
using async::io::HandleRegistration;
using async::io::IoOperation;
using async::io::IoOpcode;
using async::io::IoResult;
using async::io::NativeHandle;
using async::io::ReactorKind;
using async::io::detail::HandleGuard;
using async::io::detail::PendingCall;

// A reactor that keeps each submitted operation pending, and whose Cancel
// first runs `before_cancel` (the completion that wins the race), then
// records whether the handle was released by the time it would read the
// registration.
class ScriptedReactor final : public async::io::Reactor {
 public:
  ReactorKind Kind() const noexcept override { return ReactorKind::Epoll; }
  bool WantsNonBlockingSockets() const noexcept override { return true; }
  std::unique_ptr<HandleRegistration> Associate(NativeHandle) override { return nullptr; }
  void Dissociate(NativeHandle, std::unique_ptr<HandleRegistration>) noexcept override {}
  void Submit(std::shared_ptr<IoOperation> op) override { pending = std::move(op); }
  void Cancel(const std::shared_ptr<IoOperation>& op) noexcept override {
    ++cancels;
    if (before_cancel) std::exchange(before_cancel, nullptr)(op);
    if (*released) ++cancels_after_release;
  }
  void Wake() noexcept override {}
  std::size_t PendingOperationCount() const noexcept override { return pending ? 1 : 0; }
  std::size_t AssociatedHandleCount() const noexcept override { return 1; }

  std::shared_ptr<IoOperation> pending;
  std::function<void(const std::shared_ptr<IoOperation>&)> before_cancel;
  std::shared_ptr<bool> released;
  int cancels = 0;
  int cancels_after_release = 0;
};

// Completes `op` successfully, as the thread polling the handle would.
void CompleteNow(const std::shared_ptr<IoOperation>& op) {
  IoResult ok;
  ok.value = 1;
  std::exchange(op->on_complete, nullptr)(ok);
}

struct Fixture {
  std::shared_ptr<ScriptedReactor> reactor = std::make_shared<ScriptedReactor>();
  std::shared_ptr<bool> released = std::make_shared<bool>(false);
  int releases = 0;
  HandleGuard guard{[this] {
    *released = true;
    ++releases;
  }};
  int steps = 0;

  Fixture() { reactor->released = released; }

  std::shared_ptr<PendingCall> StartReceive(async::CancellationToken ct = {}) {
    auto call = std::make_shared<PendingCall>(
        reactor, &guard, nullptr, std::move(ct), [](int) { return std::exception_ptr(); },
        [this](PendingCall& self, const IoResult&) {
          ++steps;
          self.Finish();
        });
    auto op = std::make_shared<IoOperation>();
    op->opcode = IoOpcode::Receive;
    EXPECT_TRUE(call->Start(op));
    EXPECT_NE(reactor->pending, nullptr);
    return call;
  }
};

TEST(PendingCall, CloseKeepsTheHandleUntilItsCancellationHasReachedTheBackend) {
  Fixture f;
  auto call = f.StartReceive();
  // Close cancels the receive; the receive completes first.
  f.reactor->before_cancel = CompleteNow;
  f.guard.Close();
  EXPECT_EQ(f.reactor->cancels, 1);
  EXPECT_EQ(f.reactor->cancels_after_release, 0) << "the backend was reached after the handle was released";
  EXPECT_EQ(f.steps, 1);
  EXPECT_EQ(f.releases, 1) << "released once, after the cancellation";
}

TEST(PendingCall, TokenCancellationKeepsTheHandleWhileACloseRacesIt) {
  Fixture f;
  CancellationTokenSource cts;
  auto call = f.StartReceive(cts.Token());
  // The token cancels the receive; meanwhile the receive completes and
  // another thread closes the handle.
  f.reactor->before_cancel = [&f](const std::shared_ptr<IoOperation>& op) {
    CompleteNow(op);
    f.guard.Close();
  };
  cts.Cancel();
  EXPECT_EQ(f.reactor->cancels, 1);
  EXPECT_EQ(f.reactor->cancels_after_release, 0) << "the backend was reached after the handle was released";
  EXPECT_EQ(f.releases, 1);
}

}  // namespace
