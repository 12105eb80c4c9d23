// async/db/npgsql_transaction.h: a transaction on one connection
// (NpgsqlTransaction). A shared handle; DisposeAsync rolls back unless the
// transaction was committed or rolled back, so an exception between
// BeginTransactionAsync and CommitAsync leaves nothing half-committed.
#pragma once

#include <memory>

#include <async/cancellation.h>
#include <async/db/npgsql_connection.h>
#include <async/task.h>

namespace async {
namespace db {

class NpgsqlTransaction {
 public:
  NpgsqlTransaction() = default;
  explicit NpgsqlTransaction(NpgsqlConnection connection);

  const NpgsqlConnection& Connection() const;
  bool IsCompleted() const;

  // COMMIT. PostgreSQL answers COMMIT of a transaction it aborted (a
  // statement in it failed) by rolling it back: CommitAsync then faults
  // with PostgresException, SQLSTATE 25P02 (in_failed_sql_transaction).
  Task<> CommitAsync(CancellationToken ct = CancellationToken::None());
  // ROLLBACK.
  Task<> RollbackAsync(CancellationToken ct = CancellationToken::None());
  // Rolls back when neither committed nor rolled back (and the connection
  // is still usable); never faults.
  Task<> DisposeAsync();

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace db
}  // namespace async
