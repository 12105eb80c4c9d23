// async/db/npgsql_data_source.h: a pool of connections to one server
// (NpgsqlDataSource).
//
// OpenConnectionAsync hands out an idle connection, or opens a new one while
// fewer than MaxPoolSize exist, or else waits: waiters are served first
// come, first served. Closing the connection (CloseAsync, or dropping its
// last handle) returns it to the pool when it is healthy and idle (no
// transaction open); a broken connection, or one closed inside a
// transaction, is discarded and never handed out again.
#pragma once

#include <memory>
#include <string>

#include <async/cancellation.h>
#include <async/db/npgsql_command.h>
#include <async/db/npgsql_connection.h>
#include <async/task.h>

namespace async {
namespace db {

struct NpgsqlDataSourceOptions {
  explicit NpgsqlDataSourceOptions(std::string connection_string)
      : ConnectionString(std::move(connection_string)) {}
  std::string ConnectionString;
  int MaxPoolSize = 100;  // Npgsql's default
};

class NpgsqlDataSource {
 public:
  static NpgsqlDataSource Create(std::string connection_string, int max_pool_size = 100);
  static NpgsqlDataSource Create(NpgsqlDataSourceOptions options);

  // An open connection from the pool. Faults like NpgsqlConnection::OpenAsync
  // (a failed open frees its slot for the next waiter); Canceled when ct is
  // canceled while waiting.
  Task<NpgsqlConnection> OpenConnectionAsync(CancellationToken ct = CancellationToken::None());

  // Connections that exist (idle, in use, opening) and idle ones.
  int TotalCount() const;
  int IdleCount() const;
  int MaxPoolSize() const;
  // Closes the idle connections; connections in use are closed when returned.
  Task<> DisposeAsync();

 private:
  std::shared_ptr<detail::DataSourceState> state_;
};

}  // namespace db
}  // namespace async
