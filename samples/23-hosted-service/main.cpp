// Guide section "Background Tasks" / "IHostedService".
//
//   public class DatabaseMigrationService : IHostedService
//   {
//       private readonly IServiceProvider _services;
//       public DatabaseMigrationService(IServiceProvider services) => _services = services;
//
//       public async Task StartAsync(CancellationToken ct)
//       {
//           using var scope = _services.CreateScope();
//           var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
//           await db.Database.MigrateAsync(ct);
//       }
//
//       public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
//   }
//
// Differences: there is no dependency injection or EF Core here: the
// "database" is a small class whose MigrateAsync applies migrations with a
// delay each, handed to the service's constructor through
// AddHostedService<T>(args...). A second service registered after it shows
// that the host awaits each StartAsync before starting the next, and stops
// them in reverse order.
#include <async/async.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

using namespace std::chrono_literals;

struct AppDatabase {
  std::vector<std::string> applied;
  ASYNC async::Task<> MigrateAsync(async::CancellationToken ct) {
    for (const char* m : {"001_create_users", "002_add_email_index"}) {
      co_await async::Delay(1ms, ct);
      applied.push_back(m);
      std::printf("applied migration %s\n", m);
    }
  }
};

class DatabaseMigrationService : public async::IHostedService {
 public:
  explicit DatabaseMigrationService(std::shared_ptr<AppDatabase> db) : db_(std::move(db)) {}
  ASYNC async::Task<> StartAsync(async::CancellationToken ct) override {
    co_await db_->MigrateAsync(ct);
  }
  async::Task<> StopAsync(async::CancellationToken) override { return async::CompletedTask(); }

 private:
  std::shared_ptr<AppDatabase> db_;
};

class ApiService : public async::IHostedService {
 public:
  explicit ApiService(std::shared_ptr<AppDatabase> db) : db_(std::move(db)) {}
  async::Task<> StartAsync(async::CancellationToken) override {
    std::printf("api starts with %zu migrations applied\n", db_->applied.size());
    return async::CompletedTask();
  }
  async::Task<> StopAsync(async::CancellationToken) override {
    std::printf("api stopped\n");
    return async::CompletedTask();
  }

 private:
  std::shared_ptr<AppDatabase> db_;
};

ASYNC async::Task<int> MainAsync() {
  auto db = std::make_shared<AppDatabase>();
  async::Host host = async::HostBuilder()
                         .AddHostedService<DatabaseMigrationService>(db)
                         .AddHostedService<ApiService>(db)
                         .Build();
  co_await host.StartAsync();
  std::printf("host started\n");
  co_await host.StopAsync();
  std::printf("host stopped\n");
  co_return db->applied.size() == 2 ? 0 : 1;
}

int main() { return async::AsyncContext::Run(MainAsync); }
