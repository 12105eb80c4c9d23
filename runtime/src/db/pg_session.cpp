// PgSession: libpq's non-blocking API driven by the reactor's readiness
// operations (see pg_session.h).
#include "pg_session.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <async/db/npgsql_exception.h>
#include <async/run.h>

namespace async {
namespace db {
namespace detail {

namespace {

std::string Trimmed(const char* message) {
  std::string s = message != nullptr ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

std::exception_ptr ServerError(const PGresult* r) {
  const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
  const char* primary = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
  if (state == nullptr) return std::make_exception_ptr(NpgsqlException(Trimmed(PQresultErrorMessage(r))));
  const char* severity = PQresultErrorField(r, PG_DIAG_SEVERITY_NONLOCALIZED);
  const char* detail = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL);
  return std::make_exception_ptr(PostgresException(state, primary != nullptr ? primary : Trimmed(PQresultErrorMessage(r)),
                                                   severity != nullptr ? severity : "ERROR",
                                                   detail != nullptr ? detail : ""));
}

unsigned long long InodeOf(int fd) {
  struct stat st {};
  return ::fstat(fd, &st) == 0 ? static_cast<unsigned long long>(st.st_ino) : 0;
}

}  // namespace

PgSession::PgSession(std::string conninfo) : conninfo_(std::move(conninfo)) {}

PgSession::~PgSession() { Close(); }

void PgSession::Close() noexcept {
  ReleaseSocket();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (cancel_ != nullptr) PQfreeCancel(cancel_);
    cancel_ = nullptr;
  }
  // PQfinish sends Terminate without waiting for an answer.
  if (conn_ != nullptr) PQfinish(conn_);
  conn_ = nullptr;
  open_ = false;
  pid_ = 0;
}

PGTransactionStatusType PgSession::TransactionStatus() const {
  if (conn_ == nullptr || busy_.load()) return PQTRANS_UNKNOWN;
  return PQtransactionStatus(conn_);
}

void PgSession::ReleaseSocket() noexcept {
  if (watched_fd_ < 0) return;
  const int fd = watched_fd_;
  std::unique_ptr<io::HandleRegistration> registration = std::move(registration_);
  watched_fd_ = -1;
  watched_inode_ = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (wait_cancels_in_flight_ > 0) {
      retired_sockets_.emplace_back(fd, std::move(registration));  // EndWaitCancel releases it
      return;
    }
  }
  reactor_->Dissociate(fd, std::move(registration));
  ::close(fd);
}

void PgSession::EndWaitCancel() noexcept {
  std::vector<std::pair<int, std::unique_ptr<io::HandleRegistration>>> retired;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (--wait_cancels_in_flight_ == 0) retired.swap(retired_sockets_);
  }
  for (auto& socket : retired) {
    reactor_->Dissociate(socket.first, std::move(socket.second));
    ::close(socket.first);
  }
}

// Watches libpq's current socket: a new one (connect retries) replaces the
// old registration, none (the connection dropped) removes it.
void PgSession::SyncSocket() {
  const int s = conn_ != nullptr ? PQsocket(conn_) : -1;
  if (s < 0) {
    ReleaseSocket();
    return;
  }
  const unsigned long long inode = InodeOf(s);
  if (watched_fd_ >= 0 && inode == watched_inode_) return;
  ReleaseSocket();
  const int dup = ::fcntl(s, F_DUPFD_CLOEXEC, 0);
  if (dup < 0) throw NpgsqlException(std::string("dup of the connection's socket failed: ") + std::strerror(errno));
  try {
    registration_ = reactor_->Associate(dup);
  } catch (...) {
    ::close(dup);
    throw;
  }
  watched_fd_ = dup;
  watched_inode_ = inode;
}

Task<> PgSession::Connect(CancellationToken ct) {
  if (ct.IsCancellationRequested()) return FromCanceled<void>(ct);
  if (conn_ != nullptr) throw InvalidOperationException("The connection is already open.");
  if (busy_.exchange(true)) throw InvalidOperationException("The connection is already opening.");
  reactor_ = io::GetReactor();
  connect_tcs_.emplace(TaskCreationOptions::RunContinuationsAsynchronously);
  Task<> task = connect_tcs_->Task();
  broken_ = false;
  conn_ = PQconnectStart(conninfo_.c_str());
  if (conn_ == nullptr) {
    FinishConnect(std::make_exception_ptr(NpgsqlException("libpq: out of memory")), false);
    return task;
  }
  if (PQstatus(conn_) == CONNECTION_BAD) {
    FinishConnect(std::make_exception_ptr(NpgsqlException(Trimmed(PQerrorMessage(conn_)))), false);
    return task;
  }
  // Notices (NOTICE, WARNING) are not errors; libpq would print them to stderr.
  PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
  token_ = ct;
  mode_ = Mode::Connecting;
  connect_started_ = false;
  cancel_requested_ = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    connecting_ = true;
  }
  // A canceled connect: the pending readiness wait is removed, which ends it.
  // A callback that comes late (the connect ended) finds connecting_ false
  // and leaves the next operation's wait alone.
  std::weak_ptr<PgSession> weak = shared_from_this();
  registration_ct_ = ct.Register([weak] {
    auto self = weak.lock();
    if (!self) return;
    std::shared_ptr<io::IoOperation> wait;
    {
      std::lock_guard<std::mutex> lock(self->mutex_);
      if (!self->connecting_) return;
      self->cancel_requested_ = true;
      wait = self->current_wait_;
      if (wait) ++self->wait_cancels_in_flight_;
    }
    if (wait) {
      self->reactor_->Cancel(wait);
      self->EndWaitCancel();
    }
  });
  Drive(0);
  return task;
}

Task<std::shared_ptr<pg_result>> PgSession::Execute(std::string sql, std::vector<const NpgsqlParameter*> params,
                                                    CancellationToken ct) {
  using Result = std::shared_ptr<pg_result>;
  if (ct.IsCancellationRequested()) return FromCanceled<Result>(ct);
  if (conn_ == nullptr || !open_.load())
    return FromException<Result>(std::make_exception_ptr(InvalidOperationException("The connection is not open.")));
  if (broken_.load())
    return FromException<Result>(std::make_exception_ptr(NpgsqlException("The connection is broken.")));
  if (busy_.exchange(true))
    return FromException<Result>(std::make_exception_ptr(
        InvalidOperationException("A command is already in progress on this connection.")));
  // Synchronous continuations: the only ones are the client's own wrappers
  // (Map, Then), whose tasks run the user's continuations asynchronously;
  // this saves a thread hop per command.
  execute_tcs_.emplace(TaskCreationOptions::None);
  Task<Result> task = execute_tcs_->Task();
  result_.reset();
  error_ = nullptr;
  server_canceled_ = false;
  cancel_requested_ = false;
  token_ = ct;

  std::vector<Oid> types;
  std::vector<const char*> values;
  types.reserve(params.size());
  values.reserve(params.size());
  for (const NpgsqlParameter* p : params) {
    types.push_back(p->TypeOid());
    values.push_back(p->Text() ? p->Text()->c_str() : nullptr);
  }
  if (!PQsendQueryParams(conn_, sql.c_str(), static_cast<int>(params.size()), types.data(), values.data(), nullptr,
                         nullptr, 0)) {
    error_ = std::make_exception_ptr(NpgsqlException(Trimmed(PQerrorMessage(conn_))));
    if (PQstatus(conn_) == CONNECTION_BAD) broken_ = true;
    FinishExecute();
    return task;
  }
  std::uint64_t sequence;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    sequence = ++next_sequence_;
    running_sequence_ = sequence;
  }
  std::weak_ptr<PgSession> weak = shared_from_this();
  registration_ct_ = ct.Register([weak, sequence] {
    auto self = weak.lock();
    if (!self) return;
    {
      std::lock_guard<std::mutex> lock(self->mutex_);
      if (self->running_sequence_ != sequence) return;  // late: that statement has ended
      self->cancel_requested_ = true;
    }
    self->SendCancel(sequence);
  });
  mode_ = Mode::Flushing;
  Drive(-1);
  return task;
}

// PQcancel connects to the server and waits for it to accept the request:
// it runs on a pool thread, never on the reactor thread or the thread that
// canceled. The sequence check keeps a late request from canceling the
// next statement (a request already sent can still arrive late: the
// server then cancels whatever runs, PostgreSQL's own limitation).
void PgSession::SendCancel(std::uint64_t sequence) {
  auto self = shared_from_this();
  (void)async::Run([self, sequence] {
    std::lock_guard<std::mutex> lock(self->mutex_);
    if (self->running_sequence_ != sequence || self->cancel_ == nullptr) return;
    char message[256];
    PQcancel(self->cancel_, message, sizeof message);
  });
}

// Runs the operation until it must wait, then waits for readiness; the
// wait's completion continues here. A wait that completes inside Submit is
// continued by this loop, not recursively.
void PgSession::Drive(int wait_error) {
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      current_wait_.reset();
    }
    Step step;
    try {
      step = Advance(wait_error);
    } catch (...) {
      // Only the socket bookkeeping throws: the connection cannot go on.
      error_ = std::current_exception();
      broken_ = true;
      if (mode_ == Mode::Connecting) {
        FinishConnect(error_, false);
      } else {
        FinishExecute();
      }
      return;
    }
    if (step == Step::Done) return;
    auto context = std::make_shared<WaitContext>();
    auto op = std::make_shared<io::IoOperation>();
    op->opcode = step == Step::WaitRead ? io::IoOpcode::WaitReadable : io::IoOpcode::WaitWritable;
    op->handle = watched_fd_;
    op->registration = registration_.get();
    auto self = shared_from_this();
    op->on_complete = [self, context](const io::IoResult& r) {
      context->error = r.canceled ? ECANCELED : r.error;
      int expected = 0;
      if (context->state.compare_exchange_strong(expected, 1)) return;
      self->Drive(context->error);
    };
    bool canceled_connect;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      current_wait_ = op;
      canceled_connect = connecting_ && cancel_requested_.load();
    }
    // A connect canceled before the wait existed: the callback found none.
    if (canceled_connect) {
      context->error = ECANCELED;
      context->state = 1;
    } else {
      reactor_->Submit(op);
    }
    int expected = 0;
    if (context->state.compare_exchange_strong(expected, 2)) return;
    wait_error = context->error;
  }
}

PgSession::Step PgSession::Advance(int wait_error) {
  const bool after_wait = wait_error >= 0;
  if (wait_error > 0) {
    if (mode_ == Mode::Connecting) {
      if (wait_error == ECANCELED) {
        FinishConnect(nullptr, true);
      } else {
        FinishConnect(std::make_exception_ptr(NpgsqlException(std::string("waiting for the server failed: ") +
                                                              std::strerror(wait_error))),
                      false);
      }
      return Step::Done;
    }
    FailBroken(std::strerror(wait_error));
    return Step::Done;
  }
  switch (mode_) {
    case Mode::Connecting:
      return AdvanceConnect();
    case Mode::Flushing:
      return AdvanceFlush(after_wait);
    case Mode::Reading:
      return AdvanceRead();
    case Mode::Idle:
      break;
  }
  return Step::Done;
}

PgSession::Step PgSession::AdvanceConnect() {
  // Right after PQconnectStart libpq expects a writable socket (as if
  // PQconnectPoll had returned PGRES_POLLING_WRITING).
  PostgresPollingStatusType status = PGRES_POLLING_WRITING;
  if (connect_started_) status = PQconnectPoll(conn_);
  connect_started_ = true;
  switch (status) {
    case PGRES_POLLING_OK: {
      if (PQsetnonblocking(conn_, 1) != 0) {
        FinishConnect(std::make_exception_ptr(NpgsqlException(Trimmed(PQerrorMessage(conn_)))), false);
        return Step::Done;
      }
      SyncSocket();
      FinishConnect(nullptr, false);
      return Step::Done;
    }
    case PGRES_POLLING_FAILED: {
      // The server's own error (a missing database, a bad password) as
      // PostgresException is not available from libpq here: its text is.
      FinishConnect(std::make_exception_ptr(NpgsqlException(Trimmed(PQerrorMessage(conn_)))), false);
      return Step::Done;
    }
    case PGRES_POLLING_READING:
      SyncSocket();
      return Step::WaitRead;
    default:
      SyncSocket();
      return Step::WaitWrite;
  }
}

PgSession::Step PgSession::AdvanceFlush(bool after_wait) {
  // Reading what arrived meanwhile keeps a server that talks while we send
  // (notices) from filling its buffer and stalling both sides.
  if (after_wait && !PQconsumeInput(conn_)) {
    FailBroken(nullptr);
    return Step::Done;
  }
  const int r = PQflush(conn_);
  if (r < 0) {
    FailBroken(nullptr);
    return Step::Done;
  }
  if (r > 0) return Step::WaitWrite;
  mode_ = Mode::Reading;
  // Sent in one go: nothing of the answer can be buffered yet (it comes
  // after the request), so wait for it without a recv that would find
  // nothing. After a wait, PQconsumeInput may have buffered all of it.
  if (!after_wait) return Step::WaitRead;
  return AdvanceRead();
}

PgSession::Step PgSession::AdvanceRead() {
  if (!PQconsumeInput(conn_)) {
    FailBroken(nullptr);
    return Step::Done;
  }
  while (!PQisBusy(conn_)) {
    PGresult* r = PQgetResult(conn_);
    if (r == nullptr) {
      FinishExecute();
      return Step::Done;
    }
    Collect(r);
  }
  return Step::WaitRead;
}

void PgSession::Collect(PGresult* r) {
  switch (PQresultStatus(r)) {
    case PGRES_TUPLES_OK:
    case PGRES_COMMAND_OK:
    case PGRES_EMPTY_QUERY:
      result_ = std::shared_ptr<pg_result>(r, &PQclear);
      return;
    case PGRES_COPY_IN:
    case PGRES_COPY_OUT:
    case PGRES_COPY_BOTH:
      // COPY needs the data protocol, which this client does not speak.
      if (!error_) error_ = std::make_exception_ptr(NpgsqlException("COPY is not supported by this client."));
      PQclear(r);
      broken_ = true;
      return;
    default: {
      if (!error_) {
        error_ = ServerError(r);
        const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        server_canceled_ = state != nullptr && std::strcmp(state, "57014") == 0;
      }
      PQclear(r);
      if (PQstatus(conn_) == CONNECTION_BAD) broken_ = true;
      return;
    }
  }
}

// The connection failed under a statement: the server's own error when it
// sent one (pg_terminate_backend: 57P01), else libpq's message.
void PgSession::FailBroken(const char* what) {
  broken_ = true;
  // libpq has usually parsed what the server sent before it closed; it
  // never waits on a connection that is bad (its socket is gone).
  if (PQstatus(conn_) == CONNECTION_BAD) {
    for (int i = 0; i < 8; ++i) {
      PGresult* r = PQgetResult(conn_);
      if (r == nullptr) break;
      if (PQresultStatus(r) == PGRES_FATAL_ERROR && !error_ && PQresultErrorField(r, PG_DIAG_SQLSTATE) != nullptr)
        error_ = ServerError(r);
      PQclear(r);
    }
  }
  if (!error_) {
    std::string message = Trimmed(PQerrorMessage(conn_));
    if (what != nullptr) message += std::string(message.empty() ? "" : ": ") + what;
    if (message.empty()) message = "The connection to the server was lost.";
    error_ = std::make_exception_ptr(NpgsqlException(message));
  }
  FinishExecute();
}

void PgSession::FinishConnect(std::exception_ptr error, bool canceled) {
  registration_ct_.Unregister();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    connecting_ = false;
  }
  mode_ = Mode::Idle;
  auto tcs = std::move(*connect_tcs_);
  connect_tcs_.reset();
  CancellationToken token = std::move(token_);
  token_ = CancellationToken();
  if (error || canceled) {
    Close();
    busy_ = false;
    if (canceled) {
      tcs.TrySetCanceled(token);
    } else {
      tcs.TrySetException(error);
    }
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    cancel_ = PQgetCancel(conn_);
  }
  pid_ = PQbackendPID(conn_);
  open_ = true;
  busy_ = false;
  tcs.TrySetResult();
}

void PgSession::FinishExecute() {
  registration_ct_.Unregister();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    running_sequence_ = 0;
  }
  mode_ = Mode::Idle;
  if (conn_ != nullptr && PQstatus(conn_) == CONNECTION_BAD) broken_ = true;
  if (broken_.load()) ReleaseSocket();
  auto tcs = std::move(*execute_tcs_);
  execute_tcs_.reset();
  CancellationToken token = std::move(token_);
  token_ = CancellationToken();
  std::exception_ptr error = std::move(error_);
  error_ = nullptr;
  auto result = std::move(result_);
  result_.reset();
  const bool canceled = error && server_canceled_ && cancel_requested_.load() && token.IsCancellationRequested();
  // Free before completing: the continuation may start the next command.
  busy_ = false;
  if (canceled) {
    tcs.TrySetCanceled(token);
  } else if (error) {
    tcs.TrySetException(error);
  } else if (!result) {
    tcs.TrySetException(std::make_exception_ptr(NpgsqlException("The server sent no result.")));
  } else {
    tcs.TrySetResult(std::move(result));
  }
}

}  // namespace detail
}  // namespace db
}  // namespace async
