// NpgsqlTransaction: BEGIN ... COMMIT / ROLLBACK on one connection.
#include <async/db/npgsql_transaction.h>

#include <cstring>

#include <async/db/npgsql_exception.h>

#include "pg_session.h"
#include "task_glue.h"

namespace async {
namespace db {

struct NpgsqlTransaction::State {
  NpgsqlConnection connection;
  std::atomic<bool> completed{false};
};

NpgsqlTransaction::NpgsqlTransaction(NpgsqlConnection connection) : state_(std::make_shared<State>()) {
  state_->connection = std::move(connection);
}

const NpgsqlConnection& NpgsqlTransaction::Connection() const {
  if (!state_) throw InvalidOperationException("The transaction has no connection.");
  return state_->connection;
}

bool NpgsqlTransaction::IsCompleted() const { return !state_ || state_->completed.load(); }

namespace {
std::shared_ptr<detail::PgSession> OpenSession(const NpgsqlConnection& c) {
  auto s = c.Session();
  if (!s || !s->IsOpen()) throw InvalidOperationException("The connection is not open.");
  return s;
}
}  // namespace

Task<> NpgsqlTransaction::CommitAsync(CancellationToken ct) {
  if (IsCompleted()) throw InvalidOperationException("This NpgsqlTransaction has completed; it is no longer usable.");
  auto session = OpenSession(state_->connection);
  auto state = state_;
  state->completed = true;
  return detail::Map<void>(session->Execute("COMMIT", {}, std::move(ct)), [](const std::shared_ptr<pg_result>& r) {
    if (std::strcmp(PQcmdStatus(r.get()), "ROLLBACK") == 0)
      throw PostgresException("25P02", "the transaction was aborted by an earlier error and has been rolled back");
  });
}

Task<> NpgsqlTransaction::RollbackAsync(CancellationToken ct) {
  if (IsCompleted()) throw InvalidOperationException("This NpgsqlTransaction has completed; it is no longer usable.");
  auto session = OpenSession(state_->connection);
  state_->completed = true;
  return detail::Map<void>(session->Execute("ROLLBACK", {}, std::move(ct)), [](const std::shared_ptr<pg_result>&) {});
}

Task<> NpgsqlTransaction::DisposeAsync() {
  if (!state_ || state_->completed.exchange(true)) return CompletedTask();
  auto session = state_->connection.Session();
  if (!session || !session->IsOpen() || session->IsBroken() || session->IsBusy() ||
      session->TransactionStatus() == PQTRANS_IDLE)
    return CompletedTask();
  // Never faults: a connection that broke meanwhile has no transaction left.
  TaskCompletionSource<> tcs(TaskCreationOptions::RunContinuationsAsynchronously);
  Task<> out = tcs.Task();
  detail::Then(session->Execute("ROLLBACK", {}, CancellationToken::None()),
               [tcs](const Task<std::shared_ptr<pg_result>>&) mutable { tcs.TrySetResult(); });
  return out;
}

}  // namespace db
}  // namespace async
