// ConnectionSlot: what NpgsqlConnection handles share: the connection
// string, the session while open, and the pool it goes back to.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "pg_session.h"

namespace async {
namespace db {
namespace detail {

class DataSourceState;

class ConnectionSlot {
 public:
  explicit ConnectionSlot(std::string conninfo) : conninfo_(std::move(conninfo)) {}
  ConnectionSlot(std::shared_ptr<PgSession> session, std::shared_ptr<DataSourceState> pool);
  ~ConnectionSlot() { Release(); }

  const std::string& ConnInfo() const noexcept { return conninfo_; }
  std::shared_ptr<PgSession> Session() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return session_;
  }
  void SetSession(std::shared_ptr<PgSession> session) {
    std::lock_guard<std::mutex> lock(mutex_);
    session_ = std::move(session);
  }
  // Closes the session, or gives it back to its pool.
  void Release() noexcept;

 private:
  std::string conninfo_;
  mutable std::mutex mutex_;
  std::shared_ptr<PgSession> session_;
  std::shared_ptr<DataSourceState> pool_;
};

}  // namespace detail
}  // namespace db
}  // namespace async
