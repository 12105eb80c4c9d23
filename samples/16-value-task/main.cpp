// Guide section "ValueTask" (and its guidelines).
//
//   // Use ValueTask when the result is often available immediately
//   public ValueTask<string> GetCachedValueAsync(string key)
//   {
//       if (_cache.TryGetValue(key, out string? value))
//       {
//           return new ValueTask<string>(value); // synchronous — no allocation
//       }
//       return new ValueTask<string>(FetchFromDbAsync(key)); // async — allocates
//   }
//
//   - Use ValueTask<T> only when the synchronous path is the common case.
//   - Do not await a ValueTask twice — it's not reusable like Task.
//   - Do not store a ValueTask in a field or return it from a property —
//     convert to Task first with .AsTask().
//   - When in doubt, use Task<T>.
//
// async::ValueTask<T> holds the result inline or wraps a Task<T>, as .NET's
// does. Awaiting one twice is undefined in .NET; here it always throws
// InvalidOperationException, so the sample can show the rule being broken.
// An ASYNC function may also return ValueTask<T> (C#'s `async ValueTask<T>`).
#include <async/async.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <string>

using namespace std::chrono_literals;

class Repository {
 public:
  // Use ValueTask when the result is often available immediately.
  async::ValueTask<std::string> GetCachedValueAsync(const std::string& key) {
    auto it = _cache.find(key);
    if (it != _cache.end()) {
      return async::ValueTask<std::string>(it->second);  // synchronous: no Task object
    }
    return async::ValueTask<std::string>(FetchFromDbAsync(key));  // asynchronous: a Task
  }

  // `async ValueTask<int>`: an async method returning ValueTask.
  ASYNC async::ValueTask<int> GetLengthAsync(std::string key) {
    std::string value = co_await GetCachedValueAsync(key);
    co_return static_cast<int>(value.size());
  }

  int DbQueries() const { return dbQueries_; }

 private:
  ASYNC async::Task<std::string> FetchFromDbAsync(std::string key) {
    ++dbQueries_;
    co_await async::Delay(10ms);  // the database round trip
    std::string value = "value of " + key;
    _cache[key] = value;
    co_return value;
  }

  std::map<std::string, std::string> _cache;
  int dbQueries_ = 0;
};

int Check(bool ok, const char* what) {
  std::printf("  %s: %s\n", what, ok ? "yes" : "NO");
  return ok ? 0 : 1;
}

ASYNC async::Task<int> MainAsync() {
  int failures = 0;
  Repository repo;

  std::printf("First read of \"alpha\" (cache miss):\n");
  async::ValueTask<std::string> miss = repo.GetCachedValueAsync("alpha");
  failures += Check(!miss.IsCompleted() && miss.TaskHandle().IsValid(), "pending, backed by a Task");
  std::string first = co_await miss;
  std::printf("  %s\n", first.c_str());

  std::printf("Second read of \"alpha\" (cache hit):\n");
  async::ValueTask<std::string> hit = repo.GetCachedValueAsync("alpha");
  failures += Check(hit.IsCompletedSuccessfully() && !hit.TaskHandle().IsValid(),
                    "complete at once, the value held inline (no Task allocated)");
  std::string second = co_await hit;  // no suspension
  std::printf("  %s\n", second.c_str());
  failures += Check(first == second && repo.DbQueries() == 1, "one database query for two reads");

  std::printf("async ValueTask<int> GetLengthAsync:\n");
  int length = co_await repo.GetLengthAsync("alpha");
  int otherLength = co_await repo.GetLengthAsync("beta");
  std::printf("  alpha: %d, beta: %d\n", length, otherLength);
  failures += Check(length == 14 && otherLength == 13 && repo.DbQueries() == 2, "lengths 14 and 13");

  std::printf("Do not await a ValueTask twice:\n");
  async::ValueTask<std::string> once = repo.GetCachedValueAsync("alpha");
  std::string value = co_await once;
  std::printf("  first co_await: \"%s\"\n", value.c_str());
  try {
    std::string again = co_await once;
    std::printf("  second await gave \"%s\": WRONG\n", again.c_str());
    ++failures;
  } catch (const async::InvalidOperationException&) {
    std::printf("  the second co_await threw InvalidOperationException\n");
  }

  std::printf("Store it as a Task with AsTask():\n");
  async::Task<std::string> stored = repo.GetCachedValueAsync("gamma").AsTask();
  std::string a = co_await stored;
  std::string b = co_await stored;  // a Task can be awaited any number of times
  failures += Check(a == b && a == "value of gamma", "the Task gives the value to every await");

  std::printf("%s\n", failures == 0 ? "PASS" : "FAIL");
  co_return failures == 0 ? 0 : 1;
}

int main() { return async::AsyncContext::Run(MainAsync); }
