// async/db/npgsql_exception.h: the database exceptions, in .NET's hierarchy
// (System.Data.Common.DbException <- NpgsqlException <- PostgresException).
#pragma once

#include <string>

#include <async/exceptions.h>

namespace async {
namespace db {

// System.Data.Common.DbException
class DbException : public async::detail::ExceptionWithMessage {
 public:
  explicit DbException(std::string message) : ExceptionWithMessage(std::move(message)) {}
};

// Npgsql.NpgsqlException: the connection failed or broke (no server error:
// refused, closed, protocol or socket failure).
class NpgsqlException : public DbException {
 public:
  explicit NpgsqlException(std::string message) : DbException(std::move(message)) {}
};

// Npgsql.PostgresException: an error reported by the server. SqlState() is
// the five-character SQLSTATE ("23505" unique_violation, "57014"
// query_canceled, ...), MessageText() the server's primary message; what()
// is "SQLSTATE: message", as Npgsql's Message.
class PostgresException : public NpgsqlException {
 public:
  PostgresException(std::string sql_state, std::string message_text, std::string severity = "ERROR",
                    std::string detail = {})
      : NpgsqlException(sql_state + ": " + message_text),
        sql_state_(std::move(sql_state)),
        message_text_(std::move(message_text)),
        severity_(std::move(severity)),
        detail_(std::move(detail)) {}
  const std::string& SqlState() const noexcept { return sql_state_; }
  const std::string& MessageText() const noexcept { return message_text_; }
  const std::string& Severity() const noexcept { return severity_; }
  const std::string& Detail() const noexcept { return detail_; }

 private:
  std::string sql_state_;
  std::string message_text_;
  std::string severity_;
  std::string detail_;
};

// System.InvalidCastException: a typed getter on a value of another type, or
// on NULL.
class InvalidCastException : public async::detail::ExceptionWithMessage {
 public:
  explicit InvalidCastException(std::string message) : ExceptionWithMessage(std::move(message)) {}
};

}  // namespace db
}  // namespace async
