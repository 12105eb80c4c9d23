// async::Using (await using): DisposeAsync on every way out of the body.
#include <async/using.h>

#include <memory>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include <async/async.h>
#include <async/net/net.h>

#include "test_util.h"

namespace {

using async::Task;
using async::TaskCompletionSource;
using asyncc_test::Log;

// An IAsyncDisposable whose DisposeAsync completes when the test says so
// (or at once), logging "dispose:<name>".
class Resource {
 public:
  Resource(Log* log, std::string name) : log_(log), name_(std::move(name)) {}
  Resource(Resource&& o) noexcept : log_(o.log_), name_(std::move(o.name_)), pending_(o.pending_) {
    o.name_ = "moved-from";
  }
  Resource(const Resource&) = delete;
  ~Resource() { log_->Add("~" + name_); }
  Task<> DisposeAsync() {
    log_->Add("dispose:" + name_);
    ++disposals;
    if (throw_on_dispose) throw std::logic_error("dispose failed");
    if (pending_ != nullptr) return pending_->Task();
    return async::CompletedTask();
  }
  void DisposeLater(TaskCompletionSource<>* tcs) { pending_ = tcs; }
  const std::string& Name() const { return name_; }
  int disposals = 0;
  bool throw_on_dispose = false;

 private:
  Log* log_;
  std::string name_;
  TaskCompletionSource<>* pending_ = nullptr;
};

class ValueDisposable {
 public:
  async::ValueTask<> DisposeAsync() {
    ++disposals;
    return async::ValueTask<>();
  }
  int disposals = 0;
};

TEST(Using, NormalExitDisposesAfterTheBodyCompleted) {
  Log log;
  Resource r(&log, "r");
  TaskCompletionSource<int> body;
  Task<int> t = async::Using(r, [&](Resource& res) {
    log.Add("body:" + res.Name());
    return body.Task();
  });
  EXPECT_EQ(log.Joined(), "body:r");
  EXPECT_EQ(r.disposals, 0);  // not before the body's task completed
  body.SetResult(42);
  ASSERT_TRUE(t.IsCompletedSuccessfully());
  EXPECT_EQ(t.Result(), 42);
  EXPECT_EQ(log.Joined(), "body:r dispose:r");
  EXPECT_EQ(r.disposals, 1);
}

TEST(Using, FaultedBodyIsDisposedAndRethrown) {
  Log log;
  Resource r(&log, "r");
  TaskCompletionSource<> body;
  Task<> t = async::Using(r, [&](Resource&) { return body.Task(); });
  body.SetException(std::make_exception_ptr(std::runtime_error("body failed")));
  EXPECT_EQ(r.disposals, 1);
  ASSERT_TRUE(t.IsFaulted());
  EXPECT_THROW(t.GetAwaiter().GetResult(), std::runtime_error);
}

TEST(Using, BodyThrowingSynchronouslyIsDisposed) {
  Log log;
  Resource r(&log, "r");
  Task<int> t = async::Using(r, [&](Resource&) -> Task<int> { throw std::runtime_error("at once"); });
  EXPECT_EQ(r.disposals, 1);
  EXPECT_THROW(t.GetAwaiter().GetResult(), std::runtime_error);
}

TEST(Using, CanceledBodyIsDisposedAndCanceled) {
  Log log;
  Resource r(&log, "r");
  async::CancellationTokenSource cts;
  Task<> t = async::Using(r, [&](Resource&) { return async::Delay(std::chrono::hours(1), cts.Token()); });
  EXPECT_EQ(r.disposals, 0);
  cts.Cancel();
  ASSERT_TRUE(asyncc_test::WaitUntil([&] { return t.IsCompleted(); }));
  EXPECT_TRUE(t.IsCanceled());
  EXPECT_EQ(r.disposals, 1);
}

TEST(Using, DisposeExceptionReplacesTheOutcome) {
  Log log;
  Resource r(&log, "r");
  r.throw_on_dispose = true;
  Task<int> ok = async::Using(r, [](Resource&) { return async::FromResult(1); });
  EXPECT_THROW(ok.GetAwaiter().GetResult(), std::logic_error);
  Task<int> failed = async::Using(r, [](Resource&) -> Task<int> { throw std::runtime_error("body"); });
  EXPECT_THROW(failed.GetAwaiter().GetResult(), std::logic_error);
  EXPECT_EQ(r.disposals, 2);
}

TEST(Using, AsynchronousDisposeIsAwaited) {
  Log log;
  Resource r(&log, "r");
  TaskCompletionSource<> dispose;
  r.DisposeLater(&dispose);
  Task<std::string> t = async::Using(r, [](Resource&) { return async::FromResult(std::string("x")); });
  EXPECT_EQ(r.disposals, 1);
  EXPECT_FALSE(t.IsCompleted());
  dispose.SetResult();
  EXPECT_EQ(t.Result(), "x");
}

TEST(Using, RvalueResourceLivesUntilDisposed) {
  Log log;
  TaskCompletionSource<> body;
  Task<> t = async::Using(Resource(&log, "tmp"), [&](Resource& res) {
    log.Add("body:" + res.Name());
    return body.Task();
  });
  // The temporary was moved in; only the moved-from shell is gone.
  EXPECT_EQ(log.Joined(), "body:tmp ~moved-from");
  body.SetResult();
  t.Wait();
  EXPECT_EQ(log.Joined(), "body:tmp ~moved-from dispose:tmp ~tmp");
}

TEST(Using, PointersValueTasksAndNull) {
  Log log;
  auto owned = std::make_unique<Resource>(&log, "p");
  Resource* raw = owned.get();
  async::Using(owned, [](std::unique_ptr<Resource>&) { return async::ValueTask<>(); }).Wait();
  EXPECT_EQ(raw->disposals, 1);
  std::shared_ptr<Resource> none;
  EXPECT_TRUE(async::Using(none, [](std::shared_ptr<Resource>&) { return async::FromResult(7); })
                  .IsCompletedSuccessfully());
  ValueDisposable v;
  async::Using(v, [](ValueDisposable&) { return async::CompletedTask(); }).Wait();
  EXPECT_EQ(v.disposals, 1);
}

TEST(Using, NetworkTypesAreAsyncDisposable) {
  // A pending accept on a listener disposed by Using ends with
  // SocketException(OperationAborted), as after Stop().
  async::net::TcpListener listener(async::net::IPEndPoint::Loopback(0));
  listener.Start();
  Task<async::net::Socket> accept;
  Task<> t = async::Using(listener, [&](async::net::TcpListener& l) {
    accept = l.AcceptAsync();
    return async::CompletedTask();
  });
  t.Wait();
  EXPECT_FALSE(listener.Active());
  EXPECT_THROW(accept.GetAwaiter().GetResult(), async::net::SocketException);
}

}  // namespace
