// Helpers for the async::db tests: the server's connection string (from the
// pg_cluster fixture) and running a coroutine body to completion.
#pragma once

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <future>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include <async/async.h>
#include <async/db/db.h>

namespace asyncc_db_test {

// The connection string of the fixture's server. Fails the test (never
// skips) when the fixture did not provide one.
inline std::string ConnInfo() {
  // The environment, else the fixture's file in this build tree.
  const char* file = std::getenv("ASYNCC_PG_CONNINFO_FILE");
#ifdef ASYNCC_PG_DEFAULT_CONNINFO_FILE
  if (file == nullptr) file = ASYNCC_PG_DEFAULT_CONNINFO_FILE;
#endif
  if (file == nullptr) {
    ADD_FAILURE() << "ASYNCC_PG_CONNINFO_FILE is not set: run the database tests through ctest "
                     "(fixture pg_cluster, test/db/pg_cluster.sh), or set it to a file holding a "
                     "libpq connection string";
    return {};
  }
  std::ifstream in(file);
  std::string line;
  if (!in || !std::getline(in, line) || line.empty()) {
    ADD_FAILURE() << "no connection string in " << file
                  << ": the PostgreSQL test server did not start (see the output of ctest's db.cluster.start)";
    return {};
  }
  return line;
}

// Blocks until t completes; returns its result or throws its exception.
template <class T>
T Sync(async::Task<T> t) {
  std::promise<void> done;
  std::future<void> ready = done.get_future();
  auto awaiter = t.GetAwaiter();
  if (!awaiter.IsCompleted()) {
    awaiter.OnCompleted(async::Continuation([&done] { done.set_value(); }));
    ready.wait();
  }
  if constexpr (std::is_void_v<T>) {
    t.GetAwaiter().GetResult();
  } else {
    return t.GetAwaiter().GetResult();
  }
}

// Waits (up to 10 s) for pred() to hold: for effects that complete on
// another thread just after the awaited task (a handle copy held by a
// completing continuation is released there).
template <class Pred>
bool Eventually(Pred pred) {
  for (int i = 0; i < 10000; ++i) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return pred();
}

// An open connection to the fixture's server.
inline async::db::NpgsqlConnection Open() {
  async::db::NpgsqlConnection c(ConnInfo());
  Sync(c.OpenAsync());
  return c;
}

}  // namespace asyncc_db_test
