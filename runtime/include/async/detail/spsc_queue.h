// async/detail/spsc_queue.h: an unbounded single-producer single-consumer
// queue of segments (runtime-internal). Push and TryPop never lock; the
// producer side may be several threads as long as something else (a
// channel's mutex) serializes them. One retired segment is kept for reuse,
// so a queue that stays short does not allocate.
#pragma once

#include <atomic>
#include <cstddef>
#include <new>
#include <optional>
#include <utility>

namespace async {
namespace detail {

template <class T>
class SpscQueue {
 public:
  SpscQueue() : head_(new Segment()), tail_(head_) {}
  SpscQueue(const SpscQueue&) = delete;
  SpscQueue& operator=(const SpscQueue&) = delete;
  ~SpscQueue() {
    while (TryPop().has_value()) {
    }
    delete head_;
    delete spare_.load(std::memory_order_acquire);
  }

  // Producer.
  void Push(T value) {
    std::size_t index = tail_->written.load(std::memory_order_relaxed);
    if (index == kSegmentSize) {
      Segment* next = spare_.exchange(nullptr, std::memory_order_acquire);
      if (next == nullptr) next = new Segment();
      tail_->next.store(next, std::memory_order_release);
      tail_ = next;
      index = 0;
    }
    ::new (tail_->Slot(index)) T(std::move(value));
    tail_->written.store(index + 1, std::memory_order_release);
    size_.fetch_add(1, std::memory_order_seq_cst);
  }

  // Consumer.
  std::optional<T> TryPop() {
    for (;;) {
      if (read_ < head_->written.load(std::memory_order_acquire)) {
        T* slot = head_->Slot(read_);
        std::optional<T> value(std::move(*slot));
        slot->~T();
        ++read_;
        size_.fetch_sub(1, std::memory_order_seq_cst);
        return value;
      }
      if (read_ < kSegmentSize) return std::nullopt;
      Segment* next = head_->next.load(std::memory_order_acquire);
      if (next == nullptr) return std::nullopt;
      Segment* old = head_;
      head_ = next;
      read_ = 0;
      old->written.store(0, std::memory_order_relaxed);
      old->next.store(nullptr, std::memory_order_relaxed);
      Segment* expected = nullptr;
      if (!spare_.compare_exchange_strong(expected, old, std::memory_order_release,
                                          std::memory_order_relaxed)) {
        delete old;
      }
    }
  }

  // Items pushed and not yet popped (exact once both sides are quiet).
  std::size_t Size() const noexcept { return size_.load(std::memory_order_seq_cst); }

 private:
  static constexpr std::size_t kSegmentSize = 256;
  struct Segment {
    std::atomic<std::size_t> written{0};
    std::atomic<Segment*> next{nullptr};
    alignas(T) unsigned char storage[kSegmentSize * sizeof(T)];
    T* Slot(std::size_t i) noexcept { return reinterpret_cast<T*>(storage + i * sizeof(T)); }
  };

  Segment* head_;  // consumer's segment
  std::size_t read_ = 0;
  alignas(64) Segment* tail_;  // producer's segment
  std::atomic<Segment*> spare_{nullptr};
  alignas(64) std::atomic<std::size_t> size_{0};
};

}  // namespace detail
}  // namespace async
