// Guide section "Common Pitfalls: Mixing Sync and Async".
//
//   // Bad — synchronous method calling async with .Result
//   public List<User> GetUsers()
//   {
//       return _dbContext.Users.ToListAsync().Result; // blocking
//   }
//
//   // Good — make the method async
//   public async Task<List<User>> GetUsersAsync()
//   {
//       return await _dbContext.Users.ToListAsync();
//   }
//
// The database client comes later (the guide's EF Core section); AppDbContext
// here is an in-memory stand-in whose Users.ToListAsync() completes after a
// simulated round trip, as a real query does.
//
// What asyncc does about it: GetUsers() is an ordinary function, so the tool
// says nothing there; the runtime does: called on the single-threaded
// context (a UI thread), the Result() would wait for a continuation queued
// to that same thread, so it throws InvalidOperationException ("deadlock:
// ...") instead of hanging. Off any context it works, holding a thread for
// the whole query. Once the mistake moves into an ASYNC function
// (RefreshMixedAsync), the tool warns at it (the test checks the warning).
// The fix makes every caller async in turn: GetUsersAsync, RefreshAsync.
#include <async/async.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

using namespace std::chrono_literals;

struct User {
  int Id;
  std::string Name;
};

class UserSet {
 public:
  explicit UserSet(std::vector<User> rows) : rows_(std::move(rows)) {}
  ASYNC async::Task<std::vector<User>> ToListAsync() {
    co_await async::Delay(10ms);  // the database round trip
    co_return rows_;
  }

 private:
  std::vector<User> rows_;
};

class AppDbContext {
 public:
  UserSet Users{{{1, "Alice"}, {2, "Bob"}, {3, "Charlie"}}};
};

class UserService {
 public:
  // Bad: a synchronous method calling async with Result().
  std::vector<User> GetUsers() {
    return _dbContext.Users.ToListAsync().Result();  // blocking
  }

  // Good: make the method async.
  ASYNC async::Task<std::vector<User>> GetUsersAsync() {
    std::vector<User> users = co_await _dbContext.Users.ToListAsync();
    co_return users;
  }

  // The mistake one level up, inside an async method: the tool warns here.
  ASYNC async::Task<std::string> RefreshMixedAsync() {
    co_await async::Yield();
    std::vector<User> users = GetUsersAsync().Result();  // warning: blocking call
    co_return Names(users);
  }

  // Async all the way up.
  ASYNC async::Task<std::string> RefreshAsync() {
    std::vector<User> users = co_await GetUsersAsync();
    co_return Names(users);
  }

  static std::string Names(const std::vector<User>& users) {
    std::string s;
    for (const User& u : users) s += (s.empty() ? "" : ", ") + u.Name;
    return s;
  }

 private:
  AppDbContext _dbContext;
};

int Check(bool ok, const char* what) {
  std::printf("  %s: %s\n", what, ok ? "yes" : "NO");
  return ok ? 0 : 1;
}

ASYNC async::Task<int> UiThreadAsync(UserService& service) {
  int failures = 0;
  std::printf("On the context thread (a UI thread):\n");
  try {
    std::vector<User> users = service.GetUsers();
    std::printf("  GetUsers() returned %zu users: WRONG\n", users.size());
    ++failures;
  } catch (const async::InvalidOperationException& e) {
    std::printf("  GetUsers(): InvalidOperationException: %s\n", e.what());
  }
  try {
    std::string names = co_await service.RefreshMixedAsync();
    std::printf("  RefreshMixedAsync returned %s: WRONG\n", names.c_str());
    ++failures;
  } catch (const async::InvalidOperationException&) {
    std::printf("  RefreshMixedAsync: the same InvalidOperationException, through its task\n");
  }
  std::string names = co_await service.RefreshAsync();
  std::printf("  RefreshAsync: %s\n", names.c_str());
  failures += Check(names == "Alice, Bob, Charlie", "async all the way up works");
  co_return failures;
}

int main() {
  UserService service;
  int failures = async::AsyncContext::Run([&service] { return UiThreadAsync(service); });

  std::printf("With no SynchronizationContext (ASP.NET Core):\n");
  std::vector<User> users = service.GetUsers();  // no deadlock; this thread just waits
  failures += Check(UserService::Names(users) == "Alice, Bob, Charlie",
                    "GetUsers() works, holding this thread for the whole query");

  std::printf("%s\n", failures == 0 ? "PASS" : "FAIL");
  return failures == 0 ? 0 : 1;
}
