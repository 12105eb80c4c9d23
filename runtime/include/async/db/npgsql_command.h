// async/db/npgsql_command.h: one SQL statement with parameters
// (NpgsqlCommand). The statement is sent with PQsendQueryParams (the
// extended protocol, text format): one statement per command, parameters
// never spliced into the SQL (placeholder rules: npgsql_parameter.h).
#pragma once

#include <string>

#include <async/cancellation.h>
#include <async/db/db_value.h>
#include <async/db/npgsql_connection.h>
#include <async/db/npgsql_data_reader.h>
#include <async/db/npgsql_parameter.h>
#include <async/task.h>

namespace async {
namespace db {

class NpgsqlTransaction;

class NpgsqlCommand {
 public:
  NpgsqlCommand() = default;
  explicit NpgsqlCommand(std::string sql) : sql_(std::move(sql)) {}
  NpgsqlCommand(std::string sql, NpgsqlConnection connection)
      : sql_(std::move(sql)), connection_(std::move(connection)) {}
  // The transaction is the connection's own (PostgreSQL has one per
  // connection); it must belong to `connection`.
  NpgsqlCommand(std::string sql, NpgsqlConnection connection, const NpgsqlTransaction& transaction);

  const std::string& CommandText() const noexcept { return sql_; }
  void SetCommandText(std::string sql) { sql_ = std::move(sql); }
  const NpgsqlConnection& Connection() const noexcept { return connection_; }
  void SetConnection(NpgsqlConnection connection) { connection_ = std::move(connection); }
  NpgsqlParameterCollection& Parameters() noexcept { return parameters_; }
  const NpgsqlParameterCollection& Parameters() const noexcept { return parameters_; }

  // Rows affected (INSERT/UPDATE/DELETE...), -1 for other statements.
  Task<int> ExecuteNonQueryAsync(CancellationToken ct = CancellationToken::None());
  // The first column of the first row; a NULL DbValue when the value is
  // NULL or there is no row (.NET: DBNull.Value / null).
  Task<DbValue> ExecuteScalarAsync(CancellationToken ct = CancellationToken::None());
  Task<NpgsqlDataReader> ExecuteReaderAsync(CancellationToken ct = CancellationToken::None());

  // The SQL as sent, @names rewritten to $n, and the parameters in $n order.
  static std::string RewritePlaceholders(const std::string& sql, const NpgsqlParameterCollection& parameters,
                                         std::vector<int>* order);

 private:
  std::string sql_;
  NpgsqlConnection connection_;
  NpgsqlParameterCollection parameters_;
};

}  // namespace db
}  // namespace async
