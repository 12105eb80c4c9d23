// async/hosting.h: the Generic Host (Microsoft.Extensions.Hosting):
// IHostedService, BackgroundService, HostBuilder, Host.
//
//   class Worker : public async::BackgroundService {
//    protected:
//     ASYNC async::Task<> ExecuteAsync(async::CancellationToken stoppingToken) override {
//       while (!stoppingToken.IsCancellationRequested()) co_await DoWorkAsync(stoppingToken);
//     }
//   };
//   ASYNC async::Task<> MainAsync() {
//     async::Host host = async::HostBuilder().AddHostedService<Worker>().Build();
//     co_await host.RunAsync();  // until SIGINT/SIGTERM, StopApplication() or a failure
//   }
//
// RunAsync starts the services in registration order, waits until the
// application is asked to stop (SIGINT or SIGTERM, Ctrl+C / close on
// Windows, StopApplication(), the token given to RunAsync, or an exception
// escaping a BackgroundService's ExecuteAsync), then stops the services in
// reverse order with HostOptions::ShutdownTimeout. docs/runtime.md
// ("Hosting") lists the differences from .NET; the main one: RunAsync's
// task faults with the exception that stopped the host (.NET logs it and
// completes normally), so that `main` can return a failure exit code.
#pragma once

#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <async/cancellation.h>
#include <async/task.h>

namespace async {

// Microsoft.Extensions.Logging's levels, for the host's own messages.
enum class LogLevel { Trace, Debug, Information, Warning, Error, Critical, None };

// A minimal ILogger: the host logs its lifetime and service failures here.
class ILogger {
 public:
  virtual ~ILogger() = default;
  virtual void Log(LogLevel level, const std::string& message) = 0;
};

// The default logger: "<level>: <message>" lines on stderr, from
// `minimumLevel` up.
class StderrLogger final : public ILogger {
 public:
  explicit StderrLogger(LogLevel minimumLevel = LogLevel::Information) : minimum_(minimumLevel) {}
  void Log(LogLevel level, const std::string& message) override;

 private:
  LogLevel minimum_;
};

// A service the host starts and stops (IHostedService).
class IHostedService {
 public:
  virtual ~IHostedService() = default;
  // Called in registration order; the host awaits each before the next.
  virtual Task<> StartAsync(CancellationToken cancellationToken) = 0;
  // Called in reverse order; cancellationToken is canceled when the
  // shutdown timeout elapses.
  virtual Task<> StopAsync(CancellationToken cancellationToken) = 0;
};

// A long-running IHostedService (.NET's BackgroundService).
class BackgroundService : public IHostedService {
 public:
  BackgroundService() = default;
  BackgroundService(const BackgroundService&) = delete;
  BackgroundService& operator=(const BackgroundService&) = delete;
  // Cancels the stopping token (.NET's Dispose).
  ~BackgroundService() override;

  // Calls ExecuteAsync with a token linked to cancellationToken and returns
  // its task if that completed synchronously (so a failure at start fails
  // the host's start), else a completed task: ExecuteAsync runs on.
  Task<> StartAsync(CancellationToken cancellationToken) override;
  // Cancels the stopping token, then completes when ExecuteAsync's task has
  // completed (however it did) or cancellationToken is canceled, whichever
  // is first. Never faults for ExecuteAsync's outcome.
  Task<> StopAsync(CancellationToken cancellationToken) override;
  // ExecuteAsync's task; an empty handle before StartAsync.
  Task<> ExecuteTask() const { return execute_task_; }

 protected:
  // The service's work; should end soon after stoppingToken is canceled.
  virtual Task<> ExecuteAsync(CancellationToken stoppingToken) = 0;

 private:
  Task<> execute_task_;
  std::shared_ptr<CancellationTokenSource> stopping_;
};

// What the host does when a BackgroundService's ExecuteAsync fails.
enum class BackgroundServiceExceptionBehavior {
  StopHost,  // log it and stop the host (the default since .NET 6)
  Ignore,    // log it; the host runs on
};

// HostOptions.
struct HostOptions {
  // How long StopAsync waits for the services' StopAsync (one deadline
  // for all of them, as .NET 8); the token they get is canceled then.
  std::chrono::nanoseconds ShutdownTimeout = std::chrono::seconds(30);
  async::BackgroundServiceExceptionBehavior BackgroundServiceExceptionBehavior =
      async::BackgroundServiceExceptionBehavior::StopHost;
  // RunAsync stops the host on SIGINT/SIGTERM (Windows: Ctrl+C, Ctrl+Break,
  // console close), as .NET's ConsoleLifetime does.
  bool HandleShutdownSignals = true;
};

namespace detail {
class HostState;
}  // namespace detail

// IHost (with IHostApplicationLifetime's tokens and StopApplication). A
// copyable shared handle.
class Host {
 public:
  // An empty handle (assign a built host to it); its members throw
  // InvalidOperationException.
  Host() noexcept = default;

  // Starts the services in order (each StartAsync awaited before the next).
  // A service whose StartAsync fails fails the start (logged); the services
  // started before it are not stopped (call StopAsync, as .NET).
  Task<> StartAsync(CancellationToken cancellationToken = CancellationToken::None()) const;
  // Asks the application to stop (ApplicationStopping), then stops the
  // started services in reverse order; the token they get is canceled
  // after ShutdownTimeout or when cancellationToken is. A service that has
  // not stopped when that token fires is left behind (logged) and the next
  // one is stopped. Faults with an AggregateException of every exception
  // the services' StopAsync threw.
  Task<> StopAsync(CancellationToken cancellationToken = CancellationToken::None()) const;
  // Requests the stop (IHostApplicationLifetime.StopApplication):
  // RunAsync / WaitForShutdownAsync then stop the host. Idempotent.
  void StopApplication() const;
  // StartAsync, WaitForShutdownAsync. Faults with the exception that
  // stopped the host: a failed start, a BackgroundService's failure (with
  // BackgroundServiceExceptionBehavior::StopHost), or a failed stop.
  Task<> RunAsync(CancellationToken cancellationToken = CancellationToken::None()) const;
  // Waits for StopApplication (or cancellationToken, or a shutdown signal
  // while RunAsync runs), then StopAsync.
  Task<> WaitForShutdownAsync(CancellationToken cancellationToken = CancellationToken::None()) const;

  CancellationToken ApplicationStarted() const;
  CancellationToken ApplicationStopping() const;
  CancellationToken ApplicationStopped() const;
  const std::vector<std::shared_ptr<IHostedService>>& Services() const;
  const HostOptions& Options() const;

 private:
  friend class HostBuilder;
  explicit Host(std::shared_ptr<detail::HostState> state) : state_(std::move(state)) {}
  detail::HostState& State() const;
  std::shared_ptr<detail::HostState> state_;
};

// HostBuilder (Host.CreateDefaultBuilder without configuration or DI: the
// services are constructed by Build(), in registration order).
class HostBuilder {
 public:
  // Registers a T (an IHostedService) built as T(args...) by Build().
  template <class T, class... Args>
  HostBuilder& AddHostedService(Args&&... args) {
    static_assert(std::is_base_of_v<IHostedService, T>, "AddHostedService<T>: T must derive from IHostedService");
    factories_.push_back([args = std::make_tuple(std::forward<Args>(args)...)]() mutable {
      return std::apply([](auto&... a) -> std::shared_ptr<IHostedService> { return std::make_shared<T>(a...); },
                        args);
    });
    return *this;
  }
  // Registers an existing service object.
  HostBuilder& AddHostedService(std::shared_ptr<IHostedService> service);
  HostBuilder& ConfigureHostOptions(std::function<void(HostOptions&)> configure);
  // The host's logger (default: StderrLogger).
  HostBuilder& UseLogger(std::shared_ptr<ILogger> logger);
  // Builds the services and the host. Only once per builder
  // (InvalidOperationException after).
  Host Build();

 private:
  std::vector<std::function<std::shared_ptr<IHostedService>()>> factories_;
  HostOptions options_;
  std::shared_ptr<ILogger> logger_;
  bool built_ = false;
};

namespace detail {
// SIGINT/SIGTERM (Windows: console control events) while at least one
// registration exists: each registered callback is posted to the thread
// pool when one arrives. The handlers are installed with the first
// registration and the previous ones restored after the last.
std::uint64_t RegisterShutdownSignalCallback(std::function<void()> callback);
void UnregisterShutdownSignalCallback(std::uint64_t id) noexcept;
}  // namespace detail

}  // namespace async
