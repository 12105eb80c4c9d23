// async/parallel.h: Parallel.ForEachAsync (.NET 6).
//
//   co_await async::Parallel::ForEachAsync(urls, options,
//       [&](const std::string& url, async::CancellationToken ct) -> async::Task<> {...});
//
// Up to MaxDegreeOfParallelism bodies run at once, on the thread pool. One
// pump takes items from the source in order (a range's iterators, or an
// AsyncEnumerable's MoveNextAsync, never two at a time) whenever a slot is
// free. The failure rule is .NET's: the first body that fails (throws, or
// returns a faulted or canceled task) cancels the token given to the
// bodies, no new item starts, and once every running body has ended the
// task faults with every body's exception (an AggregateException carrying
// all, in the order they were recorded). When ParallelOptions'
// CancellationToken is canceled, no new item starts and the task ends
// Canceled once the running bodies ended (whatever they threw, as .NET).
#pragma once

#include <cstddef>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include <async/async_enumerable.h>
#include <async/awaiters.h>
#include <async/cancellation.h>
#include <async/continuation.h>
#include <async/detail/task_callbacks.h>
#include <async/detail/thread_pool.h>
#include <async/exceptions.h>
#include <async/task.h>
#include <async/value_task.h>

namespace async {

// System.Threading.Tasks.ParallelOptions (the fields ForEachAsync reads).
struct ParallelOptions {
  // -1: the thread pool's worker count (.NET: Environment.ProcessorCount).
  int MaxDegreeOfParallelism = -1;
  async::CancellationToken CancellationToken;
};

namespace detail {

template <class E>
struct IsAsyncEnumerable : std::false_type {};
template <class T>
struct IsAsyncEnumerable<AsyncEnumerable<T>> : std::true_type {};

// The items of a range, taken one at a time by the pump. An lvalue range is
// referenced (it must outlive the returned task, as the container of a
// range-for must outlive the loop); an rvalue range is moved in.
template <class R>
class RangeCursor {
  using Held = std::conditional_t<std::is_lvalue_reference_v<R>, std::remove_reference_t<R>*,
                                  std::decay_t<R>>;
  using Range = std::remove_reference_t<R>;
  using Iterator = decltype(detail::Begin(std::declval<Range&>()));
  using Sentinel = decltype(detail::End(std::declval<Range&>()));

 public:
  using Item = std::decay_t<decltype(*std::declval<Iterator&>())>;

  explicit RangeCursor(R&& range) : held_(Hold(std::forward<R>(range))) {}

  // Starts iterating (the first pump, on the pool): begin()/end().
  void Begin() {
    Range& r = Get();
    it_.emplace(detail::Begin(r));
    end_.emplace(detail::End(r));
  }
  // The next item, or nothing at the end.
  std::optional<Item> Next() {
    if (*it_ == *end_) return std::nullopt;
    std::optional<Item> item(*(*it_));
    ++(*it_);
    return item;
  }

 private:
  static Held Hold(R&& range) {
    if constexpr (std::is_lvalue_reference_v<R>) {
      return &range;
    } else {
      return std::move(range);
    }
  }
  Range& Get() {
    if constexpr (std::is_lvalue_reference_v<R>) {
      return *held_;
    } else {
      return held_;
    }
  }

  Held held_;
  std::optional<Iterator> it_;
  std::optional<Sentinel> end_;
};

// Shared by the pump, the bodies in flight and their continuations.
//   Source: RangeCursor<R>, or AsyncEnumerable<T>.
template <class Source, class Item, class Body>
class ForEachAsyncState : public std::enable_shared_from_this<ForEachAsyncState<Source, Item, Body>> {
 public:
  ForEachAsyncState(Source source, Body body, int degree, CancellationToken external)
      : source_(std::move(source)),
        body_(std::move(body)),
        free_(degree),
        external_(std::move(external)),
        cts_(CancellationTokenSource::CreateLinkedTokenSource(external_)),
        token_(cts_.Token()),
        task_(NewPendingTask(state_)) {}

  Task<> GetTask() const { return task_; }

  // The first pump runs on the pool, as .NET's workers do: nothing of the
  // source or the bodies runs on the caller's thread.
  void Start() {
    pumping_ = true;
    auto self = this->shared_from_this();
    PostToThreadPool(Continuation([self] {
      try {
        if constexpr (IsAsyncEnumerable<Source>::value) {
          self->enumerator_ = self->source_.GetAsyncEnumerator(self->token_);
        } else {
          self->source_.Begin();
        }
      } catch (...) {
        self->RecordFailure(std::current_exception());
        self->EndSource();
      }
      self->Pump();
    }), /*prefer_local=*/false);
  }

 private:
  // Takes items while a slot is free and nothing stopped the loop. Runs on
  // one thread at a time (pumping_); returns when the source is pending (its
  // continuation pumps on) or nothing more can start now.
  void Pump() {
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(mutex_);
        if (ended_ || free_ == 0 || token_.IsCancellationRequested()) {
          pumping_ = false;
          const bool finish = ShouldFinishLocked();
          lock.unlock();
          if (finish) Finish();
          return;
        }
      }
      if constexpr (IsAsyncEnumerable<Source>::value) {
        try {
          move_awaiter_.emplace(enumerator_.MoveNextAsync().ConfigureAwait(false).GetAwaiter());
        } catch (...) {
          RecordFailure(std::current_exception());
          EndSource();
          continue;
        }
        if (!move_awaiter_->IsCompleted()) {
          auto self = this->shared_from_this();
          move_awaiter_->UnsafeOnCompleted(MakeCallback([self] {
            self->OnMoved();
            self->Pump();
          }));
          return;
        }
        OnMoved();
      } else {
        std::optional<Item> item;
        try {
          item = source_.Next();
        } catch (...) {
          RecordFailure(std::current_exception());
          EndSource();
          continue;
        }
        if (!item) {
          EndSource();
          continue;
        }
        StartBody(std::move(*item));
      }
    }
  }

  // MoveNextAsync completed: start a body for Current(), or end the source.
  void OnMoved() {
    try {
      const bool has = move_awaiter_->GetResult();
      move_awaiter_.reset();
      if (!has) {
        EndSource();
        return;
      }
      StartBody(Item(enumerator_.Current()));
    } catch (...) {
      move_awaiter_.reset();
      RecordFailure(std::current_exception());
      EndSource();
    }
  }

  void EndSource() {
    std::lock_guard<std::mutex> lock(mutex_);
    ended_ = true;
  }

  // Takes a slot and queues the body to the pool.
  void StartBody(Item item) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      --free_;
      ++running_;
    }
    auto self = this->shared_from_this();
    auto held = std::make_shared<Item>(std::move(item));
    PostToThreadPool(Continuation([self, held] { self->RunBody(held); }));
  }

  // The item stays alive until the body's task completed (a body taking it
  // by reference may use it across its awaits).
  void RunBody(const std::shared_ptr<Item>& held) {
    Task<> t = InvokeAsTask(body_, *held, token_);
    auto self = this->shared_from_this();
    WhenCompleted(t, [self, held, t] { self->OnBodyCompleted(t); }, /*captureContext=*/false);
  }

  void OnBodyCompleted(const Task<>& t) {
    if (!t.IsCompletedSuccessfully()) {
      TaskState<void>& s = *t.StatePtr();
      if (s.IsCompleted() && s.Status() == TaskStatus::Canceled) {
        RecordFailure(s.FirstException());
      } else {
        for (std::exception_ptr& e : ErrorsOf(t)) RecordFailure(std::move(e));
      }
    }
    bool pump = false;
    bool finish = false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      --running_;
      ++free_;
      if (!pumping_ && !ended_ && !token_.IsCancellationRequested()) {
        pumping_ = true;
        pump = true;
      } else {
        finish = ShouldFinishLocked();
      }
    }
    if (pump) Pump();
    if (finish) Finish();
  }

  // Records a failure and stops the loop (cancels the bodies' token).
  void RecordFailure(std::exception_ptr e) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      errors_.push_back(std::move(e));
    }
    try {
      cts_.Cancel();
    } catch (...) {
      // A body's cancellation callback threw: the loop still stops; that
      // exception is one more failure.
      std::lock_guard<std::mutex> lock(mutex_);
      errors_.push_back(std::current_exception());
    }
  }

  // Whether the loop is over: nothing runs, nothing more starts. Claims the
  // finish (true once).
  bool ShouldFinishLocked() {
    if (finished_ || pumping_ || running_ != 0) return false;
    if (!ended_ && !token_.IsCancellationRequested()) return false;
    finished_ = true;
    return true;
  }

  void Finish() {
    if constexpr (IsAsyncEnumerable<Source>::value) {
      if (enumerator_) {
        Task<> disposed;
        try {
          disposed = AsTask(enumerator_.DisposeAsync());
        } catch (...) {
          disposed = FromException(std::current_exception());
        }
        auto self = this->shared_from_this();
        WhenCompleted(disposed, [self, disposed] {
          if (!disposed.IsCompletedSuccessfully()) {
            std::lock_guard<std::mutex> lock(self->mutex_);
            for (std::exception_ptr& e : ErrorsOf(disposed)) self->errors_.push_back(std::move(e));
          }
          self->Complete();
        }, /*captureContext=*/false);
        return;
      }
    }
    Complete();
  }

  // .NET's rule: canceled from outside: Canceled (whatever the bodies
  // threw); else faulted with every recorded exception; else success.
  void Complete() {
    cts_.Dispose();  // unregisters from the external token
    std::vector<std::exception_ptr> errors;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      errors.swap(errors_);
    }
    if (external_.IsCancellationRequested()) {
      state_->TryCompleteCanceled(std::make_exception_ptr(TaskCanceledException(external_)));
    } else if (!errors.empty()) {
      state_->TryCompleteFaulted(std::move(errors));
    } else {
      state_->TryCompleteWithResult();
    }
  }

  Source source_;
  Body body_;
  std::mutex mutex_;
  int free_;              // slots for bodies
  int running_ = 0;       // bodies started and not completed
  bool pumping_ = false;  // a thread is in Pump (or awaiting MoveNextAsync)
  bool ended_ = false;    // the source has no more items (or failed)
  bool finished_ = false;
  std::vector<std::exception_ptr> errors_;
  CancellationToken external_;
  CancellationTokenSource cts_;  // linked to external_; canceled on the first failure
  CancellationToken token_;      // cts_'s token, given to the bodies
  TaskState<void>* state_ = nullptr;
  Task<> task_;
  // Async sources: the enumerator, and the MoveNextAsync in flight.
  template <class S, bool = IsAsyncEnumerable<S>::value>
  struct EnumeratorOf {
    using type = AsyncEnumerator<typename S::ElementType>;
  };
  template <class S>
  struct EnumeratorOf<S, false> {
    using type = bool;  // unused
  };
  typename EnumeratorOf<Source>::type enumerator_{};
  std::optional<ValueTaskAwaiter<bool>> move_awaiter_;
};

template <class Source, class Item, class Body>
Task<> StartForEachAsync(Source source, const ParallelOptions& options, Body body) {
  int degree = options.MaxDegreeOfParallelism;
  if (degree == 0 || degree < -1)
    throw ArgumentOutOfRangeException(
        "MaxDegreeOfParallelism must be -1 (the pool's worker count) or a positive number.");
  if (degree == -1) degree = static_cast<int>(ThreadPoolSize());
  if (options.CancellationToken.IsCancellationRequested())
    return FromCanceled(options.CancellationToken);
  auto state = std::make_shared<ForEachAsyncState<Source, Item, Body>>(
      std::move(source), std::move(body), degree, options.CancellationToken);
  Task<> task = state->GetTask();
  state->Start();
  return task;
}

}  // namespace detail

// System.Threading.Tasks.Parallel (the asynchronous loops).
struct Parallel {
  // source: a range (begin()/end(); an lvalue must outlive the task, an
  // rvalue is moved in) or an AsyncEnumerable<T> (enumerated with the
  // bodies' token). body(item, ct) returns Task<> or ValueTask<>; the item
  // is passed as an lvalue that lives until the body's task completed.
  // Throws ArgumentOutOfRangeException for a MaxDegreeOfParallelism of 0 or
  // below -1.
  template <class Source, class Body>
  static Task<> ForEachAsync(Source&& source, const ParallelOptions& options, Body&& body) {
    using S = std::decay_t<Source>;
    if constexpr (detail::IsAsyncEnumerable<S>::value) {
      using Item = typename S::ElementType;
      CheckBody<Body, Item>();
      return detail::StartForEachAsync<S, Item, std::decay_t<Body>>(
          S(std::forward<Source>(source)), options, std::forward<Body>(body));
    } else {
      using Cursor = detail::RangeCursor<Source&&>;
      using Item = typename Cursor::Item;
      CheckBody<Body, Item>();
      return detail::StartForEachAsync<Cursor, Item, std::decay_t<Body>>(
          Cursor(std::forward<Source>(source)), options, std::forward<Body>(body));
    }
  }
  template <class Source, class Body>
  static Task<> ForEachAsync(Source&& source, Body&& body) {
    return ForEachAsync(std::forward<Source>(source), ParallelOptions{}, std::forward<Body>(body));
  }

 private:
  template <class Body, class Item>
  static void CheckBody() {
    static_assert(std::is_invocable_v<std::decay_t<Body>&, Item&, CancellationToken&>,
                  "ForEachAsync: body must be callable as body(item, CancellationToken)");
  }
};

}  // namespace async
