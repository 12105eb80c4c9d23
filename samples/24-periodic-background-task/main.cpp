// Guide section "Background Tasks" / "Periodic Background Task".
//
//   public class CacheRefreshService : BackgroundService
//   {
//       private readonly IServiceProvider _services;
//       private readonly TimeSpan _interval = TimeSpan.FromMinutes(5);
//
//       protected override async Task ExecuteAsync(CancellationToken stoppingToken)
//       {
//           using var timer = new PeriodicTimer(_interval);
//
//           await RefreshCacheAsync(stoppingToken); // run once immediately
//
//           while (await timer.WaitForNextTickAsync(stoppingToken))
//           {
//               await RefreshCacheAsync(stoppingToken);
//           }
//       }
//   }
//
// Differences: there is no dependency injection: the cache is a small
// class handed to the service's constructor through
// AddHostedService<T>(args...). The interval is 10 ms instead of 5 minutes.
// `using var timer` is a local async::PeriodicTimer (its destructor
// disposes it). The program does not run until Ctrl+C: the service counts
// its refreshes and, after the one at start and three ticks, cancels the
// token the program gave to Host::RunAsync (which asks the application to
// stop) and disposes the timer, so that no further tick can come before
// the host has canceled stoppingToken: the loop ends (WaitForNextTickAsync
// returns false, or is canceled if the host's stop came first) and the
// output does not depend on timing.
#include <async/async.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

using namespace std::chrono_literals;

// The cached data: a version number that each refresh bumps.
struct Cache {
  int version = 0;
  int ticks = 0;  // refreshes started by a timer tick
};

// Prints the host's warnings and errors (none are expected) on stdout, so
// that a failure shows in the compared output.
class ConsoleLogger : public async::ILogger {
 public:
  void Log(async::LogLevel level, const std::string& message) override {
    if (level >= async::LogLevel::Warning) std::printf("host: %s\n", message.c_str());
  }
};

class CacheRefreshService : public async::BackgroundService {
 public:
  CacheRefreshService(std::shared_ptr<Cache> cache, std::shared_ptr<async::CancellationTokenSource> shutdown,
                      int ticksBeforeShutdown)
      : cache_(std::move(cache)), shutdown_(std::move(shutdown)), ticks_before_shutdown_(ticksBeforeShutdown) {}

 protected:
  ASYNC async::Task<> ExecuteAsync(async::CancellationToken stoppingToken) override {
    // using var timer = new PeriodicTimer(_interval);
    async::PeriodicTimer timer(interval_);

    co_await RefreshCacheAsync(stoppingToken);  // run once immediately

    while (co_await timer.WaitForNextTickAsync(stoppingToken)) {
      ++cache_->ticks;
      co_await RefreshCacheAsync(stoppingToken);
      if (cache_->ticks == ticks_before_shutdown_) {
        std::printf("%d ticks: shutting down\n", cache_->ticks);
        shutdown_->Cancel();  // the host stops asynchronously
        timer.Dispose();      // the next wait returns false: no tick in between
      }
    }
  }

 private:
  ASYNC async::Task<> RefreshCacheAsync(async::CancellationToken ct) {
    co_await async::Delay(1ms, ct);  // loading the data
    ++cache_->version;
    std::printf("cache refreshed: version %d\n", cache_->version);
  }

  std::shared_ptr<Cache> cache_;
  std::shared_ptr<async::CancellationTokenSource> shutdown_;
  int ticks_before_shutdown_;
  const std::chrono::milliseconds interval_ = 10ms;
};

ASYNC async::Task<int> MainAsync() {
  auto cache = std::make_shared<Cache>();
  auto shutdown = std::make_shared<async::CancellationTokenSource>();
  async::Host host = async::HostBuilder()
                         .AddHostedService<CacheRefreshService>(cache, shutdown, 3)
                         .UseLogger(std::make_shared<ConsoleLogger>())
                         .Build();
  // Runs until the service cancels `shutdown` (or Ctrl+C).
  co_await host.RunAsync(shutdown->Token());
  bool stopped = host.ApplicationStopped().IsCancellationRequested();
  std::printf("host stopped: %s, %d refreshes, %d ticks\n", stopped ? "yes" : "no", cache->version,
              cache->ticks);
  co_return stopped && cache->version == 4 && cache->ticks == 3 ? 0 : 1;
}

int main() { return async::AsyncContext::Run(MainAsync); }
