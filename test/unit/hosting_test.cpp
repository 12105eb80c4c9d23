// BackgroundService, HostBuilder, Host: start/stop order, the shutdown
// timeout, failures of ExecuteAsync, StopApplication, tokens and signals.
#include <async/hosting.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <async/async.h>

#include "test_util.h"

#ifndef _WIN32
#include <csignal>
#include <unistd.h>
#endif

namespace {

using async::BackgroundService;
using async::CancellationToken;
using async::Host;
using async::HostBuilder;
using async::Task;
using async::TaskCompletionSource;
using asyncc_test::Log;
using asyncc_test::WaitUntil;
using namespace std::chrono_literals;

class TestLogger : public async::ILogger {
 public:
  void Log(async::LogLevel level, const std::string& message) override {
    if (level >= async::LogLevel::Error) errors.Add(message);
  }
  asyncc_test::Log errors;
};

// Logs its start and stop.
class Recorder : public async::IHostedService {
 public:
  Recorder(Log* log, std::string name) : log_(log), name_(std::move(name)) {}
  Task<> StartAsync(CancellationToken) override {
    log_->Add("start:" + name_);
    return async::CompletedTask();
  }
  Task<> StopAsync(CancellationToken) override {
    log_->Add("stop:" + name_);
    return async::CompletedTask();
  }

 private:
  Log* log_;
  std::string name_;
};

// Runs until its stopping token is canceled.
class Worker : public BackgroundService {
 public:
  explicit Worker(Log* log) : log_(log) {}
  CancellationToken seen;

 protected:
  Task<> ExecuteAsync(CancellationToken stoppingToken) override {
    seen = stoppingToken;
    log_->Add("execute");
    TaskCompletionSource<> done;
    stoppingToken.Register([done, log = log_]() mutable {
      log->Add("worker-stopping");
      done.TrySetResult();
    });
    return done.Task();
  }

 private:
  Log* log_;
};

// Ignores its stopping token: ends only when the test says so.
class Stubborn : public BackgroundService {
 public:
  TaskCompletionSource<> finish;

 protected:
  Task<> ExecuteAsync(CancellationToken) override { return finish.Task(); }
};

// ExecuteAsync fails after starting (on the pool).
class Failing : public BackgroundService {
 protected:
  Task<> ExecuteAsync(CancellationToken) override {
    return async::Run([] {
      std::this_thread::sleep_for(1ms);
      throw std::runtime_error("worker crashed");
    });
  }
};

// ExecuteAsync fails before its first await.
class FailingAtOnce : public BackgroundService {
 protected:
  Task<> ExecuteAsync(CancellationToken) override {
    return async::FromException(std::make_exception_ptr(std::logic_error("bad config")));
  }
};

std::shared_ptr<TestLogger> QuietLogger() { return std::make_shared<TestLogger>(); }

TEST(Host, StartsInOrderAndStopsInReverseOrder) {
  Log log;
  Host host = HostBuilder()
                  .AddHostedService<Recorder>(&log, "a")
                  .AddHostedService<Recorder>(&log, "b")
                  .AddHostedService<Recorder>(&log, "c")
                  .UseLogger(QuietLogger())
                  .Build();
  ASSERT_EQ(host.Services().size(), 3u);
  EXPECT_FALSE(host.ApplicationStarted().IsCancellationRequested());
  host.StartAsync().Wait();
  EXPECT_TRUE(host.ApplicationStarted().IsCancellationRequested());
  EXPECT_EQ(log.Joined(), "start:a start:b start:c");
  host.StopAsync().Wait();
  EXPECT_EQ(log.Joined(), "start:a start:b start:c stop:c stop:b stop:a");
  EXPECT_TRUE(host.ApplicationStopping().IsCancellationRequested());
  EXPECT_TRUE(host.ApplicationStopped().IsCancellationRequested());
}

TEST(Host, StopApplicationEndsRunAsync) {
  Log log;
  auto worker = std::make_shared<Worker>(&log);
  Host host = HostBuilder()
                  .AddHostedService<Recorder>(&log, "first")
                  .AddHostedService(worker)
                  .ConfigureHostOptions([](async::HostOptions& o) { o.HandleShutdownSignals = false; })
                  .UseLogger(QuietLogger())
                  .Build();
  Task<> run = host.RunAsync();
  ASSERT_TRUE(WaitUntil([&] { return host.ApplicationStarted().IsCancellationRequested(); }));
  EXPECT_FALSE(run.IsCompleted());
  EXPECT_FALSE(worker->seen.IsCancellationRequested());
  host.StopApplication();
  run.Wait();
  EXPECT_TRUE(run.IsCompletedSuccessfully());
  EXPECT_TRUE(worker->seen.IsCancellationRequested());
  EXPECT_TRUE(worker->ExecuteTask().IsCompletedSuccessfully());
  EXPECT_EQ(log.Joined(), "start:first execute worker-stopping stop:first");
}

TEST(Host, RunAsyncTokenStopsTheHost) {
  Log log;
  async::CancellationTokenSource cts;
  Host host = HostBuilder()
                  .AddHostedService<Worker>(&log)
                  .ConfigureHostOptions([](async::HostOptions& o) { o.HandleShutdownSignals = false; })
                  .UseLogger(QuietLogger())
                  .Build();
  Task<> run = host.RunAsync(cts.Token());
  ASSERT_TRUE(WaitUntil([&] { return host.ApplicationStarted().IsCancellationRequested(); }));
  cts.Cancel();
  run.Wait();
  EXPECT_EQ(log.Joined(), "execute worker-stopping");
}

TEST(Host, ShutdownTimeoutLeavesAStubbornServiceBehind) {
  Log log;
  auto stubborn = std::make_shared<Stubborn>();
  Host host = HostBuilder()
                  .AddHostedService<Recorder>(&log, "before")
                  .AddHostedService(stubborn)
                  .ConfigureHostOptions([](async::HostOptions& o) {
                    o.ShutdownTimeout = 20ms;
                    o.HandleShutdownSignals = false;
                  })
                  .UseLogger(QuietLogger())
                  .Build();
  host.StartAsync().Wait();
  Task<> stop = host.StopAsync();
  stop.Wait();  // ends although ExecuteAsync ignores its token
  EXPECT_TRUE(stop.IsCompletedSuccessfully());
  EXPECT_EQ(log.Joined(), "start:before stop:before");  // the next one is still stopped
  EXPECT_FALSE(stubborn->ExecuteTask().IsCompleted());
  stubborn->finish.SetResult();
}

class IgnoresStopToken : public async::IHostedService {
 public:
  TaskCompletionSource<> stopped;
  Task<> StartAsync(CancellationToken) override { return async::CompletedTask(); }
  Task<> StopAsync(CancellationToken) override { return stopped.Task(); }
};

TEST(Host, ShutdownTimeoutAppliesToPlainServicesToo) {
  auto service = std::make_shared<IgnoresStopToken>();
  auto logger = QuietLogger();
  Host host = HostBuilder()
                  .AddHostedService(service)
                  .ConfigureHostOptions([](async::HostOptions& o) { o.ShutdownTimeout = 10ms; })
                  .UseLogger(logger)
                  .Build();
  host.StartAsync().Wait();
  host.StopAsync().Wait();
  EXPECT_TRUE(host.ApplicationStopped().IsCancellationRequested());
  service->stopped.SetResult();
}

TEST(Host, ExceptionInExecuteAsyncStopsTheHost) {
  Log log;
  auto logger = QuietLogger();
  Host host = HostBuilder()
                  .AddHostedService<Recorder>(&log, "other")
                  .AddHostedService<Failing>()
                  .ConfigureHostOptions([](async::HostOptions& o) { o.HandleShutdownSignals = false; })
                  .UseLogger(logger)
                  .Build();
  Task<> run = host.RunAsync();
  ASSERT_TRUE(WaitUntil([&] { return run.IsCompleted(); }));
  EXPECT_TRUE(run.IsFaulted());
  EXPECT_THROW(run.GetAwaiter().GetResult(), std::runtime_error);  // RunAsync rethrows it
  EXPECT_EQ(log.Joined(), "start:other stop:other");
  ASSERT_FALSE(logger->errors.Entries().empty());
  EXPECT_NE(logger->errors.Entries()[0].find("worker crashed"), std::string::npos);
}

TEST(Host, IgnoreBehaviourKeepsTheHostRunning) {
  auto logger = QuietLogger();
  Host host = HostBuilder()
                  .AddHostedService<Failing>()
                  .ConfigureHostOptions([](async::HostOptions& o) {
                    o.HandleShutdownSignals = false;
                    o.BackgroundServiceExceptionBehavior = async::BackgroundServiceExceptionBehavior::Ignore;
                  })
                  .UseLogger(logger)
                  .Build();
  Task<> run = host.RunAsync();
  ASSERT_TRUE(WaitUntil([&] { return !logger->errors.Entries().empty(); }));
  std::this_thread::sleep_for(5ms);
  EXPECT_FALSE(run.IsCompleted());
  host.StopApplication();
  run.Wait();
  EXPECT_TRUE(run.IsCompletedSuccessfully());
}

TEST(Host, FailedStartFailsRunAsyncAndStartsNoMore) {
  Log log;
  Host host = HostBuilder()
                  .AddHostedService<Recorder>(&log, "a")
                  .AddHostedService<FailingAtOnce>()
                  .AddHostedService<Recorder>(&log, "never")
                  .ConfigureHostOptions([](async::HostOptions& o) { o.HandleShutdownSignals = false; })
                  .UseLogger(QuietLogger())
                  .Build();
  Task<> run = host.RunAsync();
  ASSERT_TRUE(WaitUntil([&] { return run.IsCompleted(); }));
  EXPECT_THROW(run.GetAwaiter().GetResult(), std::logic_error);
  EXPECT_EQ(log.Joined(), "start:a");
}

TEST(Host, BackgroundServiceStartAndStopAlone) {
  Log log;
  Worker worker(&log);
  EXPECT_TRUE(worker.StopAsync(CancellationToken::None()).IsCompletedSuccessfully());  // not started
  Task<> start = worker.StartAsync(CancellationToken::None());
  EXPECT_TRUE(start.IsCompletedSuccessfully());  // ExecuteAsync runs on
  EXPECT_FALSE(worker.ExecuteTask().IsCompleted());
  worker.StopAsync(CancellationToken::None()).Wait();
  EXPECT_TRUE(worker.ExecuteTask().IsCompletedSuccessfully());
  FailingAtOnce failing;
  EXPECT_THROW(failing.StartAsync(CancellationToken::None()).GetAwaiter().GetResult(), std::logic_error);
  // StopAsync's token ends the wait for an ExecuteAsync that ignores it.
  Stubborn stubborn;
  stubborn.StartAsync(CancellationToken::None()).Wait();
  async::CancellationTokenSource cts;
  Task<> stop = stubborn.StopAsync(cts.Token());
  EXPECT_FALSE(stop.IsCompleted());
  cts.Cancel();
  EXPECT_TRUE(stop.IsCompletedSuccessfully());
  stubborn.finish.SetResult();
}

TEST(HostBuilder, BuildsOnce) {
  HostBuilder builder;
  builder.UseLogger(QuietLogger());
  builder.Build();
  EXPECT_THROW(builder.Build(), async::InvalidOperationException);
  EXPECT_EQ(async::HostOptions().ShutdownTimeout, std::chrono::seconds(30));
}

#ifndef _WIN32
volatile std::sig_atomic_t g_previous_handler_ran = 0;
extern "C" void PreviousHandler(int) { g_previous_handler_ran = 1; }

TEST(Host, SigtermStopsRunAsyncAndRestoresTheHandler) {
  g_previous_handler_ran = 0;
  struct sigaction mine {}, before {};
  mine.sa_handler = PreviousHandler;
  sigemptyset(&mine.sa_mask);
  ASSERT_EQ(sigaction(SIGTERM, &mine, &before), 0);
  Log log;
  Host host = HostBuilder().AddHostedService<Worker>(&log).UseLogger(QuietLogger()).Build();
  Task<> run = host.RunAsync();
  ASSERT_TRUE(WaitUntil([&] { return host.ApplicationStarted().IsCancellationRequested(); }));
  ASSERT_EQ(kill(getpid(), SIGTERM), 0);
  run.Wait();
  EXPECT_TRUE(run.IsCompletedSuccessfully());
  EXPECT_EQ(log.Joined(), "execute worker-stopping");
  EXPECT_EQ(g_previous_handler_ran, 0);  // the host's handler had it
  // The previous handler is back.
  ASSERT_EQ(raise(SIGTERM), 0);
  EXPECT_EQ(g_previous_handler_ran, 1);
  sigaction(SIGTERM, &before, nullptr);
}
#endif

}  // namespace
