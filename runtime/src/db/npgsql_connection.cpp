// NpgsqlConnection: a handle on a ConnectionSlot.
#include <async/db/npgsql_command.h>
#include <async/db/npgsql_connection.h>
#include <async/db/npgsql_transaction.h>

#include "connection_slot.h"
#include "data_source_state.h"
#include "task_glue.h"

namespace async {
namespace db {

namespace detail {

ConnectionSlot::ConnectionSlot(std::shared_ptr<PgSession> session, std::shared_ptr<DataSourceState> pool)
    : conninfo_(session->ConnInfo()), session_(std::move(session)), pool_(std::move(pool)) {}

void ConnectionSlot::Release() noexcept {
  std::shared_ptr<PgSession> session;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    session = std::move(session_);
    session_.reset();
  }
  if (!session) return;
  if (pool_) {
    pool_->Return(std::move(session));
    return;
  }
  // A command still running holds the session; it closes when that ends.
  if (!session->IsBusy()) session->Close();
}

}  // namespace detail

NpgsqlConnection::NpgsqlConnection() : NpgsqlConnection(std::string()) {}

NpgsqlConnection::NpgsqlConnection(std::string connection_string)
    : slot_(std::make_shared<detail::ConnectionSlot>(std::move(connection_string))) {}

const std::string& NpgsqlConnection::ConnectionString() const { return slot_->ConnInfo(); }

std::shared_ptr<detail::PgSession> NpgsqlConnection::Session() const { return slot_->Session(); }

ConnectionState NpgsqlConnection::State() const {
  auto s = slot_->Session();
  if (!s) return ConnectionState::Closed;
  if (s->IsBroken()) return ConnectionState::Broken;
  if (s->IsBusy()) return s->IsOpen() ? ConnectionState::Executing : ConnectionState::Connecting;
  return s->IsOpen() ? ConnectionState::Open : ConnectionState::Closed;
}

int NpgsqlConnection::ProcessId() const {
  auto s = slot_->Session();
  return s ? s->ProcessId() : 0;
}

Task<> NpgsqlConnection::OpenAsync(CancellationToken ct) {
  if (slot_->ConnInfo().empty()) throw InvalidOperationException("The ConnectionString has not been set.");
  auto existing = slot_->Session();
  // A session left by a failed open is replaced.
  if (existing && (existing->IsOpen() || existing->IsBusy()))
    throw InvalidOperationException("The connection is already open.");
  auto session = std::make_shared<detail::PgSession>(slot_->ConnInfo());
  slot_->SetSession(session);
  // A failed open leaves the connection Closed, ready for another OpenAsync.
  return session->Connect(std::move(ct));
}

Task<> NpgsqlConnection::CloseAsync() {
  slot_->Release();
  return CompletedTask();
}

Task<NpgsqlTransaction> NpgsqlConnection::BeginTransactionAsync(CancellationToken ct) {
  auto session = slot_->Session();
  if (!session) throw InvalidOperationException("The connection is not open.");
  if (session->TransactionStatus() != PQTRANS_IDLE)
    throw InvalidOperationException("A transaction is already in progress (PostgreSQL has one per connection).");
  NpgsqlConnection self = *this;
  return detail::Map<NpgsqlTransaction>(session->Execute("BEGIN", {}, std::move(ct)),
                                        [self](const std::shared_ptr<pg_result>&) { return NpgsqlTransaction(self); });
}

NpgsqlCommand NpgsqlConnection::CreateCommand(std::string sql) const { return NpgsqlCommand(std::move(sql), *this); }

}  // namespace db
}  // namespace async
