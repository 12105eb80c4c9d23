// DataSourceState: the pool behind NpgsqlDataSource (npgsql_data_source.h).
#pragma once

#include <cstdint>
#include <deque>
#include <list>
#include <memory>
#include <mutex>
#include <string>

#include <async/db/npgsql_connection.h>

#include "pg_session.h"

namespace async {
namespace db {
namespace detail {

class DataSourceState : public std::enable_shared_from_this<DataSourceState> {
 public:
  DataSourceState(std::string conninfo, int max_pool_size) : conninfo_(std::move(conninfo)), max_(max_pool_size) {}

  Task<NpgsqlConnection> Open(CancellationToken ct);
  // A session coming back from a closed NpgsqlConnection.
  void Return(std::shared_ptr<PgSession> session) noexcept;
  void CloseIdle() noexcept;

  int Total() const;
  int Idle() const;
  int Max() const noexcept { return max_; }
  const std::string& ConnInfo() const noexcept { return conninfo_; }

 private:
  struct Waiter {
    std::uint64_t id;
    TaskCompletionSource<NpgsqlConnection> tcs;
    CancellationTokenRegistration registration;
  };
  NpgsqlConnection Wrap(std::shared_ptr<PgSession> session);
  // Opens a new session (a slot already counted in total_) for tcs.
  void OpenNew(TaskCompletionSource<NpgsqlConnection> tcs, CancellationToken ct);
  // A slot was freed: a waiter, if any, gets a new session.
  void OnSlotFreed() noexcept;
  static bool Healthy(const PgSession& s);

  const std::string conninfo_;
  const int max_;
  mutable std::mutex mutex_;
  std::deque<std::shared_ptr<PgSession>> idle_;
  std::list<Waiter> waiters_;  // first come, first served
  std::uint64_t next_waiter_ = 0;
  int total_ = 0;  // idle + in use + opening
  bool disposed_ = false;
};

}  // namespace detail
}  // namespace db
}  // namespace async
