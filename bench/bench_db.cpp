// bench_db: 10,000 `SELECT $1::int` queries against a local PostgreSQL
// server (issue 16, docs/performance.md "PostgreSQL client"):
//
//   async     async::db, all queries issued from one thread (an
//             AsyncContext: every continuation runs on it), 100 in flight
//             over an NpgsqlDataSource of 10 connections; libpq is driven
//             by the reactor thread
//   async-pool  the same, the continuations on the thread pool instead of
//             one thread (for comparison)
//   blocking  libpq's blocking PQexecParams on 10 threads, one connection
//             each, 1,000 queries per thread
//
// Both in the same run, alternating, for a number of rounds; prints one
// JSON line per round and the median of each.
//
//   bench_db <conninfo> [queries=10000] [rounds=5]
#include <libpq-fe.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <async/async.h>
#include <async/db/db.h>

using Clock = std::chrono::steady_clock;

namespace {

constexpr int kInFlight = 100;
constexpr int kPoolSize = 10;
constexpr int kThreads = 10;

std::atomic<long> g_checksum{0};

// One of the 100 concurrent workers: its share of the queries, one at a time.
async::Task<> Worker(async::db::NpgsqlDataSource ds, int first, int count) {
  for (int i = first; i < first + count; ++i) {
    async::db::NpgsqlConnection c = co_await ds.OpenConnectionAsync();
    async::db::NpgsqlCommand cmd("SELECT $1::int", c);
    cmd.Parameters().Add(i);
    async::db::DbValue v = co_await cmd.ExecuteScalarAsync();
    g_checksum += v.GetInt32();
    co_await c.CloseAsync();
  }
}

async::Task<> RunAll(async::db::NpgsqlDataSource ds, int queries) {
  std::vector<async::Task<>> workers;
  const int per = queries / kInFlight;
  for (int w = 0; w < kInFlight; ++w) workers.push_back(Worker(ds, w * per, per));
  co_await async::WhenAll(std::move(workers));
}

double AsyncRound(const std::string& conninfo, int queries, bool one_thread) {
  auto ds = async::db::NpgsqlDataSource::Create(conninfo, kPoolSize);
  // Open the pool's connections first: the round measures queries.
  {
    std::vector<async::db::NpgsqlConnection> warm;
    for (int i = 0; i < kPoolSize; ++i) warm.push_back(ds.OpenConnectionAsync().Result());
    for (auto& c : warm) c.CloseAsync().Wait();
  }
  const auto start = Clock::now();
  if (one_thread) {
    async::AsyncContext::Run([&] { return RunAll(ds, queries); });
  } else {
    RunAll(ds, queries).Wait();
  }
  const double s = std::chrono::duration<double>(Clock::now() - start).count();
  ds.DisposeAsync().Wait();
  return queries / s;
}

double BlockingRound(const std::string& conninfo, int queries) {
  std::vector<PGconn*> conns;
  for (int t = 0; t < kThreads; ++t) {
    PGconn* c = PQconnectdb(conninfo.c_str());
    if (PQstatus(c) != CONNECTION_OK) {
      std::fprintf(stderr, "blocking connect failed: %s", PQerrorMessage(c));
      std::exit(1);
    }
    conns.push_back(c);
  }
  const int per = queries / kThreads;
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t * per; i < (t + 1) * per; ++i) {
        const std::string value = std::to_string(i);
        const char* values[] = {value.c_str()};
        PGresult* r = PQexecParams(conns[static_cast<std::size_t>(t)], "SELECT $1::int", 1, nullptr, values, nullptr,
                                   nullptr, 0);
        if (PQresultStatus(r) != PGRES_TUPLES_OK) std::abort();
        g_checksum += std::atoi(PQgetvalue(r, 0, 0));
        PQclear(r);
      }
    });
  }
  for (auto& th : threads) th.join();
  const double s = std::chrono::duration<double>(Clock::now() - start).count();
  for (PGconn* c : conns) PQfinish(c);
  return queries / s;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_db <conninfo> [queries=10000] [rounds=5]\n");
    return 2;
  }
  const std::string conninfo = argv[1];
  const int queries = argc > 2 ? std::atoi(argv[2]) : 10000;
  const int rounds = argc > 3 ? std::atoi(argv[3]) : 5;
  std::vector<double> async_qps, pool_qps, blocking_qps;
  for (int r = 0; r < rounds; ++r) {
    async_qps.push_back(AsyncRound(conninfo, queries, true));
    pool_qps.push_back(AsyncRound(conninfo, queries, false));
    blocking_qps.push_back(BlockingRound(conninfo, queries));
    std::printf("{\"round\": %d, \"async_qps\": %.0f, \"async_pool_qps\": %.0f, \"blocking_qps\": %.0f}\n", r,
                async_qps.back(), pool_qps.back(), blocking_qps.back());
    std::fflush(stdout);
  }
  const long expected = static_cast<long>(rounds) * 3 * (static_cast<long>(queries) * (queries - 1) / 2);
  if (g_checksum.load() != expected) {
    std::fprintf(stderr, "wrong results: checksum %ld, expected %ld\n", g_checksum.load(), expected);
    return 1;
  }
  std::printf("{\"queries\": %d, \"rounds\": %d, \"median_async_qps\": %.0f, \"median_async_pool_qps\": %.0f, "
              "\"median_blocking_qps\": %.0f, \"async_over_blocking\": %.2f}\n",
              queries, rounds, Median(async_qps), Median(pool_qps), Median(blocking_qps),
              Median(async_qps) / Median(blocking_qps));
  return 0;
}
