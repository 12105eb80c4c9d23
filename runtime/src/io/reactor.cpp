// The process-wide reactor: backend selection (SetReactorKind,
// ASYNCC_REACTOR), the reactor thread's loop shared by all backends.
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>

#include <async/detail/thread_pool.h>
#include <async/exceptions.h>

#include "reactor_backend.h"
#include "timer_service.h"

namespace async {
namespace io {

const char* ToString(ReactorKind kind) noexcept {
  switch (kind) {
    case ReactorKind::Epoll: return "epoll";
    case ReactorKind::IoUring: return "io_uring";
    case ReactorKind::Iocp: return "iocp";
  }
  return "unknown";
}

const char* ToString(ReactorThreads threads) noexcept {
  switch (threads) {
    case ReactorThreads::Single: return "single";
    case ReactorThreads::PerWorker: return "per-worker";
  }
  return "unknown";
}

namespace detail {

namespace {
thread_local bool t_is_reactor_thread = false;
thread_local int t_in_completion = 0;
}  // namespace

void SetReactorThread(bool is) noexcept { t_is_reactor_thread = is; }

bool InCompletion() noexcept { return t_in_completion > 0; }

void CompleteOperation(IoOperation& op, const IoResult& result) noexcept {
  std::function<void(const IoResult&)> f = std::move(op.on_complete);
  op.on_complete = nullptr;
  ++t_in_completion;
  if (f) f(result);  // the runtime's callbacks do not throw
  --t_in_completion;
}

void ReactorBackend::Start() {
  stopping_.store(false, std::memory_order_release);
  thread_ = std::thread([this] { Loop(); });
  async::detail::TimerService::Instance().SetHost(this);
  OnStart();
}

void ReactorBackend::Stop() noexcept {
  OnStop();
  async::detail::TimerService::Instance().ClearHost(this);
  stopping_.store(true, std::memory_order_release);
  Wake();
  if (thread_.joinable()) thread_.join();
}

void ReactorBackend::Loop() {
  SetReactorThread(true);
  auto& timers = async::detail::TimerService::Instance();
  while (!Stopping()) {
    Poll(timers.NextTimeoutNanos());
    timers.RunDue();
  }
}

namespace {

class Registry {
 public:
  static Registry& Instance() {
    static Registry registry;
    return registry;
  }

  std::shared_ptr<Reactor> Get() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!current_) current_ = Create(Chosen(), ChosenThreads(), /*fallback=*/true);
    return current_;
  }

  bool Set(ReactorKind kind) {
    if (!IsReactorKindSupported(kind)) return false;
    std::shared_ptr<ReactorBackend> old;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      chosen_ = kind;
      has_choice_ = true;
      if (!current_ || current_->Kind() == kind) return true;
      if (current_->AssociatedHandleCount() != 0 || current_->PendingOperationCount() != 0) {
        return false;
      }
      old = std::move(current_);
      old->Stop();
      current_ = Create(kind, ChosenThreads(), /*fallback=*/false);
    }
    return true;  // `old` is destroyed here (its thread has stopped)
  }

  bool SetThreads(ReactorThreads threads) {
    std::shared_ptr<ReactorBackend> old;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      chosen_threads_ = threads;
      has_threads_choice_ = true;
      if (!current_ || current_->Kind() != ReactorKind::Epoll || current_->Threads() == threads) return true;
      if (current_->AssociatedHandleCount() != 0 || current_->PendingOperationCount() != 0) {
        return false;
      }
      old = std::move(current_);
      old->Stop();
      current_ = Create(ReactorKind::Epoll, threads, /*fallback=*/false);
    }
    return true;
  }

 private:
  Registry() {
    async::detail::ThreadPoolSize();                 // the pool outlives the reactor
    async::detail::TimerService::Instance();  // so do the timers
  }
  ~Registry() {
    std::shared_ptr<ReactorBackend> current;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      current = std::move(current_);
    }
    if (current) current->Stop();
  }

  ReactorKind Chosen() const {
    if (has_choice_) return chosen_;
    const char* env = std::getenv("ASYNCC_REACTOR");
    if (env != nullptr) {
      if (std::strcmp(env, "io_uring") == 0 || std::strcmp(env, "uring") == 0) return ReactorKind::IoUring;
      if (std::strcmp(env, "epoll") == 0) return ReactorKind::Epoll;
      if (std::strcmp(env, "iocp") == 0) return ReactorKind::Iocp;
    }
#if defined(_WIN32)
    return ReactorKind::Iocp;
#else
    return ReactorKind::Epoll;
#endif
  }

  ReactorThreads ChosenThreads() const {
    if (has_threads_choice_) return chosen_threads_;
    const char* env = std::getenv("ASYNCC_REACTOR_THREADS");
    if (env != nullptr) {
      if (std::strcmp(env, "single") == 0) return ReactorThreads::Single;
      if (std::strcmp(env, "per-worker") == 0 || std::strcmp(env, "per_worker") == 0) {
        return ReactorThreads::PerWorker;
      }
    }
    return ReactorThreads::PerWorker;
  }

  static std::shared_ptr<ReactorBackend> Create(ReactorKind kind, ReactorThreads threads, bool fallback) {
    std::unique_ptr<ReactorBackend> r;
#if defined(__linux__)
    if (kind == ReactorKind::IoUring) r = CreateUringReactor();
    if (!r && (kind == ReactorKind::Epoll || fallback)) r = CreateEpollReactor(threads);
#elif defined(_WIN32)
    (void)fallback;
    (void)threads;
    r = CreateIocpReactor();
#else
    (void)kind;
    (void)threads;
    (void)fallback;
#endif
    if (!r) throw InvalidOperationException(std::string("No I/O reactor available for ") + ToString(kind));
    std::shared_ptr<ReactorBackend> shared(std::move(r));
    shared->Start();
    return shared;
  }

  std::mutex mutex_;
  std::shared_ptr<ReactorBackend> current_;
  ReactorKind chosen_ = ReactorKind::Epoll;
  bool has_choice_ = false;
  ReactorThreads chosen_threads_ = ReactorThreads::PerWorker;
  bool has_threads_choice_ = false;
};

}  // namespace
}  // namespace detail

std::shared_ptr<Reactor> GetReactor() { return detail::Registry::Instance().Get(); }

ReactorKind CurrentReactorKind() { return GetReactor()->Kind(); }

bool SetReactorKind(ReactorKind kind) { return detail::Registry::Instance().Set(kind); }

ReactorThreads CurrentReactorThreads() { return GetReactor()->Threads(); }

bool SetReactorThreads(ReactorThreads threads) { return detail::Registry::Instance().SetThreads(threads); }

bool IsReactorKindSupported(ReactorKind kind) noexcept {
  switch (kind) {
#if defined(__linux__)
    case ReactorKind::Epoll: return true;
    case ReactorKind::IoUring: return detail::UringAvailable();
#elif defined(_WIN32)
    case ReactorKind::Iocp: return true;
#endif
    default: return false;
  }
}

bool IsReactorThread() noexcept { return detail::t_is_reactor_thread; }

}  // namespace io
}  // namespace async
