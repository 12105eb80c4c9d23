// async::db: connections, commands, parameters, readers, type round trips,
// server errors, against the fixture's PostgreSQL server.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <climits>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <async/async.h>
#include <async/db/db.h>

#include "db_test_util.h"

namespace {

using namespace async::db;
using asyncc_db_test::ConnInfo;
using asyncc_db_test::Open;
using asyncc_db_test::Sync;

TEST(DbConnection, OpensAndCloses) {
  NpgsqlConnection c(ConnInfo());
  EXPECT_EQ(c.State(), ConnectionState::Closed);
  Sync(c.OpenAsync());
  EXPECT_EQ(c.State(), ConnectionState::Open);
  EXPECT_GT(c.ProcessId(), 0);
  NpgsqlCommand cmd("SELECT pg_backend_pid()", c);
  DbValue pid = Sync(cmd.ExecuteScalarAsync());
  EXPECT_EQ(pid.GetInt32(), c.ProcessId());
  Sync(c.CloseAsync());
  EXPECT_EQ(c.State(), ConnectionState::Closed);
  EXPECT_EQ(c.ProcessId(), 0);
  EXPECT_THROW(Sync(cmd.ExecuteScalarAsync()), async::InvalidOperationException);
  // Reopens.
  Sync(c.OpenAsync());
  EXPECT_EQ(Sync(cmd.ExecuteScalarAsync()).GetInt32(), c.ProcessId());
}

TEST(DbConnection, RefusedConnectionFaultsWithNpgsqlException) {
  // Port 1 on loopback: nothing listens there.
  NpgsqlConnection c("host=127.0.0.1 port=1 user=postgres dbname=postgres connect_timeout=5");
  try {
    Sync(c.OpenAsync());
    FAIL() << "opened a connection to a closed port";
  } catch (const PostgresException& e) {
    FAIL() << "a refused connection is not a server error: " << e.what();
  } catch (const NpgsqlException& e) {
    EXPECT_NE(std::string(e.what()).find("127.0.0.1"), std::string::npos) << e.what();
  }
  EXPECT_EQ(c.State(), ConnectionState::Closed);
}

TEST(DbConnection, MissingDatabaseFails) {
  NpgsqlConnection c(ConnInfo() + " dbname=no_such_database");
  EXPECT_THROW(Sync(c.OpenAsync()), NpgsqlException);
}

TEST(DbConnection, CanceledTokenBeforeOpen) {
  async::CancellationTokenSource cts;
  cts.Cancel();
  NpgsqlConnection c(ConnInfo());
  auto t = c.OpenAsync(cts.Token());
  EXPECT_THROW(Sync(t), async::OperationCanceledException);
  EXPECT_TRUE(t.IsCanceled());
}

// A server that accepts TCP connections but never answers: the open waits
// for the server's reply until the token is canceled.
TEST(DbConnection, CancelDuringOpen) {
  const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(listener, 4), 0);
  ASSERT_EQ(::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  NpgsqlConnection c("host=127.0.0.1 port=" + std::to_string(ntohs(addr.sin_port)) +
                     " user=postgres sslmode=disable gssencmode=disable");
  async::CancellationTokenSource cts;
  auto t = c.OpenAsync(cts.Token());
  EXPECT_FALSE(t.IsCompleted());
  cts.Cancel();
  EXPECT_THROW(Sync(t), async::OperationCanceledException);
  EXPECT_TRUE(t.IsCanceled());
  EXPECT_EQ(c.State(), ConnectionState::Closed);
  ::close(listener);
  // Connections open normally afterwards.
  NpgsqlConnection real(ConnInfo());
  Sync(real.OpenAsync());
  EXPECT_EQ(real.State(), ConnectionState::Open);
}

int OpenFdCount() {
  int n = 0;
  for (int fd = 0; fd < 4096; ++fd)
    if (::fcntl(fd, F_GETFD) != -1) ++n;
  return n;
}

// Every descriptor (libpq's socket, the reactor's dup of it) is closed with
// the connection, also after failures.
TEST(DbConnection, NoDescriptorLeaks) {
  Open();  // the reactor and its thread exist before the count
  const int before = OpenFdCount();
  for (int i = 0; i < 5; ++i) {
    auto c = Open();
    EXPECT_THROW(Sync(NpgsqlCommand("SELEC", c).ExecuteNonQueryAsync()), PostgresException);
    Sync(c.CloseAsync());
    NpgsqlConnection refused("host=127.0.0.1 port=1 user=postgres");
    EXPECT_THROW(Sync(refused.OpenAsync()), NpgsqlException);
  }
  {
    auto victim = Open();
    auto admin = Open();
    NpgsqlCommand kill("SELECT pg_terminate_backend(@pid)", admin);
    kill.Parameters().AddWithValue("pid", victim.ProcessId());
    Sync(kill.ExecuteScalarAsync());
    EXPECT_THROW(Sync(NpgsqlCommand("SELECT 1", victim).ExecuteScalarAsync()), NpgsqlException);
  }
  EXPECT_EQ(OpenFdCount(), before);
}

TEST(DbCommand, RoundTripsEveryTypeAndNull) {
  auto c = Open();
  NpgsqlCommand cmd("SELECT @i32, @i32min, @i64, @i64min, @d, @dneg, @b, @bf, @s, @empty, @n_int, @n_text, "
                    "@inf, @nan, @opt, @optnull",
                    c);
  cmd.Parameters().AddWithValue("i32", INT32_MAX);
  cmd.Parameters().AddWithValue("i32min", INT32_MIN);
  cmd.Parameters().AddWithValue("i64", INT64_MAX);
  cmd.Parameters().AddWithValue("i64min", INT64_MIN);
  cmd.Parameters().AddWithValue("d", 0.1);
  cmd.Parameters().AddWithValue("dneg", -1.2345678901234567e-300);
  cmd.Parameters().AddWithValue("b", true);
  cmd.Parameters().AddWithValue("bf", false);
  cmd.Parameters().AddWithValue("s", std::string("it's \"quoted\" \\ ; -- not a comment, é ✓"));
  cmd.Parameters().AddWithValue("empty", std::string());
  cmd.Parameters().AddWithValue("n_int", std::optional<int>());
  cmd.Parameters().AddWithValue("n_text", DBNull::Value);
  cmd.Parameters().AddWithValue("inf", INFINITY);
  cmd.Parameters().AddWithValue("nan", NAN);
  cmd.Parameters().AddWithValue("opt", std::optional<std::int64_t>(42));
  cmd.Parameters().AddWithValue("optnull", std::optional<std::string>());
  NpgsqlDataReader r = Sync(cmd.ExecuteReaderAsync());
  ASSERT_EQ(r.FieldCount(), 16);
  ASSERT_TRUE(Sync(r.ReadAsync()));
  EXPECT_EQ(r.GetInt32(0), INT32_MAX);
  EXPECT_EQ(r.GetInt32(1), INT32_MIN);
  EXPECT_EQ(r.GetInt64(2), INT64_MAX);
  EXPECT_EQ(r.GetInt64(3), INT64_MIN);
  EXPECT_EQ(r.GetDouble(4), 0.1);
  EXPECT_EQ(r.GetDouble(5), -1.2345678901234567e-300);
  EXPECT_TRUE(r.GetBoolean(6));
  EXPECT_FALSE(r.GetBoolean(7));
  EXPECT_EQ(r.GetString(8), "it's \"quoted\" \\ ; -- not a comment, é ✓");
  EXPECT_EQ(r.GetString(9), "");
  EXPECT_FALSE(r.IsDBNull(9));
  EXPECT_TRUE(r.IsDBNull(10));
  EXPECT_TRUE(r.IsDBNull(11));
  EXPECT_TRUE(std::isinf(r.GetDouble(12)));
  EXPECT_TRUE(std::isnan(r.GetDouble(13)));
  EXPECT_EQ(r.GetInt64(14), 42);
  EXPECT_TRUE(r.IsDBNull(15));
  EXPECT_EQ(r.GetDataTypeOid(0), oid::kInt4);
  EXPECT_EQ(r.GetDataTypeOid(2), oid::kInt8);
  EXPECT_EQ(r.GetDataTypeOid(8), oid::kText);
  // Typed getters: NULL and other types are InvalidCastException.
  EXPECT_THROW(r.GetInt32(10), InvalidCastException);
  EXPECT_THROW(r.GetString(11), InvalidCastException);
  EXPECT_THROW(r.GetInt32(2), InvalidCastException);  // INT64_MAX does not fit
  EXPECT_THROW(r.GetInt32(8), InvalidCastException);  // text
  EXPECT_THROW(r.GetBoolean(0), InvalidCastException);
  EXPECT_EQ(r.GetString(0), "2147483647");  // any type as its text
  EXPECT_FALSE(Sync(r.ReadAsync()));
}

TEST(DbCommand, ColumnTypesFromTheServer) {
  auto c = Open();
  NpgsqlCommand cmd("SELECT 1::smallint AS s, 2::int AS i, 3::bigint AS b, 1.5::real AS r, 2.25::float8 AS f, "
                    "12.5::numeric AS n, true AS t, 'x'::varchar AS v, NULL::int AS nul",
                    c);
  auto r = Sync(cmd.ExecuteReaderAsync());
  ASSERT_TRUE(r.Read());
  EXPECT_EQ(r.GetInt32(r.GetOrdinal("s")), 1);
  EXPECT_EQ(r.GetInt32(r.GetOrdinal("i")), 2);
  EXPECT_EQ(r.GetInt64(r.GetOrdinal("b")), 3);
  EXPECT_EQ(r.GetInt64(r.GetOrdinal("i")), 2);
  EXPECT_EQ(r.GetDouble(r.GetOrdinal("r")), 1.5);
  EXPECT_EQ(r.GetDouble(r.GetOrdinal("f")), 2.25);
  EXPECT_EQ(r.GetDouble(r.GetOrdinal("n")), 12.5);
  EXPECT_TRUE(r.GetBoolean(r.GetOrdinal("t")));
  EXPECT_EQ(r.GetString(r.GetOrdinal("v")), "x");
  EXPECT_TRUE(r.IsDBNull(r.GetOrdinal("nul")));
  EXPECT_EQ(r.GetName(1), "i");
  EXPECT_THROW(r.GetOrdinal("missing"), async::ArgumentOutOfRangeException);
  EXPECT_EQ(r.GetFieldValue<int>(1), 2);
}

TEST(DbCommand, PlaceholderRewriting) {
  NpgsqlParameterCollection p;
  p.AddWithValue("id", 1);
  p.AddWithValue("@name", "a");
  std::vector<int> order;
  // Names in order of first use; literals, identifiers, comments and
  // unknown @words (operators) untouched; a repeated name is one $n.
  std::string sql = NpgsqlCommand::RewritePlaceholders(
      "SELECT @name, '@id', \"@id\", @id /* @id */ -- @id\n, @name, x @> y, @unknown, a@id", p, &order);
  EXPECT_EQ(sql, "SELECT $1, '@id', \"@id\", $2 /* @id */ -- @id\n, $1, x @> y, @unknown, a@id");
  EXPECT_EQ(order, (std::vector<int>{1, 0}));
  // No @names: positional, in the order added.
  order.clear();
  EXPECT_EQ(NpgsqlCommand::RewritePlaceholders("SELECT $2, $1", p, &order), "SELECT $2, $1");
  EXPECT_EQ(order, (std::vector<int>{0, 1}));
}

TEST(DbCommand, PositionalParameters) {
  auto c = Open();
  NpgsqlCommand cmd("SELECT $1::int + $2::int", c);
  cmd.Parameters().Add(40);
  cmd.Parameters().Add(2);
  EXPECT_EQ(Sync(cmd.ExecuteScalarAsync()).GetInt32(), 42);
}

TEST(DbCommand, ParametersAreNeverSplicedIntoTheSql) {
  auto c = Open();
  NpgsqlCommand create("CREATE TEMP TABLE users (name text)", c);
  Sync(create.ExecuteNonQueryAsync());
  NpgsqlCommand insert("INSERT INTO users VALUES (@name)", c);
  insert.Parameters().AddWithValue("name", "x'); DROP TABLE users; --");
  EXPECT_EQ(Sync(insert.ExecuteNonQueryAsync()), 1);
  NpgsqlCommand read("SELECT name FROM users", c);
  EXPECT_EQ(Sync(read.ExecuteScalarAsync()).GetString(), "x'); DROP TABLE users; --");
}

TEST(DbCommand, NonQueryCountsRowsAndScalarHandlesNoRow) {
  auto c = Open();
  Sync(NpgsqlCommand("CREATE TEMP TABLE t (id int PRIMARY KEY, v text)", c).ExecuteNonQueryAsync());
  EXPECT_EQ(Sync(NpgsqlCommand("INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 25) g", c)
                     .ExecuteNonQueryAsync()),
            25);
  NpgsqlCommand update("UPDATE t SET v = 'w' WHERE id <= @n", c);
  update.Parameters().AddWithValue("n", 10);
  EXPECT_EQ(Sync(update.ExecuteNonQueryAsync()), 10);
  EXPECT_EQ(Sync(NpgsqlCommand("SET search_path TO public, pg_temp", c).ExecuteNonQueryAsync()), -1);
  EXPECT_TRUE(Sync(NpgsqlCommand("SELECT v FROM t WHERE id = 0", c).ExecuteScalarAsync()).IsNull());
  EXPECT_TRUE(Sync(NpgsqlCommand("SELECT NULL::text", c).ExecuteScalarAsync()).IsNull());
}

TEST(DbCommand, ManyRows) {
  auto c = Open();
  NpgsqlCommand cmd("SELECT g, 'row ' || g, g % 2 = 0 FROM generate_series(1, @n) g", c);
  cmd.Parameters().AddWithValue("n", 20000);
  auto r = Sync(cmd.ExecuteReaderAsync());
  int count = 0;
  std::int64_t sum = 0;
  while (Sync(r.ReadAsync())) {
    ++count;
    sum += r.GetInt32(0);
    ASSERT_EQ(r.GetString(1), "row " + std::to_string(count));
    ASSERT_EQ(r.GetBoolean(2), count % 2 == 0);
  }
  EXPECT_EQ(count, 20000);
  EXPECT_EQ(sum, 20000LL * 20001 / 2);
}

TEST(DbCommand, OneMegabyteTextBothWays) {
  auto c = Open();
  std::string big(1 << 20, 'x');
  for (std::size_t i = 0; i < big.size(); i += 97) big[i] = static_cast<char>('a' + (i / 97) % 26);
  NpgsqlCommand cmd("SELECT @big, length(@big), md5(@big)", c);
  cmd.Parameters().AddWithValue("big", big);
  auto r = Sync(cmd.ExecuteReaderAsync());
  ASSERT_TRUE(r.Read());
  EXPECT_EQ(r.GetInt32(1), 1 << 20);
  EXPECT_TRUE(r.GetString(0) == big);
  // And a 1 MB value made by the server.
  NpgsqlCommand gen("SELECT repeat('ab', 1 << 19)", c);
  EXPECT_EQ(Sync(gen.ExecuteScalarAsync()).GetString().size(), std::size_t{1} << 20);
}

// More than the socket's send buffer: PQflush reports data left and the
// command waits for the socket to be writable between pieces.
TEST(DbCommand, SixteenMegabyteParameterIsSentInPieces) {
  auto c = Open();
  std::string big(16 << 20, 'y');
  for (std::size_t i = 0; i < big.size(); i += 4093) big[i] = static_cast<char>('A' + (i / 4093) % 26);
  NpgsqlCommand cmd("SELECT length(@big), @big", c);
  cmd.Parameters().AddWithValue("big", big);
  auto r = Sync(cmd.ExecuteReaderAsync());
  ASSERT_TRUE(r.Read());
  EXPECT_EQ(r.GetInt32(0), 16 << 20);
  EXPECT_TRUE(r.GetString(1) == big);
  EXPECT_EQ(Sync(NpgsqlCommand("SELECT 1", c).ExecuteScalarAsync()).GetInt32(), 1);
}

TEST(DbErrors, ServerErrorsArePostgresExceptionsAndTheConnectionStaysUsable) {
  auto c = Open();
  try {
    Sync(NpgsqlCommand("SELEC 1", c).ExecuteNonQueryAsync());
    FAIL() << "a syntax error succeeded";
  } catch (const PostgresException& e) {
    EXPECT_EQ(e.SqlState(), "42601");
    EXPECT_NE(e.MessageText().find("syntax error"), std::string::npos) << e.MessageText();
  }
  Sync(NpgsqlCommand("CREATE TEMP TABLE u (id int PRIMARY KEY)", c).ExecuteNonQueryAsync());
  Sync(NpgsqlCommand("INSERT INTO u VALUES (1)", c).ExecuteNonQueryAsync());
  try {
    Sync(NpgsqlCommand("INSERT INTO u VALUES (1)", c).ExecuteNonQueryAsync());
    FAIL() << "a duplicate key was inserted";
  } catch (const PostgresException& e) {
    EXPECT_EQ(e.SqlState(), "23505");
  }
  try {
    Sync(NpgsqlCommand("SELECT 1/0", c).ExecuteScalarAsync());
    FAIL();
  } catch (const NpgsqlException& e) {  // PostgresException is an NpgsqlException
    EXPECT_NE(dynamic_cast<const PostgresException*>(&e), nullptr);
  }
  EXPECT_EQ(c.State(), ConnectionState::Open);
  EXPECT_EQ(Sync(NpgsqlCommand("SELECT 7", c).ExecuteScalarAsync()).GetInt32(), 7);
}

TEST(DbErrors, OneCommandAtATime) {
  auto c = Open();
  auto first = NpgsqlCommand("SELECT pg_sleep(0.2)", c).ExecuteNonQueryAsync();
  auto second = NpgsqlCommand("SELECT 1", c).ExecuteNonQueryAsync();
  EXPECT_THROW(Sync(second), async::InvalidOperationException);
  EXPECT_EQ(Sync(first), -1);
}

}  // namespace
