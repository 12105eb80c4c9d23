// BackgroundService and Host from ASYNC code: ExecuteAsync and the
// IHostedService methods are ASYNC overrides; services start in order and
// stop in reverse order; StopApplication ends RunAsync; an exception
// escaping ExecuteAsync is logged and stops the host, and RunAsync rethrows it.
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

using namespace std::chrono_literals;

class StdoutErrors : public async::ILogger {
 public:
  void Log(async::LogLevel level, const std::string& message) override {
    if (level == async::LogLevel::Error) std::printf("  log: %s\n", message.c_str());
  }
};

class Database : public async::IHostedService {
 public:
  ASYNC async::Task<> StartAsync(async::CancellationToken ct) override {
    co_await async::Delay(1ms, ct);
    std::printf("  database started\n");
  }
  ASYNC async::Task<> StopAsync(async::CancellationToken) override {
    co_await async::Yield();
    std::printf("  database stopped\n");
  }
};

class Ticker : public async::BackgroundService {
 public:
  explicit Ticker(const async::Host* host) : host_(host) {}

 protected:
  ASYNC async::Task<> ExecuteAsync(async::CancellationToken stoppingToken) override {
    std::printf("  ticker running\n");
    for (int tick = 1; tick <= 3; ++tick) {
      co_await async::Delay(1ms, stoppingToken);
      std::printf("  tick %d\n", tick);
    }
    host_->StopApplication();
    try {
      co_await async::Delay(10s, stoppingToken);
    } catch (const async::OperationCanceledException&) {
      std::printf("  ticker stopping\n");
    }
  }

 private:
  const async::Host* host_;
};

class Crasher : public async::BackgroundService {
 protected:
  ASYNC async::Task<> ExecuteAsync(async::CancellationToken stoppingToken) override {
    co_await async::Delay(1ms, stoppingToken);
    throw std::runtime_error("disk full");
  }
};

ASYNC async::Task<int> MainAsync() {
  std::printf("host 1:\n");
  async::Host host;
  host = async::HostBuilder()
             .AddHostedService<Database>()
             .AddHostedService<Ticker>(&host)
             .UseLogger(std::make_shared<StdoutErrors>())
             .Build();
  co_await host.RunAsync();
  std::printf("  RunAsync ended\n");

  std::printf("host 2:\n");
  async::Host failing = async::HostBuilder()
                            .AddHostedService<Database>()
                            .AddHostedService<Crasher>()
                            .UseLogger(std::make_shared<StdoutErrors>())
                            .Build();
  try {
    co_await failing.RunAsync();
  } catch (const std::runtime_error& e) {
    std::printf("  RunAsync rethrew: %s\n", e.what());
  }
  co_return 0;
}

int main() { return async::AsyncContext::Run(MainAsync); }

// CHECK:      host 1:
// CHECK-NEXT:   database started
// CHECK-NEXT:   ticker running
// CHECK-NEXT:   tick 1
// CHECK-NEXT:   tick 2
// CHECK-NEXT:   tick 3
// CHECK-NEXT:   ticker stopping
// CHECK-NEXT:   database stopped
// CHECK-NEXT:   RunAsync ended
// CHECK-NEXT: host 2:
// CHECK-NEXT:   database started
// CHECK-NEXT:   log: BackgroundService failed: disk full
// CHECK-NEXT:   database stopped
// CHECK-NEXT:   RunAsync rethrew: disk full
