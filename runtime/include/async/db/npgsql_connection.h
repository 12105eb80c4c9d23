// async/db/npgsql_connection.h: one connection to a PostgreSQL server
// (Npgsql's NpgsqlConnection), over libpq's non-blocking API.
//
// No thread waits while the connection opens or a command runs: libpq is
// driven (PQconnectPoll, PQflush, PQconsumeInput) when the reactor reports
// its socket readable or writable (io::IoOpcode::WaitReadable/WaitWritable);
// results complete tasks whose continuations run on the thread pool or the
// awaiting code's SynchronizationContext, never on the reactor thread.
//
// The connection string is libpq's ("host=127.0.0.1 port=5432 user=app
// dbname=app", or a postgresql:// URI), not Npgsql's "Host=...;Username=...".
//
// NpgsqlConnection is a shared handle: copies refer to the same connection.
// One command runs at a time on a connection (a second one throws
// InvalidOperationException, as Npgsql does without multiplexing). When the
// last handle goes, the connection is closed (or returned to its pool).
#pragma once

#include <memory>
#include <string>

#include <async/cancellation.h>
#include <async/task.h>

namespace async {
namespace db {

class NpgsqlCommand;
class NpgsqlTransaction;
class NpgsqlDataSource;

namespace detail {
class PgSession;
class ConnectionSlot;
class DataSourceState;
}  // namespace detail

// System.Data.ConnectionState
enum class ConnectionState { Closed = 0, Open = 1, Connecting = 2, Executing = 4, Broken = 16 };

class NpgsqlConnection {
 public:
  NpgsqlConnection();  // no connection string yet: OpenAsync throws
  explicit NpgsqlConnection(std::string connection_string);

  const std::string& ConnectionString() const;
  ConnectionState State() const;

  // Connects. Faults with NpgsqlException when the server cannot be reached
  // or refuses (PostgresException when it sent an error, e.g. a missing
  // database), Canceled when ct is canceled first.
  Task<> OpenAsync(CancellationToken ct = CancellationToken::None());
  // Closes the connection (a pooled one goes back to its pool when it is
  // idle and healthy). Closing a closed connection does nothing.
  Task<> CloseAsync();
  Task<> DisposeAsync() { return CloseAsync(); }

  // BEGIN; the transaction's DisposeAsync rolls back unless committed.
  Task<NpgsqlTransaction> BeginTransactionAsync(CancellationToken ct = CancellationToken::None());

  NpgsqlCommand CreateCommand(std::string sql = {}) const;

  // The server's process id for this connection (pg_backend_pid()), 0 when
  // closed.
  int ProcessId() const;

  // The engine (for NpgsqlCommand and the pool).
  std::shared_ptr<detail::PgSession> Session() const;

 private:
  friend class NpgsqlDataSource;
  friend class detail::DataSourceState;
  explicit NpgsqlConnection(std::shared_ptr<detail::ConnectionSlot> slot) : slot_(std::move(slot)) {}
  std::shared_ptr<detail::ConnectionSlot> slot_;
};

}  // namespace db
}  // namespace async
