// async::db: cancellation and faults (statement timeout, a killed backend,
// the server stopped under a query and started again).
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

#include <unistd.h>

#include <gtest/gtest.h>

#include <async/async.h>
#include <async/db/db.h>

#include "db_test_util.h"

namespace {

using namespace std::chrono_literals;
using namespace async::db;
using asyncc_db_test::ConnInfo;
using asyncc_db_test::Open;
using asyncc_db_test::Sync;

TEST(DbCancel, TokenCanceledDuringAQueryCancelsItAndTheConnectionStaysUsable) {
  auto c = Open();
  async::CancellationTokenSource cts;
  NpgsqlCommand sleep("SELECT pg_sleep(20)", c);
  auto t = sleep.ExecuteNonQueryAsync(cts.Token());
  EXPECT_FALSE(t.IsCompleted());
  // Until the server runs it (pg_stat_activity shows it), then cancel.
  auto admin = Open();
  NpgsqlCommand active("SELECT count(*) FROM pg_stat_activity WHERE pid = @pid AND state = 'active'", admin);
  active.Parameters().AddWithValue("pid", c.ProcessId());
  ASSERT_TRUE(asyncc_db_test::Eventually([&] { return Sync(active.ExecuteScalarAsync()).GetInt64() == 1; }));
  cts.Cancel();
  EXPECT_THROW(Sync(t), async::OperationCanceledException);
  EXPECT_TRUE(t.IsCanceled());
  EXPECT_EQ(c.State(), ConnectionState::Open);
  EXPECT_EQ(Sync(NpgsqlCommand("SELECT 5", c).ExecuteScalarAsync()).GetInt32(), 5);
}

TEST(DbCancel, AlreadyCanceledTokenSendsNothing) {
  auto c = Open();
  async::CancellationTokenSource cts;
  cts.Cancel();
  auto t = NpgsqlCommand("SELECT 1", c).ExecuteScalarAsync(cts.Token());
  EXPECT_TRUE(t.IsCanceled());
  EXPECT_EQ(Sync(NpgsqlCommand("SELECT 2", c).ExecuteScalarAsync()).GetInt32(), 2);
}

TEST(DbCancel, CancelAfterCompletionDoesNotTouchTheNextCommand) {
  auto c = Open();
  async::CancellationTokenSource cts;
  EXPECT_EQ(Sync(NpgsqlCommand("SELECT 1", c).ExecuteScalarAsync(cts.Token())).GetInt32(), 1);
  auto next = NpgsqlCommand("SELECT 3 FROM pg_sleep(0.3)", c).ExecuteScalarAsync();
  cts.Cancel();
  EXPECT_EQ(Sync(next).GetInt32(), 3);
}

TEST(DbCancel, StatementTimeoutIsAServerError) {
  auto c = Open();
  Sync(NpgsqlCommand("SET statement_timeout = '100ms'", c).ExecuteNonQueryAsync());
  try {
    Sync(NpgsqlCommand("SELECT pg_sleep(20)", c).ExecuteNonQueryAsync());
    FAIL() << "statement_timeout did not fire";
  } catch (const PostgresException& e) {
    EXPECT_EQ(e.SqlState(), "57014");  // query_canceled, by the server: not a canceled task
    EXPECT_NE(e.MessageText().find("statement timeout"), std::string::npos) << e.MessageText();
  }
  EXPECT_EQ(c.State(), ConnectionState::Open);
  EXPECT_EQ(Sync(NpgsqlCommand("SELECT 1", c).ExecuteScalarAsync()).GetInt32(), 1);
}

TEST(DbFault, TerminatedBackendBreaksTheConnectionDuringAQuery) {
  auto c = Open();
  auto t = NpgsqlCommand("SELECT pg_sleep(20)", c).ExecuteNonQueryAsync();
  auto admin = Open();
  NpgsqlCommand kill("SELECT pg_terminate_backend(@pid)", admin);
  kill.Parameters().AddWithValue("pid", c.ProcessId());
  EXPECT_TRUE(Sync(kill.ExecuteScalarAsync()).GetBoolean());
  try {
    Sync(t);
    FAIL() << "the query survived its backend";
  } catch (const PostgresException& e) {
    EXPECT_EQ(e.SqlState(), "57P01");
  } catch (const NpgsqlException& e) {
    SUCCEED() << e.what();
  }
  EXPECT_EQ(c.State(), ConnectionState::Broken);
}

// A cluster of this test's own: stopping the shared one would break the
// tests running beside it.
class PrivateCluster {
 public:
  PrivateCluster() : dir_(std::string(ASYNCC_PG_SCRATCH_DIR) + "/asyncc-pg-private-" + std::to_string(::getpid())) {
    ok_ = Run("start");
    std::ifstream in(dir_ + "/conninfo");
    std::getline(in, conninfo_);
  }
  ~PrivateCluster() { Run("stop"); }
  bool Run(const char* action) const {
    const std::string cmd = std::string(ASYNCC_PG_CLUSTER_SCRIPT) + " " + action + " '" + dir_ + "' >/dev/null";
    return std::system(cmd.c_str()) == 0;
  }
  bool ok() const { return ok_ && !conninfo_.empty(); }
  const std::string& ConnInfo() const { return conninfo_; }

 private:
  std::string dir_;
  std::string conninfo_;
  bool ok_ = false;
};

TEST(DbFault, ServerStoppedDuringAQueryThenPoolRecoversWhenItIsBack) {
  PrivateCluster cluster;
  ASSERT_TRUE(cluster.ok()) << "test/db/pg_cluster.sh could not start a private cluster";
  auto ds = NpgsqlDataSource::Create(cluster.ConnInfo(), 2);
  NpgsqlConnection busy = Sync(ds.OpenConnectionAsync());
  NpgsqlConnection idle = Sync(ds.OpenConnectionAsync());
  Sync(idle.CloseAsync());
  auto t = NpgsqlCommand("SELECT pg_sleep(20)", busy).ExecuteNonQueryAsync();
  ASSERT_TRUE(cluster.Run("crash"));
  EXPECT_THROW(Sync(t), NpgsqlException);
  EXPECT_EQ(busy.State(), ConnectionState::Broken);
  Sync(busy.CloseAsync());
  // While the server is down: opening fails, and frees its slot.
  NpgsqlConnection stale = Sync(ds.OpenConnectionAsync());  // the idle one: the pool cannot know yet
  EXPECT_THROW(Sync(NpgsqlCommand("SELECT 1", stale).ExecuteScalarAsync()), NpgsqlException);
  Sync(stale.CloseAsync());
  EXPECT_THROW(Sync(ds.OpenConnectionAsync()), NpgsqlException);
  EXPECT_EQ(ds.TotalCount(), 0);
  ASSERT_TRUE(cluster.Run("restart"));
  NpgsqlConnection fresh = Sync(ds.OpenConnectionAsync());
  EXPECT_EQ(Sync(NpgsqlCommand("SELECT 11", fresh).ExecuteScalarAsync()).GetInt32(), 11);
}

}  // namespace
