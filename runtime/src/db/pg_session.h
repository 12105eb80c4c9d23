// PgSession: one libpq connection driven by the reactor (the engine behind
// NpgsqlConnection). One operation (connect or statement) at a time.
//
// The socket: libpq owns its socket and may close it on its own (an error,
// a retry during connect), so the reactor watches a dup() of it that this
// class owns: the registration never refers to a descriptor number libpq
// might have closed and the process reused.
#pragma once

#include <libpq-fe.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <async/cancellation.h>
#include <async/db/npgsql_parameter.h>
#include <async/io/reactor.h>
#include <async/task.h>
#include <async/task_completion_source.h>

namespace async {
namespace db {
namespace detail {

class PgSession : public std::enable_shared_from_this<PgSession> {
 public:
  explicit PgSession(std::string conninfo);
  ~PgSession();
  PgSession(const PgSession&) = delete;
  PgSession& operator=(const PgSession&) = delete;

  const std::string& ConnInfo() const noexcept { return conninfo_; }

  Task<> Connect(CancellationToken ct);
  // Runs one statement ($n placeholders, `params` in $n order). The result
  // is a PGRES_TUPLES_OK or PGRES_COMMAND_OK result; server errors fault the
  // task with PostgresException, a broken connection with NpgsqlException; a
  // statement canceled through ct (SQLSTATE 57014 after ct fired) ends
  // Canceled. The task completes on the reactor thread and runs its
  // continuations there: only for the client's wrappers (task_glue.h), never
  // handed to user code as it is.
  Task<std::shared_ptr<pg_result>> Execute(std::string sql, std::vector<const NpgsqlParameter*> params,
                                           CancellationToken ct);

  bool IsOpen() const noexcept { return open_.load(); }
  bool IsBroken() const noexcept { return broken_.load(); }
  bool IsBusy() const noexcept { return busy_.load(); }
  // PQtransactionStatus (PQTRANS_UNKNOWN when closed or busy).
  PGTransactionStatusType TransactionStatus() const;
  int ProcessId() const noexcept { return pid_.load(); }
  // PQfinish now. Only when not busy.
  void Close() noexcept;

 private:
  enum class Mode { Idle, Connecting, Flushing, Reading };
  enum class Step { Done, WaitRead, WaitWrite };
  struct WaitContext {
    std::atomic<int> state{0};  // 0 submitting, 1 completed during Submit, 2 Submit returned
    int error = 0;
  };

  void Drive(int wait_error);
  Step Advance(int wait_error);
  Step AdvanceConnect();
  Step AdvanceFlush(bool after_wait);
  Step AdvanceRead();
  void Collect(PGresult* result);
  void FailBroken(const char* what);
  void FinishConnect(std::exception_ptr error, bool canceled);
  void FinishExecute();
  void SyncSocket();
  void ReleaseSocket() noexcept;
  void EndWaitCancel() noexcept;
  void SendCancel(std::uint64_t sequence);

  const std::string conninfo_;
  std::shared_ptr<io::Reactor> reactor_;
  PGconn* conn_ = nullptr;

  // The watched dup() of PQsocket, and the identity of the socket it copies.
  int watched_fd_ = -1;
  unsigned long long watched_inode_ = 0;
  std::unique_ptr<io::HandleRegistration> registration_;

  // The operation in progress (touched by the thread driving it only).
  Mode mode_ = Mode::Idle;
  bool connect_started_ = false;
  std::optional<TaskCompletionSource<>> connect_tcs_;
  std::optional<TaskCompletionSource<std::shared_ptr<pg_result>>> execute_tcs_;
  std::shared_ptr<pg_result> result_;
  std::exception_ptr error_;
  bool server_canceled_ = false;  // SQLSTATE 57014
  CancellationToken token_;
  CancellationTokenRegistration registration_ct_;

  std::mutex mutex_;  // current_wait_, cancel_, running_sequence_, connecting_, the two below
  bool connecting_ = false;
  std::shared_ptr<io::IoOperation> current_wait_;
  // A connect's token callback cancels current_wait_ outside the lock, and
  // the backend's Cancel reads the wait's registration; a registration
  // released meanwhile (the wait completed and libpq moved to another
  // socket) is kept here until the last such Cancel has returned.
  int wait_cancels_in_flight_ = 0;
  std::vector<std::pair<int, std::unique_ptr<io::HandleRegistration>>> retired_sockets_;
  PGcancel* cancel_ = nullptr;
  std::uint64_t running_sequence_ = 0;  // 0: no statement running
  std::uint64_t next_sequence_ = 0;
  std::atomic<bool> cancel_requested_{false};

  std::atomic<bool> open_{false};
  std::atomic<bool> broken_{false};
  std::atomic<bool> busy_{false};
  std::atomic<int> pid_{0};
};

}  // namespace detail
}  // namespace db
}  // namespace async
