// async::db: the pool (NpgsqlDataSource) and transactions.
#include <atomic>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <unistd.h>

#include <gtest/gtest.h>

#include <async/async.h>
#include <async/db/db.h>

#include "db_test_util.h"

namespace {

using namespace async::db;
using asyncc_db_test::ConnInfo;
using asyncc_db_test::Open;
using asyncc_db_test::Sync;

// One query on a pooled connection: SELECT @i after a short sleep, so that
// queries overlap and the pool limit is reached.
async::Task<int> PooledQuery(NpgsqlDataSource ds, int i) {
  NpgsqlConnection c = co_await ds.OpenConnectionAsync();
  NpgsqlCommand cmd("SELECT @i::int FROM pg_sleep(0.005)", c);
  cmd.Parameters().AddWithValue("i", i);
  DbValue v = co_await cmd.ExecuteScalarAsync();
  co_await c.CloseAsync();
  co_return v.GetInt32();
}

TEST(DbPool, HundredQueriesInFlightFromOneThreadOverTenConnections) {
  // Named, to count this pool's connections on the server (other tests may
  // run beside this one).
  const std::string app = "hundred_" + std::to_string(::getpid());
  auto ds = NpgsqlDataSource::Create(ConnInfo() + " application_name=" + app, 10);
  std::vector<async::Task<int>> tasks;
  // All started from this thread before any completes.
  for (int i = 0; i < 100; ++i) tasks.push_back(PooledQuery(ds, i));
  EXPECT_LE(ds.TotalCount(), 10);
  auto results = Sync(async::WhenAll(std::move(tasks)));
  ASSERT_EQ(results.size(), 100u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(results[static_cast<std::size_t>(i)], i);
  EXPECT_EQ(ds.TotalCount(), 10);
  EXPECT_EQ(ds.IdleCount(), 10);
  // The server has exactly the pool's 10 connections.
  auto c = Open();
  NpgsqlCommand count("SELECT count(*) FROM pg_stat_activity WHERE application_name = @app", c);
  count.Parameters().AddWithValue("app", app);
  EXPECT_EQ(Sync(count.ExecuteScalarAsync()).GetInt64(), 10);
  Sync(ds.DisposeAsync());
  EXPECT_EQ(ds.TotalCount(), 0);
}

// Records that waiter i got the connection, then closes it: the next
// waiter gets it.
async::Task<> TakeAndPass(async::Task<NpgsqlConnection> t, int i, std::vector<int>* order, std::mutex* mutex,
                          int pid) {
  NpgsqlConnection c = co_await t;
  {
    std::lock_guard<std::mutex> lock(*mutex);
    order->push_back(i);
  }
  EXPECT_EQ(c.ProcessId(), pid);  // the same server connection, reused
  co_await c.CloseAsync();
}

TEST(DbPool, ReusesConnectionsAndServesWaitersInOrder) {
  auto ds = NpgsqlDataSource::Create(ConnInfo(), 1);
  NpgsqlConnection first = Sync(ds.OpenConnectionAsync());
  const int pid = first.ProcessId();
  std::vector<int> order;
  std::mutex mutex;
  std::vector<async::Task<>> waiters;
  for (int i = 0; i < 3; ++i) {
    auto t = ds.OpenConnectionAsync();
    EXPECT_FALSE(t.IsCompleted());
    waiters.push_back(TakeAndPass(std::move(t), i, &order, &mutex, pid));
  }
  EXPECT_EQ(ds.TotalCount(), 1);
  Sync(first.CloseAsync());
  Sync(async::WhenAll(std::move(waiters)));
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(ds.IdleCount(), 1);
}

TEST(DbPool, CanceledWaiterLeavesTheQueue) {
  auto ds = NpgsqlDataSource::Create(ConnInfo(), 1);
  NpgsqlConnection held = Sync(ds.OpenConnectionAsync());
  async::CancellationTokenSource cts;
  auto canceled = ds.OpenConnectionAsync(cts.Token());
  auto next = ds.OpenConnectionAsync();
  cts.Cancel();
  EXPECT_THROW(Sync(canceled), async::OperationCanceledException);
  EXPECT_TRUE(canceled.IsCanceled());
  Sync(held.CloseAsync());
  NpgsqlConnection c = Sync(next);
  EXPECT_EQ(c.State(), ConnectionState::Open);
}

TEST(DbPool, DroppedHandleReturnsTheConnection) {
  auto ds = NpgsqlDataSource::Create(ConnInfo(), 2);
  {
    NpgsqlConnection c = Sync(ds.OpenConnectionAsync());
    EXPECT_EQ(ds.IdleCount(), 0);
  }
  // When the last copy goes (the open task's continuation may hold one a
  // moment longer, on its own thread).
  EXPECT_TRUE(asyncc_db_test::Eventually([&] { return ds.IdleCount() == 1; }));
  EXPECT_EQ(ds.TotalCount(), 1);
}

TEST(DbPool, BrokenConnectionIsNeverHandedOutAgain) {
  auto ds = NpgsqlDataSource::Create(ConnInfo(), 1);
  NpgsqlConnection victim = Sync(ds.OpenConnectionAsync());
  const int pid = victim.ProcessId();
  // Killed by another session while it sits in use.
  auto admin = Open();
  NpgsqlCommand kill("SELECT pg_terminate_backend(@pid)", admin);
  kill.Parameters().AddWithValue("pid", pid);
  EXPECT_TRUE(Sync(kill.ExecuteScalarAsync()).GetBoolean());
  try {
    Sync(NpgsqlCommand("SELECT 1", victim).ExecuteScalarAsync());
    FAIL() << "a terminated connection answered";
  } catch (const PostgresException& e) {
    EXPECT_EQ(e.SqlState(), "57P01");  // admin_shutdown, sent before the server closed it
  } catch (const NpgsqlException& e) {
    SUCCEED() << "the connection closed before the server's message was read: " << e.what();
  }
  EXPECT_EQ(victim.State(), ConnectionState::Broken);
  EXPECT_THROW(Sync(NpgsqlCommand("SELECT 1", victim).ExecuteScalarAsync()), NpgsqlException);
  Sync(victim.CloseAsync());
  EXPECT_EQ(ds.TotalCount(), 0);
  NpgsqlConnection fresh = Sync(ds.OpenConnectionAsync());
  EXPECT_NE(fresh.ProcessId(), pid);
  EXPECT_EQ(Sync(NpgsqlCommand("SELECT 1", fresh).ExecuteScalarAsync()).GetInt32(), 1);
}

TEST(DbPool, IdleConnectionKilledOnTheServerIsDiscardedOnFirstUse) {
  auto ds = NpgsqlDataSource::Create(ConnInfo(), 1);
  int pid;
  {
    NpgsqlConnection c = Sync(ds.OpenConnectionAsync());
    pid = c.ProcessId();
  }
  auto admin = Open();
  NpgsqlCommand kill("SELECT pg_terminate_backend(@pid)", admin);
  kill.Parameters().AddWithValue("pid", pid);
  EXPECT_TRUE(Sync(kill.ExecuteScalarAsync()).GetBoolean());
  // The pool cannot know yet: the first command fails, the connection is
  // discarded, the next one is new.
  NpgsqlConnection c = Sync(ds.OpenConnectionAsync());
  EXPECT_THROW(Sync(NpgsqlCommand("SELECT 1", c).ExecuteScalarAsync()), NpgsqlException);
  Sync(c.CloseAsync());
  NpgsqlConnection again = Sync(ds.OpenConnectionAsync());
  EXPECT_NE(again.ProcessId(), pid);
  EXPECT_EQ(Sync(NpgsqlCommand("SELECT 2", again).ExecuteScalarAsync()).GetInt32(), 2);
}

TEST(DbPool, ConnectionClosedInsideATransactionIsDiscarded) {
  auto ds = NpgsqlDataSource::Create(ConnInfo(), 1);
  NpgsqlConnection c = Sync(ds.OpenConnectionAsync());
  const int pid = c.ProcessId();
  auto tx = Sync(c.BeginTransactionAsync());
  Sync(c.CloseAsync());
  EXPECT_EQ(ds.TotalCount(), 0);
  NpgsqlConnection next = Sync(ds.OpenConnectionAsync());
  EXPECT_NE(next.ProcessId(), pid);
}

TEST(DbPool, FailedOpenFreesItsSlot) {
  auto ds = NpgsqlDataSource::Create("host=127.0.0.1 port=1 user=postgres connect_timeout=5", 1);
  EXPECT_THROW(Sync(ds.OpenConnectionAsync()), NpgsqlException);
  EXPECT_EQ(ds.TotalCount(), 0);
  EXPECT_THROW(Sync(ds.OpenConnectionAsync()), NpgsqlException);
}

// --- Transactions ---

async::Task<std::int64_t> CountRows(NpgsqlConnection c, std::string table) {
  NpgsqlCommand cmd("SELECT count(*) FROM " + table, c);
  DbValue v = co_await cmd.ExecuteScalarAsync();
  co_return v.GetInt64();
}

class DbTransaction : public ::testing::Test {
 protected:
  void SetUp() override {
    c_ = Open();
    // Per process: the same test runs beside itself on other reactors.
    table_ = "tx_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "_" +
             std::to_string(::getpid());
    Sync(NpgsqlCommand("DROP TABLE IF EXISTS " + table_, c_).ExecuteNonQueryAsync());
    Sync(NpgsqlCommand("CREATE TABLE " + table_ + " (id int PRIMARY KEY)", c_).ExecuteNonQueryAsync());
  }
  void TearDown() override {
    if (c_.State() == ConnectionState::Open)
      Sync(NpgsqlCommand("DROP TABLE IF EXISTS " + table_, c_).ExecuteNonQueryAsync());
  }
  std::int64_t CountElsewhere() {
    auto other = Open();
    return Sync(CountRows(other, table_));
  }
  NpgsqlConnection c_;
  std::string table_;
};

TEST_F(DbTransaction, CommitMakesRowsVisible) {
  NpgsqlTransaction tx = Sync(c_.BeginTransactionAsync());
  Sync(NpgsqlCommand("INSERT INTO " + table_ + " VALUES (1), (2)", c_, tx).ExecuteNonQueryAsync());
  EXPECT_EQ(CountElsewhere(), 0);  // not yet
  Sync(tx.CommitAsync());
  EXPECT_TRUE(tx.IsCompleted());
  EXPECT_EQ(CountElsewhere(), 2);
  EXPECT_THROW(Sync(tx.CommitAsync()), async::InvalidOperationException);
  Sync(tx.DisposeAsync());  // nothing to roll back
  EXPECT_EQ(CountElsewhere(), 2);
}

TEST_F(DbTransaction, RollbackDiscards) {
  NpgsqlTransaction tx = Sync(c_.BeginTransactionAsync());
  Sync(NpgsqlCommand("INSERT INTO " + table_ + " VALUES (1)", c_).ExecuteNonQueryAsync());
  Sync(tx.RollbackAsync());
  EXPECT_EQ(Sync(CountRows(c_, table_)), 0);
}

TEST_F(DbTransaction, DisposeRollsBackWhenNotCommitted) {
  {
    NpgsqlTransaction tx = Sync(c_.BeginTransactionAsync());
    EXPECT_THROW(Sync(c_.BeginTransactionAsync()), async::InvalidOperationException);  // one at a time
    Sync(NpgsqlCommand("INSERT INTO " + table_ + " VALUES (1)", c_).ExecuteNonQueryAsync());
    Sync(tx.DisposeAsync());
  }
  EXPECT_EQ(Sync(CountRows(c_, table_)), 0);
  // The connection is usable and out of the transaction.
  NpgsqlTransaction again = Sync(c_.BeginTransactionAsync());
  Sync(again.CommitAsync());
}

// The guide's pattern: a failure halfway leaves nothing half-committed.
async::Task<> TransferHalfway(NpgsqlConnection c, std::string table) {
  NpgsqlTransaction tx = co_await c.BeginTransactionAsync();
  std::exception_ptr failure;
  try {
    NpgsqlCommand first("INSERT INTO " + table + " VALUES (10)", c);
    co_await first.ExecuteNonQueryAsync();
    NpgsqlCommand second("INSERT INTO " + table + " VALUES (10)", c);  // duplicate key
    co_await second.ExecuteNonQueryAsync();
    co_await tx.CommitAsync();
  } catch (...) {
    failure = std::current_exception();
  }
  if (failure) {
    co_await tx.RollbackAsync();
    std::rethrow_exception(failure);
  }
}

TEST_F(DbTransaction, FailureHalfwayCommitsNothing) {
  try {
    Sync(TransferHalfway(c_, table_));
    FAIL() << "the duplicate insert succeeded";
  } catch (const PostgresException& e) {
    EXPECT_EQ(e.SqlState(), "23505");
  }
  EXPECT_EQ(Sync(CountRows(c_, table_)), 0);
  EXPECT_EQ(CountElsewhere(), 0);
}

TEST_F(DbTransaction, CommitOfAnAbortedTransactionFails) {
  NpgsqlTransaction tx = Sync(c_.BeginTransactionAsync());
  Sync(NpgsqlCommand("INSERT INTO " + table_ + " VALUES (1)", c_).ExecuteNonQueryAsync());
  EXPECT_THROW(Sync(NpgsqlCommand("SELECT 1/0", c_).ExecuteNonQueryAsync()), PostgresException);
  try {
    Sync(tx.CommitAsync());
    FAIL() << "committed an aborted transaction";
  } catch (const PostgresException& e) {
    EXPECT_EQ(e.SqlState(), "25P02");
  }
  EXPECT_EQ(Sync(CountRows(c_, table_)), 0);
}

}  // namespace
