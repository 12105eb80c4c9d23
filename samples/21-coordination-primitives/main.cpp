// The guide's "Async Coordination Primitives": SemaphoreSlim for rate
// limiting (RateLimitedService), the guide's own AsyncLock built on
// SemaphoreSlim(1, 1), and the Cache that uses it. The runtime also has
// async::AsyncLock (Nito.AsyncEx's shape); the Cache below is shown with both.
//
// httpClient.GetStringAsync is replaced by a fake fetch (a short Delay), so
// the sample needs no network. The program checks itself.
#include <async/async.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace {

using namespace std::chrono_literals;

int g_in_flight = 0;      // fetches running now (one thread: AsyncContext::Run)
int g_max_in_flight = 0;  // the most that ever ran at once

ASYNC async::Task<std::string> FakeGetStringAsync(std::string url) {
  ++g_in_flight;
  if (g_in_flight > g_max_in_flight) g_max_in_flight = g_in_flight;
  co_await async::Delay(5ms);
  --g_in_flight;
  co_return "<body of " + url + ">";
}

// public class RateLimitedService {
//   private readonly SemaphoreSlim _semaphore = new(3); // max 3 concurrent
//   public async Task<string> FetchAsync(string url) {
//     await _semaphore.WaitAsync();
//     try { return await httpClient.GetStringAsync(url); }
//     finally { _semaphore.Release(); }
//   }
// }
// asyncc has no `finally`: the release is a guard's destructor, which runs
// on every way out (the return, or an exception from the fetch).
class RateLimitedService {
 public:
  ASYNC async::Task<std::string> FetchAsync(std::string url) {
    co_await semaphore_.WaitAsync();
    ReleaseOnExit release(semaphore_);  // finally { _semaphore.Release(); }
    std::string body = co_await FakeGetStringAsync(url);
    co_return body;
  }

 private:
  struct ReleaseOnExit {
    explicit ReleaseOnExit(async::SemaphoreSlim &s) : semaphore(s) {}
    ReleaseOnExit(const ReleaseOnExit &) = delete;
    ReleaseOnExit &operator=(const ReleaseOnExit &) = delete;
    ~ReleaseOnExit() { semaphore.Release(); }
    async::SemaphoreSlim &semaphore;
  };
  async::SemaphoreSlim semaphore_{3};  // max 3 concurrent
};

// The guide's AsyncLock (C# has no built-in async lock):
//   public class AsyncLock {
//     private readonly SemaphoreSlim _semaphore = new(1, 1);
//     public async Task<IDisposable> LockAsync(CancellationToken ct = default) {
//       await _semaphore.WaitAsync(ct);
//       return new Releaser(_semaphore);
//     }
//     private sealed class Releaser(SemaphoreSlim semaphore) : IDisposable {
//       public void Dispose() => semaphore.Release();
//     }
//   }
// IDisposable + `using` is a move-only RAII object in C++.
class GuideAsyncLock {
 public:
  class Releaser {
   public:
    explicit Releaser(async::SemaphoreSlim *semaphore) : semaphore_(semaphore) {}
    Releaser(Releaser &&o) noexcept : semaphore_(o.semaphore_) { o.semaphore_ = nullptr; }
    Releaser(const Releaser &) = delete;
    Releaser &operator=(const Releaser &) = delete;
    Releaser &operator=(Releaser &&) = delete;
    ~Releaser() {
      if (semaphore_ != nullptr) semaphore_->Release();  // Dispose()
    }

   private:
    async::SemaphoreSlim *semaphore_;
  };

  ASYNC async::Task<Releaser> LockAsync(async::CancellationToken ct = {}) {
    co_await semaphore_.WaitAsync(ct);
    co_return Releaser(&semaphore_);
  }

 private:
  async::SemaphoreSlim semaphore_{1, 1};
};

// public class Cache {
//   private readonly AsyncLock _lock = new();
//   private readonly Dictionary<string, string> _data = new();
//   public async Task<string> GetOrAddAsync(string key, Func<Task<string>> factory) {
//     using (await _lock.LockAsync()) {
//       if (_data.TryGetValue(key, out var value)) return value;
//       value = await factory();
//       _data[key] = value;
//       return value;
//     }
//   }
// }
// `using (await _lock.LockAsync())` is a guard local: the lock is released
// when the guard goes out of scope, on every way out.
template <class Lock>
class Cache {
 public:
  ASYNC async::Task<std::string> GetOrAddAsync(std::string key,
                                               std::function<async::Task<std::string>()> factory) {
    auto guard = co_await lock_.LockAsync();
    auto found = data_.find(key);
    if (found != data_.end()) co_return found->second;
    std::string value = co_await factory();
    data_[key] = value;
    co_return value;
  }

 private:
  Lock lock_;
  std::map<std::string, std::string> data_;
};

int g_factory_calls = 0;

ASYNC async::Task<std::string> SlowFactory(std::string key) {
  ++g_factory_calls;
  co_await async::Delay(2ms);
  co_return "value of " + key;
}

// Four concurrent lookups of one key: the lock makes the later three wait
// for the first, which fills the cache, so the factory runs once.
template <class Lock>
ASYNC async::Task<int> UseCache(const char *name) {
  Cache<Lock> cache;
  g_factory_calls = 0;
  std::vector<async::Task<std::string>> lookups;
  for (int i = 0; i < 4; ++i) {
    lookups.push_back(cache.GetOrAddAsync("answer", [] { return SlowFactory("answer"); }));
  }
  std::vector<std::string> values = co_await async::WhenAll(lookups);
  int failures = 0;
  for (const std::string &v : values) failures += v != "value of answer";
  std::printf("%s: %zu lookups, factory ran %d time(s), value \"%s\"\n", name, values.size(),
              g_factory_calls, values[0].c_str());
  co_return failures + (g_factory_calls == 1 ? 0 : 1);
}

ASYNC async::Task<int> MainAsync() {
  int failures = 0;

  RateLimitedService service;
  std::vector<async::Task<std::string>> fetches;
  for (int i = 0; i < 10; ++i) {
    fetches.push_back(service.FetchAsync("https://example.com/" + std::to_string(i)));
  }
  std::vector<std::string> bodies = co_await async::WhenAll(fetches);
  std::printf("fetched %zu pages; first: %s\n", bodies.size(), bodies[0].c_str());
  std::printf("at most %d fetches ran at once (limit 3)\n", g_max_in_flight);
  if (bodies.size() != 10 || g_max_in_flight != 3) ++failures;

  const int guide_failures = co_await UseCache<GuideAsyncLock>("guide's AsyncLock");
  const int runtime_failures = co_await UseCache<async::AsyncLock>("async::AsyncLock");
  failures += guide_failures + runtime_failures;

  std::printf(failures == 0 ? "all checks passed\n" : "%d checks failed\n", failures);
  co_return failures == 0 ? 0 : 1;
}

}  // namespace

int main() { return async::AsyncContext::Run(MainAsync); }
