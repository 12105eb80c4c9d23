// async/channel.h: System.Threading.Channels (Channel<T>, ChannelReader<T>,
// ChannelWriter<T>, BoundedChannelOptions, BoundedChannelFullMode).
//
//   auto channel = async::Channel<int>::CreateBounded(100);
//   co_await channel.Writer().WriteAsync(42);
//   int item = co_await channel.Reader().ReadAsync();
//
// One mutex guards a channel's state: the buffered items, and the FIFO
// queues of waiting operations (ReadAsync, WriteAsync, WaitToReadAsync,
// WaitToWriteAsync). A waiting operation is a pooled IValueTaskSource, so
// waiting does not allocate once the pool has warmed up (a cancelable token
// adds its registration). As .NET's channels do by default, continuations
// run asynchronously (never inline in the writer's or reader's call), and a
// written item is handed straight to the oldest waiting reader.
// docs/runtime.md ("Channels") lists the deviations from .NET.
#pragma once

#include <atomic>
#include <cstddef>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include <async/async_enumerable.h>
#include <async/builder.h>
#include <async/cancellation.h>
#include <async/detail/spsc_queue.h>
#include <async/exceptions.h>
#include <async/task.h>
#include <async/task_completion_source.h>
#include <async/value_task.h>

namespace async {

enum class BoundedChannelFullMode { Wait, DropNewest, DropOldest, DropWrite };

struct BoundedChannelOptions {
  explicit BoundedChannelOptions(int capacity) : Capacity(capacity) {}
  int Capacity;
  BoundedChannelFullMode FullMode = BoundedChannelFullMode::Wait;
  // Promises that at most one read (write) operation runs at a time; the
  // channel then reuses one operation object instead of its pool.
  bool SingleReader = false;
  bool SingleWriter = false;
};

// .NET's UnboundedChannelOptions. SingleReader: reads take buffered items
// from a lock-free single-consumer queue without the channel's mutex (a
// promise that one read runs at a time, as in .NET).
struct UnboundedChannelOptions {
  bool SingleReader = false;
  bool SingleWriter = false;
};

template <class T>
class Channel;
template <class T>
class ChannelReader;
template <class T>
class ChannelWriter;

namespace detail {

template <class T>
class ChannelCore;

// One waiting channel operation: ReadAsync (R = T), WriteAsync (R = void,
// holding the item to write), WaitToReadAsync / WaitToWriteAsync (R = bool).
// Reused: a pool (or the single reader's / writer's slot) owns it between
// uses. While queued, only the channel (under its mutex) may complete it;
// once completed it holds the channel alive until its result is consumed.
// Kind tells the three kinds apart when R coincides (Channel<bool>).
enum class ChannelOpKind { Read, Write, Wait };

template <class T, class R, ChannelOpKind Kind>
class ChannelOperation final : public IValueTaskSource<R> {
 public:
  using Core = ChannelCore<T>;

  explicit ChannelOperation(Core* core) noexcept : core_(core) {
    vts_.RunContinuationsAsynchronously = true;
  }

  ValueTaskSourceStatus GetStatus(short token) override { return vts_.GetStatus(token); }
  void OnCompleted(Continuation k, short token, ValueTaskSourceOnCompletedFlags flags) override {
    vts_.OnCompleted(std::move(k), token, flags);
  }
  // Consumes the result, then returns the operation to its owner.
  R GetResult(short token) override {
    if (vts_.GetStatus(token) == ValueTaskSourceStatus::Pending) {
      return vts_.GetResult(token);  // throws InvalidOperationException
    }
    if constexpr (std::is_void_v<R>) {
      try {
        vts_.GetResult(token);
      } catch (...) {
        Recycle();
        throw;
      }
      Recycle();
    } else {
      std::optional<R> result;
      try {
        result.emplace(vts_.GetResult(token));
      } catch (...) {
        Recycle();
        throw;
      }
      Recycle();
      return std::move(*result);
    }
  }

  // ---- under the channel's mutex ----
  ChannelOperation* next = nullptr;
  ChannelOperation* prev = nullptr;
  bool queued = false;
  unsigned generation = 0;  // changes on each reuse: stale cancellation callbacks see it
  std::optional<T> item;    // WriteAsync: the item to write
  CancellationTokenRegistration registration;

  short Begin() {
    vts_.Reset();
    ++generation;
    return vts_.Version();
  }
  // Completion, under the mutex: `owner` keeps the channel alive until the
  // result is consumed.
  template <class... V>
  void Succeed(std::shared_ptr<Core> owner, V&&... value) {
    keepalive_ = std::move(owner);
    vts_.SetResult(std::forward<V>(value)...);
  }
  void Fail(std::shared_ptr<Core> owner, std::exception_ptr e) {
    keepalive_ = std::move(owner);
    vts_.SetException(std::move(e));
  }

 private:
  void Recycle() {
    // Stops a later cancellation; a callback running now sees the new
    // generation under the mutex and does nothing.
    registration.Unregister();
    registration = CancellationTokenRegistration();
    std::shared_ptr<Core> keep = std::move(keepalive_);
    core_->Return(this);
    // `keep` may be the last handle: the channel (and this pooled operation)
    // is destroyed here, after the last use of `this`.
  }

  Core* core_;
  ManualResetValueTaskSourceCore<R> vts_;
  std::shared_ptr<Core> keepalive_;
};

// An intrusive FIFO of waiting operations.
template <class Op>
class OperationQueue {
 public:
  bool Empty() const noexcept { return head_ == nullptr; }
  void PushBack(Op* op) noexcept {
    op->next = nullptr;
    op->prev = tail_;
    if (tail_ != nullptr) {
      tail_->next = op;
    } else {
      head_ = op;
    }
    tail_ = op;
    op->queued = true;
  }
  Op* PopFront() noexcept {
    Op* op = head_;
    if (op != nullptr) Remove(op);
    return op;
  }
  void Remove(Op* op) noexcept {
    if (op->prev != nullptr) {
      op->prev->next = op->next;
    } else {
      head_ = op->next;
    }
    if (op->next != nullptr) {
      op->next->prev = op->prev;
    } else {
      tail_ = op->prev;
    }
    op->next = op->prev = nullptr;
    op->queued = false;
  }

 private:
  Op* head_ = nullptr;
  Op* tail_ = nullptr;
};

// Free operations of one kind. With `single` set (SingleReader /
// SingleWriter) the channel keeps one operation and reuses it: no pool.
template <class Op>
class OperationPool {
 public:
  ~OperationPool() {
    for (Op* op : free_) delete op;
    delete single_;
  }
  template <class Core>
  Op* Take(Core* core, bool single) {
    if (single) {
      if (single_ != nullptr) return std::exchange(single_, nullptr);
      return new Op(core);
    }
    if (!free_.empty()) {
      Op* op = free_.back();
      free_.pop_back();
      return op;
    }
    return new Op(core);
  }
  void Give(Op* op, bool single) {
    if (single && single_ == nullptr) {
      single_ = op;
      return;
    }
    if (free_.size() >= kMaxFree) {
      delete op;
      return;
    }
    free_.push_back(op);
  }

 private:
  static constexpr std::size_t kMaxFree = 64;
  std::vector<Op*> free_;
  Op* single_ = nullptr;
};

inline constexpr const char* kChannelAlreadyCompleted = "The channel has already been completed.";

// The shared state behind a Channel<T> and its reader and writer handles.
template <class T>
class ChannelCore : public std::enable_shared_from_this<ChannelCore<T>> {
 public:
  using ReadOp = ChannelOperation<T, T, ChannelOpKind::Read>;
  using WriteOp = ChannelOperation<T, void, ChannelOpKind::Write>;
  using WaitOp = ChannelOperation<T, bool, ChannelOpKind::Wait>;

  ChannelCore(int capacity, BoundedChannelFullMode mode, bool single_reader, bool single_writer)
      : capacity_(capacity),
        mode_(mode),
        single_reader_(single_reader),
        single_writer_(single_writer),
        lock_free_reads_(single_reader && capacity < 0),
        completion_(TaskCreationOptions::RunContinuationsAsynchronously) {
    if (lock_free_reads_) fast_items_ = std::make_unique<SpscQueue<T>>();
  }

  // The last handle is gone: every operation still waiting is abandoned (its
  // continuation is released uninvoked, SPEC §4), as nothing can complete it.
  ~ChannelCore() {
    DeleteQueued(readers_);
    DeleteQueued(writers_);
    DeleteQueued(read_waiters_);
    DeleteQueued(write_waiters_);
  }

  // ---- writer ----
  bool TryWrite(T& item) {
    std::lock_guard<std::mutex> lock(mutex_);
    return TryWriteLocked(item);
  }

  ValueTask<> WriteAsync(T item, const CancellationToken& ct) {
    if (ct.IsCancellationRequested()) return ValueTask<>(FromCanceled(ct));
    WriteOp* op;
    short token;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (Done()) return ValueTask<>(FromException(WriterClosedError()));
      if (TryWriteLocked(item)) return ValueTask<>();
      op = write_pool_.Take(this, single_writer_);
      token = op->Begin();
      op->item.emplace(std::move(item));
      if (!ct.CanBeCanceled()) {
        writers_.PushBack(op);
        return ValueTask<>(op, token);
      }
    }
    return Enqueue(writers_, op, token, ct);
  }

  ValueTask<bool> WaitToWriteAsync(const CancellationToken& ct) {
    if (ct.IsCancellationRequested()) return ValueTask<bool>(FromCanceled<bool>(ct));
    WaitOp* op;
    short token;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (Done()) return DoneWaiting();
      if (!Full() || mode_ != BoundedChannelFullMode::Wait) return ValueTask<bool>(true);
      op = wait_pool_.Take(this, false);
      token = op->Begin();
      if (!ct.CanBeCanceled()) {
        write_waiters_.PushBack(op);
        return ValueTask<bool>(op, token);
      }
    }
    return Enqueue(write_waiters_, op, token, ct);
  }

  bool TryComplete(std::exception_ptr error) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (Done()) return false;
    error_ = std::move(error);
    // seq_cst, then the emptiness check: a lock-free reader takes the last
    // item and then reads done_, so one of the two completes Completion.
    done_.store(true, std::memory_order_seq_cst);
    std::shared_ptr<ChannelCore> self = this->shared_from_this();
    if (EmptyLocked()) {
      CompleteCompletionLocked();
      // Readers wait only on an empty channel: none will get an item now.
      while (ReadOp* op = readers_.PopFront()) op->Fail(self, ReaderClosedError());
      while (WaitOp* op = read_waiters_.PopFront()) FinishWaiter(self, op);
    }
    while (WriteOp* op = writers_.PopFront()) {
      op->item.reset();
      op->Fail(self, WriterClosedError());
    }
    while (WaitOp* op = write_waiters_.PopFront()) FinishWaiter(self, op);
    return true;
  }

  // ---- reader ----
  bool TryRead(T& out) {
    std::optional<T> item = TryRead();
    if (!item.has_value()) return false;
    out = std::move(*item);
    return true;
  }
  std::optional<T> TryRead() {
    if (lock_free_reads_) return TryReadLockFree();
    std::lock_guard<std::mutex> lock(mutex_);
    if (items_.empty()) return std::nullopt;
    return std::optional<T>(TakeLocked());
  }

  ValueTask<T> ReadAsync(const CancellationToken& ct) {
    if (ct.IsCancellationRequested()) return ValueTask<T>(FromCanceled<T>(ct));
    if (lock_free_reads_) {
      if (std::optional<T> item = TryReadLockFree()) return ValueTask<T>(std::move(*item));
    }
    ReadOp* op;
    short token;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!EmptyLocked()) return ValueTask<T>(TakeLocked());
      if (Done()) return ValueTask<T>(FromException<T>(ReaderClosedError()));
      op = read_pool_.Take(this, single_reader_);
      token = op->Begin();
      if (!ct.CanBeCanceled()) {
        readers_.PushBack(op);
        return ValueTask<T>(op, token);
      }
    }
    return Enqueue(readers_, op, token, ct);
  }

  ValueTask<bool> WaitToReadAsync(const CancellationToken& ct) {
    if (ct.IsCancellationRequested()) return ValueTask<bool>(FromCanceled<bool>(ct));
    if (lock_free_reads_ && fast_items_->Size() != 0) return ValueTask<bool>(true);
    WaitOp* op;
    short token;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!EmptyLocked()) return ValueTask<bool>(true);
      if (Done()) return DoneWaiting();
      op = wait_pool_.Take(this, false);
      token = op->Begin();
      if (!ct.CanBeCanceled()) {
        read_waiters_.PushBack(op);
        return ValueTask<bool>(op, token);
      }
    }
    return Enqueue(read_waiters_, op, token, ct);
  }

  Task<> Completion() const { return completion_.Task(); }

  int Count() {
    if (lock_free_reads_) return static_cast<int>(fast_items_->Size());
    std::lock_guard<std::mutex> lock(mutex_);
    return static_cast<int>(items_.size());
  }

  // An operation whose result was consumed comes back for reuse.
  void Return(ReadOp* op) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++op->generation;
    read_pool_.Give(op, single_reader_);
  }
  void Return(WriteOp* op) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++op->generation;
    op->item.reset();
    write_pool_.Give(op, single_writer_);
  }
  void Return(WaitOp* op) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++op->generation;
    wait_pool_.Give(op, false);
  }

 private:
  bool Done() const noexcept { return done_.load(std::memory_order_relaxed); }
  bool EmptyLocked() const noexcept {
    return lock_free_reads_ ? fast_items_->Size() == 0 : items_.empty();
  }

  // SingleReader on an unbounded channel: the reader takes buffered items
  // without the mutex (writers still take it, which makes them one producer
  // of the single-producer single-consumer queue).
  std::optional<T> TryReadLockFree() {
    std::optional<T> item = fast_items_->TryPop();
    if (item.has_value() && done_.load(std::memory_order_seq_cst) && fast_items_->Size() == 0) {
      std::lock_guard<std::mutex> lock(mutex_);
      CompleteCompletionLocked();
    }
    return item;
  }

  bool Full() const noexcept {
    return capacity_ >= 0 && items_.size() >= static_cast<std::size_t>(capacity_);
  }

  // Writes `item` unless the channel is completed, or full in Wait mode.
  bool TryWriteLocked(T& item) {
    if (Done()) return false;
    if (EmptyLocked()) {
      if (ReadOp* reader = readers_.PopFront()) {
        // Handed straight to the oldest waiting reader.
        reader->Succeed(this->shared_from_this(), std::move(item));
        return true;
      }
    }
    if (Full()) {
      switch (mode_) {
        case BoundedChannelFullMode::Wait:
          return false;
        case BoundedChannelFullMode::DropWrite:
          return true;  // the written item is dropped
        case BoundedChannelFullMode::DropNewest:
          items_.pop_back();
          break;
        case BoundedChannelFullMode::DropOldest:
          items_.pop_front();
          break;
      }
    }
    if (lock_free_reads_) {
      fast_items_->Push(std::move(item));
    } else {
      items_.push_back(std::move(item));
    }
    if (!read_waiters_.Empty()) {
      std::shared_ptr<ChannelCore> self = this->shared_from_this();
      while (WaitOp* op = read_waiters_.PopFront()) op->Succeed(self, true);
    }
    return true;
  }

  // Takes the oldest item; a waiting writer's item takes its place.
  T TakeLocked() {
    if (lock_free_reads_) {
      T item = std::move(*fast_items_->TryPop());
      if (Done() && fast_items_->Size() == 0) CompleteCompletionLocked();
      return item;
    }
    T item = std::move(items_.front());
    items_.pop_front();
    if (capacity_ >= 0) {
      if (WriteOp* writer = writers_.PopFront()) {
        items_.push_back(std::move(*writer->item));
        writer->item.reset();
        writer->Succeed(this->shared_from_this());
      } else if (!write_waiters_.Empty()) {
        std::shared_ptr<ChannelCore> self = this->shared_from_this();
        while (WaitOp* op = write_waiters_.PopFront()) op->Succeed(self, true);
      }
    }
    if (Done() && items_.empty()) CompleteCompletionLocked();
    return item;
  }

  void CompleteCompletionLocked() {
    if (error_ == nullptr) {
      completion_.TrySetResult();
    } else if (IsOperationCanceled(error_)) {
      completion_.TrySetCanceled();
    } else {
      completion_.TrySetException(error_);
    }
  }

  // What a read of a completed, empty channel throws: the completion error
  // itself (SPEC §5a), or ChannelClosedException.
  std::exception_ptr ReaderClosedError() const {
    if (error_ != nullptr) return error_;
    return std::make_exception_ptr(ChannelClosedException());
  }
  // What a write to a completed channel throws (.NET's
  // CreateInvalidCompletionException): ChannelClosedException holding the
  // error; an OperationCanceledException or ChannelClosedException as is.
  std::exception_ptr WriterClosedError() const {
    if (error_ == nullptr) return std::make_exception_ptr(ChannelClosedException());
    if (IsOperationCanceled(error_)) return error_;
    try {
      std::rethrow_exception(error_);
    } catch (const ChannelClosedException&) {
      return error_;
    } catch (...) {
    }
    return std::make_exception_ptr(ChannelClosedException(error_));
  }
  // WaitToReadAsync / WaitToWriteAsync on a completed channel: false, or the error.
  ValueTask<bool> DoneWaiting() const {
    if (error_ == nullptr) return ValueTask<bool>(false);
    return ValueTask<bool>(FromException<bool>(error_));
  }
  void FinishWaiter(const std::shared_ptr<ChannelCore>& self, WaitOp* op) {
    if (error_ == nullptr) {
      op->Succeed(self, false);
    } else {
      op->Fail(self, error_);
    }
  }

  // Queues a cancelable operation. The callback is registered before the
  // operation is queued, and the token is checked again under the mutex:
  // a cancellation either is seen there or finds the operation queued.
  template <class R, ChannelOpKind Kind>
  ValueTask<R> Enqueue(OperationQueue<ChannelOperation<T, R, Kind>>& queue,
                       ChannelOperation<T, R, Kind>* op, short token, const CancellationToken& ct) {
    std::weak_ptr<ChannelCore> weak = this->weak_from_this();
    const unsigned generation = op->generation;
    CancellationTokenRegistration registration =
        ct.Register([weak, op, generation, &queue](const CancellationToken& canceled) {
          std::shared_ptr<ChannelCore> self = weak.lock();
          if (self == nullptr) return;
          std::lock_guard<std::mutex> lock(self->mutex_);
          if (op->generation != generation || !op->queued) return;  // completed, or reused
          queue.Remove(op);
          op->item.reset();  // a canceled write writes nothing
          op->Fail(self, std::make_exception_ptr(OperationCanceledException(canceled)));
        });
    std::lock_guard<std::mutex> lock(mutex_);
    op->registration = std::move(registration);
    if (ct.IsCancellationRequested()) {
      op->item.reset();
      op->Fail(this->shared_from_this(), std::make_exception_ptr(OperationCanceledException(ct)));
    } else {
      queue.PushBack(op);
    }
    return ValueTask<R>(op, token);
  }

  template <class Op>
  static void DeleteQueued(OperationQueue<Op>& queue) {
    while (Op* op = queue.PopFront()) {
      op->registration.Unregister();
      delete op;
    }
  }

  std::mutex mutex_;
  std::deque<T> items_;          // buffered items, under the mutex
  std::unique_ptr<SpscQueue<T>> fast_items_;  // instead, with lock_free_reads_
  const int capacity_;  // -1: unbounded
  const BoundedChannelFullMode mode_;
  const bool single_reader_;
  const bool single_writer_;
  const bool lock_free_reads_;
  std::atomic<bool> done_{false};
  std::exception_ptr error_;
  TaskCompletionSource<> completion_;
  OperationQueue<ReadOp> readers_;
  OperationQueue<WriteOp> writers_;
  OperationQueue<WaitOp> read_waiters_;
  OperationQueue<WaitOp> write_waiters_;
  OperationPool<ReadOp> read_pool_;
  OperationPool<WriteOp> write_pool_;
  OperationPool<WaitOp> wait_pool_;
};

// ReadAllAsync's iterator, written as the lowered form of
//   while (co_await reader.WaitToReadAsync(ct))
//     while (reader.TryRead(out item)) co_yield item;
template <class T>
struct ChannelReadAllMachine final : IAsyncStateMachine {
  AsyncIteratorMethodBuilder<T> sm_builder;
  int sm_state = -1;
  std::shared_ptr<ChannelCore<T>> core;
  CancellationToken ct;
  std::optional<ValueTaskAwaiter<bool>> wait;
  std::optional<T> item;
  AsyncIteratorYieldAwaiter yield;

  ChannelReadAllMachine(AsyncIteratorMethodBuilder<T> builder, std::shared_ptr<ChannelCore<T>> c,
                        CancellationToken token)
      : sm_builder(builder), core(std::move(c)), ct(std::move(token)) {}

  void MoveNext() override {
    try {
      if (sm_state == 0) goto resume_wait;
      if (sm_state == 1) goto resume_yield;
      for (;;) {
        wait.emplace(core->WaitToReadAsync(ct).GetAwaiter());
        if (!wait->IsCompleted()) {
          sm_state = 0;
          sm_builder.AwaitUnsafeOnCompleted(*wait, *this);
          return;
        }
      resume_wait:
        sm_state = -1;
        {
          const bool more = wait->GetResult();
          wait.reset();
          if (!more) break;
        }
        for (;;) {
          item = core->TryRead();
          if (!item.has_value()) break;
          yield = sm_builder.YieldValue(std::move(*item));
          item.reset();
          sm_state = 1;
          sm_builder.AwaitUnsafeOnCompleted(yield, *this);
          return;
        resume_yield:
          sm_state = -1;
        }
      }
    } catch (...) {
      wait.reset();
      sm_state = -2;
      sm_builder.SetException(std::current_exception());
      return;
    }
    sm_state = -2;
    sm_builder.SetResult();
  }
};

}  // namespace detail

// ChannelWriter<T>: a handle sharing the channel.
template <class T>
class ChannelWriter {
 public:
  ChannelWriter() = default;

  // Writes `item` unless the channel is completed (false) or full in Wait
  // mode (false). In the Drop modes a full channel drops an item and this
  // returns true.
  bool TryWrite(T item) { return Core().TryWrite(item); }
  // Writes `item`, waiting for room in Wait mode (waiting writers go in
  // arrival order). Faults with ChannelClosedException once completed;
  // canceled by `ct` (the item is then not written).
  ValueTask<> WriteAsync(T item, CancellationToken ct = CancellationToken::None()) {
    return Core().WriteAsync(std::move(item), ct);
  }
  // True when there is room to write (may change before the write), false
  // once completed (or the completion error).
  ValueTask<bool> WaitToWriteAsync(CancellationToken ct = CancellationToken::None()) {
    return Core().WaitToWriteAsync(ct);
  }
  // Marks the channel completed: no more writes; readers drain what is
  // buffered, then see the completion (ChannelClosedException, or `error`).
  void Complete(std::exception_ptr error = nullptr) {
    if (!TryComplete(std::move(error))) throw ChannelClosedException(detail::kChannelAlreadyCompleted);
  }
  bool TryComplete(std::exception_ptr error = nullptr) { return Core().TryComplete(std::move(error)); }

 private:
  friend class Channel<T>;
  explicit ChannelWriter(std::shared_ptr<detail::ChannelCore<T>> core) noexcept
      : core_(std::move(core)) {}
  detail::ChannelCore<T>& Core() const {
    if (core_ == nullptr) throw InvalidOperationException("The ChannelWriter handle is empty.");
    return *core_;
  }
  std::shared_ptr<detail::ChannelCore<T>> core_;
};

// ChannelReader<T>: a handle sharing the channel.
template <class T>
class ChannelReader {
 public:
  ChannelReader() = default;

  bool TryRead(T& item) { return Core().TryRead(item); }
  // The oldest item; waits when empty (waiting readers go in arrival order).
  // Completed and empty: throws ChannelClosedException, or the completion
  // error itself. Canceled by `ct` without taking an item.
  ValueTask<T> ReadAsync(CancellationToken ct = CancellationToken::None()) {
    return Core().ReadAsync(ct);
  }
  // True once an item is available (another reader may take it first);
  // false when completed and empty (or the completion error).
  ValueTask<bool> WaitToReadAsync(CancellationToken ct = CancellationToken::None()) {
    return Core().WaitToReadAsync(ct);
  }
  // Every item until the channel is completed and empty.
  AsyncEnumerable<T> ReadAllAsync(CancellationToken ct = CancellationToken::None()) {
    Core();
    auto& sm = AsyncIteratorMethodBuilder<T>::template Create<detail::ChannelReadAllMachine<T>>(
        core_, std::move(ct));
    AsyncEnumerable<T> result = sm.sm_builder.Task();
    sm.sm_builder.Start(sm);
    return result;
  }
  // Completes when the channel is completed and every item was read.
  Task<> Completion() const { return Core().Completion(); }
  int Count() const { return Core().Count(); }
  bool CanCount() const noexcept { return true; }

 private:
  friend class Channel<T>;
  explicit ChannelReader(std::shared_ptr<detail::ChannelCore<T>> core) noexcept
      : core_(std::move(core)) {}
  detail::ChannelCore<T>& Core() const {
    if (core_ == nullptr) throw InvalidOperationException("The ChannelReader handle is empty.");
    return *core_;
  }
  std::shared_ptr<detail::ChannelCore<T>> core_;
};

// Channel<T> (.NET's Channel<T> and the static Channel factory in one):
// a shared handle; Reader() and Writer() share it too.
template <class T>
class Channel {
  static_assert(std::is_move_constructible_v<T>, "Channel<T>: T must be movable");

 public:
  static Channel CreateUnbounded() { return CreateUnbounded(UnboundedChannelOptions()); }
  static Channel CreateUnbounded(UnboundedChannelOptions options) {
    return Channel(std::make_shared<detail::ChannelCore<T>>(
        -1, BoundedChannelFullMode::Wait, options.SingleReader, options.SingleWriter));
  }
  static Channel CreateBounded(int capacity) { return CreateBounded(BoundedChannelOptions(capacity)); }
  static Channel CreateBounded(BoundedChannelOptions options) {
    if (options.Capacity < 1) throw ArgumentOutOfRangeException("capacity must be at least 1.");
    return Channel(std::make_shared<detail::ChannelCore<T>>(options.Capacity, options.FullMode,
                                                            options.SingleReader,
                                                            options.SingleWriter));
  }

  ChannelReader<T> Reader() const { return ChannelReader<T>(core_); }
  ChannelWriter<T> Writer() const { return ChannelWriter<T>(core_); }

 private:
  explicit Channel(std::shared_ptr<detail::ChannelCore<T>> core) noexcept : core_(std::move(core)) {}
  std::shared_ptr<detail::ChannelCore<T>> core_;
};

}  // namespace async
