// The Generic Host: BackgroundService, Host, HostBuilder (async/hosting.h).
// Written as continuation-passing code (the runtime has no coroutines):
// each step registers the next on the task it waits for.
#include <async/hosting.h>

#include <cstdio>
#include <mutex>
#include <string>
#include <typeinfo>

#include <async/detail/task_callbacks.h>
#include <async/detail/thread_pool.h>
#include <async/exceptions.h>
#include <async/task_completion_source.h>

namespace async {

namespace {

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::Trace: return "trce";
    case LogLevel::Debug: return "dbug";
    case LogLevel::Information: return "info";
    case LogLevel::Warning: return "warn";
    case LogLevel::Error: return "fail";
    case LogLevel::Critical: return "crit";
    case LogLevel::None: break;
  }
  return "none";
}

std::string Describe(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    return ex.what();
  } catch (...) {
    return "a non-std::exception";
  }
}

template <class T>
const char* TypeName(const T& object) {
  return typeid(object).name();
}

}  // namespace

void StderrLogger::Log(LogLevel level, const std::string& message) {
  if (level < minimum_ || level == LogLevel::None) return;
  std::fprintf(stderr, "%s: %s\n", LevelName(level), message.c_str());
  std::fflush(stderr);
}

// --- BackgroundService -------------------------------------------------------

BackgroundService::~BackgroundService() {
  if (stopping_ != nullptr) {
    try {
      stopping_->Cancel();
    } catch (...) {
      // A callback of the stopping token threw while the service is being
      // destroyed: nobody is left to report it to.
    }
  }
}

Task<> BackgroundService::StartAsync(CancellationToken cancellationToken) {
  stopping_ = std::make_shared<CancellationTokenSource>(
      CancellationTokenSource::CreateLinkedTokenSource(cancellationToken));
  CancellationToken token = stopping_->Token();
  execute_task_ = detail::InvokeAsTask([this, &token] { return ExecuteAsync(token); });
  if (execute_task_.IsCompleted()) return execute_task_;
  return CompletedTask();
}

Task<> BackgroundService::StopAsync(CancellationToken cancellationToken) {
  if (!execute_task_.IsValid()) return CompletedTask();
  std::exception_ptr cancel_error;
  try {
    stopping_->Cancel();
  } catch (...) {
    cancel_error = std::current_exception();  // thrown after the wait, as .NET's finally
  }
  // Task.WhenAny(executeTask, a task canceled with cancellationToken).
  TaskCompletionSource<> stopped;
  struct Registration {
    std::mutex mutex;
    CancellationTokenRegistration registration;
  };
  auto registration = std::make_shared<Registration>();
  Task<> execute = execute_task_;
  detail::WhenCompleted(execute, [stopped, registration]() mutable {
    stopped.TrySetResult();
    std::lock_guard<std::mutex> lock(registration->mutex);
    registration->registration.Unregister();
  }, /*captureContext=*/false);
  if (!stopped.Task().IsCompleted()) {
    CancellationTokenRegistration r = cancellationToken.Register([stopped]() mutable { stopped.TrySetResult(); });
    std::lock_guard<std::mutex> lock(registration->mutex);
    if (stopped.Task().IsCompleted()) {
      r.Unregister();
    } else {
      registration->registration = r;
    }
  }
  if (cancel_error == nullptr) return stopped.Task();
  auto* state = new detail::TaskState<void>();
  Task<> result(detail::TaskStateRef<void>::Adopt(state));
  detail::WhenCompleted(stopped.Task(), [result, cancel_error] {
    result.StatePtr()->TryCompleteFaulted(cancel_error);
  }, /*captureContext=*/false);
  return result;
}

// --- Host --------------------------------------------------------------------

namespace detail {

class HostState : public std::enable_shared_from_this<HostState> {
 public:
  HostState(std::vector<std::shared_ptr<IHostedService>> services, HostOptions options,
            std::shared_ptr<ILogger> logger)
      : services_(std::move(services)), options_(options), logger_(std::move(logger)) {}

  ~HostState() {
    started_.Dispose();
    stopping_.Dispose();
    stopped_.Dispose();
  }

  const std::vector<std::shared_ptr<IHostedService>>& Services() const { return services_; }
  const HostOptions& Options() const { return options_; }
  CancellationToken Started() const { return started_.Token(); }
  CancellationToken Stopping() const { return stopping_.Token(); }
  CancellationToken Stopped() const { return stopped_.Token(); }

  void Log(LogLevel level, const std::string& message) {
    if (logger_ != nullptr) logger_->Log(level, message);
  }

  void StopApplication() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stop_requested_) return;
      stop_requested_ = true;
    }
    Log(LogLevel::Information, "Application is shutting down...");
    CancelQuietly(stopping_);
  }

  // The exception that stopped the host (a BackgroundService's), if any.
  std::exception_ptr Failure() {
    std::lock_guard<std::mutex> lock(mutex_);
    return failure_;
  }

  Task<> StartAsync(CancellationToken ct);
  Task<> StopAsync(CancellationToken ct);
  Task<> WaitForShutdownAsync(CancellationToken ct);
  Task<> RunAsync(CancellationToken ct);

 private:
  static void CancelQuietly(CancellationTokenSource& cts) {
    try {
      cts.Cancel();
    } catch (...) {
      // A callback on a lifetime token threw; the host goes on stopping.
    }
  }

  // Watches a started BackgroundService: a failure of ExecuteAsync is
  // logged and, with StopHost, stops the application. The watcher keeps
  // the service alive until its ExecuteAsync has ended.
  void WatchBackgroundService(const std::shared_ptr<IHostedService>& service) {
    auto* background = dynamic_cast<BackgroundService*>(service.get());
    if (background == nullptr) return;
    Task<> execute = background->ExecuteTask();
    if (!execute.IsValid()) return;
    std::weak_ptr<HostState> weak = weak_from_this();
    WhenCompleted(execute, [weak, service, execute] {
      if (execute.IsCompletedSuccessfully()) return;
      std::shared_ptr<HostState> self = weak.lock();
      if (self == nullptr) return;
      TaskState<void>& s = *execute.StatePtr();
      // Canceled because the host is stopping: the normal way out.
      if (s.IsCompleted() && s.Status() == TaskStatus::Canceled &&
          self->stopping_.IsCancellationRequested())
        return;
      std::exception_ptr e = ErrorsOf(execute).front();
      if (s.IsCompleted() && s.Status() == TaskStatus::Canceled) e = s.FirstException();
      self->Log(LogLevel::Error, std::string("BackgroundService failed: ") + Describe(e));
      if (self->options_.BackgroundServiceExceptionBehavior == BackgroundServiceExceptionBehavior::StopHost) {
        {
          std::lock_guard<std::mutex> lock(self->mutex_);
          if (self->failure_ == nullptr) self->failure_ = e;
        }
        self->Log(LogLevel::Critical,
                  "The HostOptions.BackgroundServiceExceptionBehavior is configured to StopHost. A "
                  "BackgroundService has thrown an unhandled exception, and the host is stopping.");
        self->StopApplication();
      }
    }, /*captureContext=*/false);
  }

  std::vector<std::shared_ptr<IHostedService>> services_;
  HostOptions options_;
  std::shared_ptr<ILogger> logger_;
  CancellationTokenSource started_, stopping_, stopped_;
  std::mutex mutex_;
  bool stop_requested_ = false;
  std::size_t started_count_ = 0;  // services whose StartAsync succeeded
  std::exception_ptr failure_;
};

namespace {

// A loop over the services, one asynchronous step at a time: step(i)
// returns the task to wait for, then(i, task) judges it (false ends the
// loop); synchronous completions loop instead of recursing.
class SequentialLoop : public std::enable_shared_from_this<SequentialLoop> {
 public:
  using Step = std::function<Task<>(std::size_t)>;
  using Then = std::function<bool(std::size_t, const Task<>&)>;
  using Done = std::function<void()>;

  SequentialLoop(std::size_t count, Step step, Then then, Done done)
      : count_(count), step_(std::move(step)), then_(std::move(then)), done_(std::move(done)) {}

  void Run() {
    while (index_ < count_) {
      Task<> t = step_(index_);
      if (!t.IsCompleted()) {
        auto self = shared_from_this();
        WhenCompleted(t, [self, t] {
          if (!self->then_(self->index_, t)) {
            self->done_();
            return;
          }
          ++self->index_;
          self->Run();
        }, /*captureContext=*/false);
        return;
      }
      if (!then_(index_, t)) break;
      ++index_;
    }
    done_();
  }

 private:
  std::size_t count_;
  std::size_t index_ = 0;
  Step step_;
  Then then_;
  Done done_;
};

}  // namespace

Task<> HostState::StartAsync(CancellationToken ct) {
  TaskState<void>* state = nullptr;
  Task<> task = NewPendingTask(state);
  auto self = shared_from_this();
  auto linked = std::make_shared<CancellationTokenSource>(
      CancellationTokenSource::CreateLinkedTokenSource(ct, stopping_.Token()));
  auto error = std::make_shared<std::exception_ptr>();
  auto loop = std::make_shared<SequentialLoop>(
      services_.size(),
      [self, linked](std::size_t i) {
        std::shared_ptr<IHostedService> service = self->services_[i];
        CancellationToken token = linked->Token();
        return InvokeAsTask([&] { return service->StartAsync(token); });
      },
      [self, error](std::size_t i, const Task<>& t) {
        if (!t.IsCompletedSuccessfully()) {
          TaskState<void>& s = *t.StatePtr();
          *error = s.IsCompleted() && s.Status() == TaskStatus::Canceled ? s.FirstException() : ErrorsOf(t).front();
          self->Log(LogLevel::Error, std::string("Hosted service ") + TypeName(*self->services_[i]) +
                                         " failed to start: " + Describe(*error));
          return false;
        }
        {
          std::lock_guard<std::mutex> lock(self->mutex_);
          self->started_count_ = i + 1;
        }
        self->WatchBackgroundService(self->services_[i]);
        return true;
      },
      [self, linked, error, task] {
        linked->Dispose();
        if (*error != nullptr) {
          CompleteWithException(*task.StatePtr(), *error);
          return;
        }
        CancelQuietly(self->started_);
        task.StatePtr()->TryCompleteWithResult();
      });
  loop->Run();
  return task;
}

Task<> HostState::StopAsync(CancellationToken ct) {
  TaskState<void>* state = nullptr;
  Task<> task = NewPendingTask(state);
  auto self = shared_from_this();
  auto timeout = std::make_shared<CancellationTokenSource>(options_.ShutdownTimeout);
  auto linked = std::make_shared<CancellationTokenSource>(
      CancellationTokenSource::CreateLinkedTokenSource(ct, timeout->Token()));
  StopApplication();
  std::size_t count;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    count = started_count_;
    started_count_ = 0;  // a second StopAsync finds nothing to stop
  }
  auto errors = std::make_shared<std::vector<std::exception_ptr>>();
  auto loop = std::make_shared<SequentialLoop>(
      count,
      // Reverse order; move on when the service stopped or the token fired.
      [self, linked, count](std::size_t i) -> Task<> {
        std::shared_ptr<IHostedService> service = self->services_[count - 1 - i];
        CancellationToken token = linked->Token();
        Task<> stop = InvokeAsTask([&] { return service->StopAsync(token); });
        if (stop.IsCompleted()) return stop;
        auto step = std::make_shared<TaskCompletionSource<Task<>>>();
        WhenCompleted(stop, [step, stop] { step->TrySetResult(stop); }, /*captureContext=*/false);
        CancellationTokenRegistration r = token.Register([step, self, service]() {
          if (step->TrySetResult(Task<>()))
            self->Log(LogLevel::Warning, std::string("Hosted service ") + TypeName(*service) +
                                             " did not stop within the shutdown timeout; the host moves on.");
        });
        // The wait is over either way; the registration goes when stop does.
        WhenCompleted(step->Task(), [r]() mutable { r.Unregister(); }, /*captureContext=*/false);
        auto* out = new TaskState<void>();
        Task<> result(TaskStateRef<void>::Adopt(out));
        Task<Task<>> waited = step->Task();
        WhenCompleted(waited, [waited, result] {
          const Task<>& inner = waited.Result();
          if (inner.IsValid()) {
            CompleteLike(*result.StatePtr(), inner);
          } else {
            result.StatePtr()->TryCompleteWithResult();
          }
        }, /*captureContext=*/false);
        return result;
      },
      [self, errors, count](std::size_t i, const Task<>& t) {
        if (!t.IsCompletedSuccessfully()) {
          TaskState<void>& s = *t.StatePtr();
          std::exception_ptr e =
              s.IsCompleted() && s.Status() == TaskStatus::Canceled ? s.FirstException() : ErrorsOf(t).front();
          errors->push_back(e);
          self->Log(LogLevel::Error, std::string("Hosted service ") + TypeName(*self->services_[count - 1 - i]) +
                                         " failed to stop: " + Describe(e));
        }
        return true;  // the next one is stopped anyway
      },
      [self, timeout, linked, errors, task] {
        linked->Dispose();
        timeout->Dispose();
        CancelQuietly(self->stopped_);
        if (!errors->empty()) {
          task.StatePtr()->TryCompleteFaulted(std::move(*errors));
        } else {
          task.StatePtr()->TryCompleteWithResult();
        }
      });
  loop->Run();
  return task;
}

Task<> HostState::WaitForShutdownAsync(CancellationToken ct) {
  // Continuations of the wait run on the pool, never inside the thread that
  // called StopApplication (which may be a service's own code).
  TaskCompletionSource<> requested(TaskCreationOptions::RunContinuationsAsynchronously);
  CancellationTokenRegistration on_stopping = stopping_.Token().Register([requested]() mutable {
    requested.TrySetResult();
  });
  std::weak_ptr<HostState> weak = weak_from_this();
  CancellationTokenRegistration on_ct = ct.Register([weak] {
    if (auto self = weak.lock()) self->StopApplication();
  });
  TaskState<void>* state = nullptr;
  Task<> task = NewPendingTask(state);
  auto self = shared_from_this();
  Task<> wait = requested.Task();
  WhenCompleted(wait, [self, task, on_stopping, on_ct]() mutable {
    on_stopping.Unregister();
    on_ct.Unregister();
    Task<> stop = self->StopAsync(CancellationToken::None());
    WhenCompleted(stop, [task, stop] { CompleteLike(*task.StatePtr(), stop); }, /*captureContext=*/false);
  }, /*captureContext=*/false);
  return task;
}

Task<> HostState::RunAsync(CancellationToken ct) {
  TaskState<void>* state = nullptr;
  Task<> task = NewPendingTask(state);
  auto self = shared_from_this();
  std::uint64_t signals = 0;
  if (options_.HandleShutdownSignals) {
    std::weak_ptr<HostState> weak = weak_from_this();
    signals = RegisterShutdownSignalCallback([weak] {
      if (auto s = weak.lock()) s->StopApplication();
    });
  }
  auto finish = [self, task, signals](const Task<>& outcome) {
    if (signals != 0) UnregisterShutdownSignalCallback(signals);
    std::exception_ptr failure = self->Failure();
    if (outcome.IsCompletedSuccessfully() && failure != nullptr) {
      CompleteWithException(*task.StatePtr(), failure);
    } else {
      CompleteLike(*task.StatePtr(), outcome);
    }
  };
  Task<> start = StartAsync(ct);
  WhenCompleted(start, [self, start, ct, finish] {
    if (!start.IsCompletedSuccessfully()) {
      finish(start);
      return;
    }
    self->Log(LogLevel::Information, "Application started. Press Ctrl+C to shut down.");
    Task<> wait = self->WaitForShutdownAsync(ct);
    WhenCompleted(wait, [wait, finish] { finish(wait); }, /*captureContext=*/false);
  }, /*captureContext=*/false);
  return task;
}

}  // namespace detail

detail::HostState& Host::State() const {
  if (state_ == nullptr) throw InvalidOperationException("The Host handle is empty.");
  return *state_;
}
Task<> Host::StartAsync(CancellationToken ct) const { return State().StartAsync(std::move(ct)); }
Task<> Host::StopAsync(CancellationToken ct) const { return State().StopAsync(std::move(ct)); }
void Host::StopApplication() const { State().StopApplication(); }
Task<> Host::RunAsync(CancellationToken ct) const { return State().RunAsync(std::move(ct)); }
Task<> Host::WaitForShutdownAsync(CancellationToken ct) const {
  return State().WaitForShutdownAsync(std::move(ct));
}
CancellationToken Host::ApplicationStarted() const { return State().Started(); }
CancellationToken Host::ApplicationStopping() const { return State().Stopping(); }
CancellationToken Host::ApplicationStopped() const { return State().Stopped(); }
const std::vector<std::shared_ptr<IHostedService>>& Host::Services() const { return State().Services(); }
const HostOptions& Host::Options() const { return State().Options(); }

// --- HostBuilder -------------------------------------------------------------

HostBuilder& HostBuilder::AddHostedService(std::shared_ptr<IHostedService> service) {
  if (service == nullptr) throw ArgumentException("AddHostedService: null service.");
  factories_.push_back([service] { return service; });
  return *this;
}

HostBuilder& HostBuilder::ConfigureHostOptions(std::function<void(HostOptions&)> configure) {
  configure(options_);
  return *this;
}

HostBuilder& HostBuilder::UseLogger(std::shared_ptr<ILogger> logger) {
  logger_ = std::move(logger);
  return *this;
}

Host HostBuilder::Build() {
  if (built_) throw InvalidOperationException("Build can only be called once.");
  built_ = true;
  std::vector<std::shared_ptr<IHostedService>> services;
  services.reserve(factories_.size());
  for (auto& make : factories_) services.push_back(make());
  std::shared_ptr<ILogger> logger = logger_ != nullptr ? logger_ : std::make_shared<StderrLogger>();
  return Host(std::make_shared<detail::HostState>(std::move(services), options_, std::move(logger)));
}

}  // namespace async
