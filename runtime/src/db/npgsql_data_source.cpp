// NpgsqlDataSource: the connection pool (npgsql_data_source.h).
#include <async/db/npgsql_data_source.h>

#include "connection_slot.h"
#include "data_source_state.h"
#include "task_glue.h"

namespace async {
namespace db {
namespace detail {

bool DataSourceState::Healthy(const PgSession& s) {
  return s.IsOpen() && !s.IsBroken() && !s.IsBusy() && s.TransactionStatus() == PQTRANS_IDLE;
}

NpgsqlConnection DataSourceState::Wrap(std::shared_ptr<PgSession> session) {
  return NpgsqlConnection(std::make_shared<ConnectionSlot>(std::move(session), shared_from_this()));
}

int DataSourceState::Total() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return total_;
}

int DataSourceState::Idle() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<int>(idle_.size());
}

Task<NpgsqlConnection> DataSourceState::Open(CancellationToken ct) {
  if (ct.IsCancellationRequested()) return FromCanceled<NpgsqlConnection>(ct);
  std::unique_lock<std::mutex> lock(mutex_);
  if (disposed_) throw ObjectDisposedException("Cannot access a disposed object. Object name: 'NpgsqlDataSource'.");
  // Idle connections go to waiters first (Return), so a new caller only
  // takes one when nobody waits.
  while (!idle_.empty() && waiters_.empty()) {
    auto session = std::move(idle_.front());
    idle_.pop_front();
    if (Healthy(*session)) {
      lock.unlock();
      return FromResult(Wrap(std::move(session)));
    }
    --total_;  // broke while idle (the server went away): never handed out
  }
  TaskCompletionSource<NpgsqlConnection> tcs(TaskCreationOptions::RunContinuationsAsynchronously);
  Task<NpgsqlConnection> task = tcs.Task();
  if (total_ < max_ && waiters_.empty()) {
    ++total_;
    lock.unlock();
    OpenNew(std::move(tcs), std::move(ct));
    return task;
  }
  const std::uint64_t id = ++next_waiter_;
  waiters_.push_back(Waiter{id, tcs, {}});
  lock.unlock();
  // Registered outside the lock: a token canceled already runs the callback
  // here, and it takes the lock.
  std::weak_ptr<DataSourceState> weak = shared_from_this();
  auto registration = ct.Register([weak, id, ct] {
    auto self = weak.lock();
    if (!self) return;
    TaskCompletionSource<NpgsqlConnection> canceled(TaskCreationOptions::RunContinuationsAsynchronously);
    {
      std::lock_guard<std::mutex> l(self->mutex_);
      for (auto it = self->waiters_.begin(); it != self->waiters_.end(); ++it) {
        if (it->id == id) {
          canceled = it->tcs;
          self->waiters_.erase(it);
          break;
        }
      }
    }
    canceled.TrySetCanceled(ct);
  });
  lock.lock();
  for (auto& w : waiters_) {
    if (w.id == id) {
      w.registration = registration;
      break;
    }
  }
  return task;
}

void DataSourceState::OpenNew(TaskCompletionSource<NpgsqlConnection> tcs, CancellationToken ct) {
  auto session = std::make_shared<PgSession>(conninfo_);
  Task<> connect;
  try {
    connect = session->Connect(std::move(ct));
  } catch (...) {
    connect = FromException<void>(std::current_exception());
  }
  auto self = shared_from_this();
  Then(connect, [self, session, tcs](const Task<>& done) mutable {
    if (done.IsCompletedSuccessfully()) {
      tcs.TrySetResult(self->Wrap(session));
      return;
    }
    {
      std::lock_guard<std::mutex> lock(self->mutex_);
      --self->total_;
    }
    auto unused = [] { return NpgsqlConnection(); };  // not called: done failed
    CompleteFrom(tcs, done, unused);
    self->OnSlotFreed();
  });
}

void DataSourceState::OnSlotFreed() noexcept {
  std::unique_lock<std::mutex> lock(mutex_);
  if (waiters_.empty() || total_ >= max_ || disposed_) return;
  Waiter waiter = std::move(waiters_.front());
  waiters_.pop_front();
  ++total_;
  lock.unlock();
  waiter.registration.Unregister();
  OpenNew(std::move(waiter.tcs), CancellationToken::None());
}

void DataSourceState::Return(std::shared_ptr<PgSession> session) noexcept {
  if (!Healthy(*session)) {
    if (!session->IsBusy()) session->Close();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      --total_;
    }
    OnSlotFreed();
    return;
  }
  std::unique_lock<std::mutex> lock(mutex_);
  if (disposed_) {
    --total_;
    lock.unlock();
    session->Close();
    return;
  }
  if (waiters_.empty()) {
    idle_.push_back(std::move(session));
    return;
  }
  Waiter waiter = std::move(waiters_.front());
  waiters_.pop_front();
  lock.unlock();
  waiter.registration.Unregister();
  waiter.tcs.TrySetResult(Wrap(std::move(session)));
}

void DataSourceState::CloseIdle() noexcept {
  std::deque<std::shared_ptr<PgSession>> idle;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    disposed_ = true;
    idle.swap(idle_);
    total_ -= static_cast<int>(idle.size());
  }
  for (auto& s : idle) s->Close();
}

}  // namespace detail

NpgsqlDataSource NpgsqlDataSource::Create(std::string connection_string, int max_pool_size) {
  NpgsqlDataSourceOptions options(std::move(connection_string));
  options.MaxPoolSize = max_pool_size;
  return Create(std::move(options));
}

NpgsqlDataSource NpgsqlDataSource::Create(NpgsqlDataSourceOptions options) {
  if (options.MaxPoolSize < 1) throw ArgumentOutOfRangeException("MaxPoolSize must be at least 1.");
  NpgsqlDataSource ds;
  ds.state_ = std::make_shared<detail::DataSourceState>(std::move(options.ConnectionString), options.MaxPoolSize);
  return ds;
}

Task<NpgsqlConnection> NpgsqlDataSource::OpenConnectionAsync(CancellationToken ct) {
  return state_->Open(std::move(ct));
}

int NpgsqlDataSource::TotalCount() const { return state_->Total(); }
int NpgsqlDataSource::IdleCount() const { return state_->Idle(); }
int NpgsqlDataSource::MaxPoolSize() const { return state_->Max(); }

Task<> NpgsqlDataSource::DisposeAsync() {
  state_->CloseIdle();
  return CompletedTask();
}

}  // namespace db
}  // namespace async
