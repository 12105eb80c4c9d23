// The reactor's readiness operations (io::IoOpcode::WaitReadable /
// WaitWritable) that async::db waits on, on each Linux backend.
#include <sys/socket.h>
#include <unistd.h>

#include <future>
#include <memory>

#include <gtest/gtest.h>

#include <async/io/reactor.h>

namespace {

using namespace async::io;

class ReactorReadiness : public ::testing::TestWithParam<ReactorKind> {
 protected:
  void SetUp() override {
    if (!IsReactorKindSupported(GetParam())) GTEST_SKIP() << ToString(GetParam()) << " is not available here";
    ASSERT_TRUE(SetReactorKind(GetParam()));
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds_), 0);
    reactor_ = GetReactor();
    registration_ = reactor_->Associate(fds_[0]);
  }
  void TearDown() override {
    if (reactor_) reactor_->Dissociate(fds_[0], std::move(registration_));
    if (fds_[0] >= 0) ::close(fds_[0]);
    if (fds_[1] >= 0) ::close(fds_[1]);
  }
  // Submits a wait; the future gets its outcome.
  std::shared_ptr<IoOperation> Wait(IoOpcode code, std::shared_ptr<std::promise<IoResult>> done) {
    auto op = std::make_shared<IoOperation>();
    op->opcode = code;
    op->handle = fds_[0];
    op->registration = registration_.get();
    op->on_complete = [done](const IoResult& r) { done->set_value(r); };
    reactor_->Submit(op);
    return op;
  }
  int fds_[2] = {-1, -1};
  std::shared_ptr<Reactor> reactor_;
  std::unique_ptr<HandleRegistration> registration_;
};

TEST_P(ReactorReadiness, WritableAtOnceReadableWhenDataArrives) {
  auto writable = std::make_shared<std::promise<IoResult>>();
  Wait(IoOpcode::WaitWritable, writable);
  IoResult w = writable->get_future().get();
  EXPECT_EQ(w.error, 0);
  EXPECT_EQ(w.value, 0);
  EXPECT_FALSE(w.canceled);

  auto readable = std::make_shared<std::promise<IoResult>>();
  auto ready = readable->get_future();
  Wait(IoOpcode::WaitReadable, readable);
  EXPECT_EQ(ready.wait_for(std::chrono::milliseconds(50)), std::future_status::timeout);  // nothing sent yet
  ASSERT_EQ(::write(fds_[1], "x", 1), 1);
  IoResult r = ready.get();
  EXPECT_EQ(r.error, 0);
  EXPECT_EQ(r.value, 0);
  EXPECT_FALSE(r.canceled);
  // The data is still there: waiting does not consume it.
  char c = 0;
  EXPECT_EQ(::read(fds_[0], &c, 1), 1);
  EXPECT_EQ(c, 'x');
}

TEST_P(ReactorReadiness, PeerClosedIsReadable) {
  auto readable = std::make_shared<std::promise<IoResult>>();
  auto ready = readable->get_future();
  Wait(IoOpcode::WaitReadable, readable);
  ::close(fds_[1]);
  fds_[1] = -1;
  EXPECT_FALSE(ready.get().canceled);
}

TEST_P(ReactorReadiness, CancelEndsAPendingWait) {
  auto readable = std::make_shared<std::promise<IoResult>>();
  auto ready = readable->get_future();
  auto op = Wait(IoOpcode::WaitReadable, readable);
  reactor_->Cancel(op);
  EXPECT_TRUE(ready.get().canceled);
}

INSTANTIATE_TEST_SUITE_P(Backends, ReactorReadiness, ::testing::Values(ReactorKind::Epoll, ReactorKind::IoUring),
                         [](const ::testing::TestParamInfo<ReactorKind>& info) {
                           return std::string(info.param == ReactorKind::Epoll ? "epoll" : "io_uring");
                         });

}  // namespace
