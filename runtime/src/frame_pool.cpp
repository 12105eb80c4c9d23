// The size-class pool for async-method boxes and native coroutine frames.
#include <async/detail/frame_pool.h>

#include <atomic>
#include <mutex>
#include <new>

#if defined(__SANITIZE_ADDRESS__)
#define ASYNCC_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ASYNCC_ASAN 1
#endif
#endif
#if defined(ASYNCC_ASAN)
#include <sanitizer/asan_interface.h>
#define ASYNCC_POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define ASYNCC_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define ASYNCC_POISON(p, n) ((void)(p), (void)(n))
#define ASYNCC_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

namespace async {
namespace detail {

namespace {

constexpr std::size_t kClasses = kFramePoolMaxSize / kFramePoolGranule;

struct FreeBlock {
  FreeBlock* next;
};

std::size_t ClassOf(std::size_t size) noexcept { return (size + kFramePoolGranule - 1) / kFramePoolGranule - 1; }
std::size_t ClassSize(std::size_t c) noexcept { return (c + 1) * kFramePoolGranule; }

std::atomic<std::uint64_t> g_fresh{0};

// Pushes a block that is (or becomes) poisoned except for its link word.
void PushBlock(FreeBlock*& head, void* p, std::size_t class_size) noexcept {
  auto* b = static_cast<FreeBlock*>(p);
  ASYNCC_UNPOISON(b, sizeof(FreeBlock));
  b->next = head;
  head = b;
  ASYNCC_POISON(reinterpret_cast<unsigned char*>(b) + sizeof(FreeBlock), class_size - sizeof(FreeBlock));
}
void* PopBlock(FreeBlock*& head, std::size_t class_size) noexcept {
  FreeBlock* b = head;
  head = b->next;
  ASYNCC_UNPOISON(b, class_size);
  return b;
}
void ReleaseBlock(void* p, std::size_t class_size) noexcept {
  ASYNCC_UNPOISON(p, class_size);
  ::operator delete(p);
}

struct GlobalPool {
  struct Class {
    std::mutex mutex;
    FreeBlock* head = nullptr;
    std::size_t count = 0;
  };
  Class classes[kClasses];
  ~GlobalPool() {
    for (std::size_t c = 0; c < kClasses; ++c) {
      while (classes[c].head != nullptr) ReleaseBlock(PopBlock(classes[c].head, ClassSize(c)), ClassSize(c));
    }
  }
};
// Never destroyed before the last thread cache (constructed on first use,
// by a thread cache or an allocation, and intentionally leaked at exit only
// through the function-local static's reachability).
GlobalPool& Global() {
  static GlobalPool* pool = new GlobalPool();
  return *pool;
}

// Trivially destructible, so the fast paths access it without a TLS
// wrapper call; ThreadCacheCleanup (armed at the first free on a thread)
// hands the blocks to the global lists when the thread exits.
struct ThreadCache {
  FreeBlock* heads[kClasses];
  std::size_t counts[kClasses];
  bool dead;
  bool armed;
};
thread_local ThreadCache t_cache{};

struct ThreadCacheCleanup {
  bool used = false;
  ~ThreadCacheCleanup() {
    ThreadCache& cache = t_cache;
    cache.dead = true;
    GlobalPool& g = Global();
    for (std::size_t c = 0; c < kClasses; ++c) {
      while (cache.heads[c] != nullptr) {
        void* p = PopBlock(cache.heads[c], ClassSize(c));
        std::unique_lock<std::mutex> lock(g.classes[c].mutex);
        if (g.classes[c].count < kFramePoolGlobalCap) {
          PushBlock(g.classes[c].head, p, ClassSize(c));
          ++g.classes[c].count;
        } else {
          lock.unlock();
          ReleaseBlock(p, ClassSize(c));
        }
      }
      cache.counts[c] = 0;
    }
  }
};
thread_local ThreadCacheCleanup t_cache_cleanup;

}  // namespace

void* FramePoolAllocate(std::size_t size) {
  if (size == 0 || size > kFramePoolMaxSize) return ::operator new(size);
  const std::size_t c = ClassOf(size);
  const std::size_t class_size = ClassSize(c);
  ThreadCache& cache = t_cache;
  if (!cache.dead) {
    if (cache.heads[c] != nullptr) {
      --cache.counts[c];
      return PopBlock(cache.heads[c], class_size);
    }
  }
  {
    GlobalPool::Class& g = Global().classes[c];
    std::lock_guard<std::mutex> lock(g.mutex);
    if (g.head != nullptr) {
      --g.count;
      return PopBlock(g.head, class_size);
    }
  }
  g_fresh.fetch_add(1, std::memory_order_relaxed);
  return ::operator new(class_size);
}

void FramePoolFree(void* p, std::size_t size) noexcept {
  if (p == nullptr) return;
  if (size == 0 || size > kFramePoolMaxSize) {
    ::operator delete(p);
    return;
  }
  const std::size_t c = ClassOf(size);
  const std::size_t class_size = ClassSize(c);
  ThreadCache& cache = t_cache;
  if (!cache.dead) {
    if (cache.counts[c] < kFramePoolThreadCap) {
      if (!cache.armed) {
        cache.armed = true;
        t_cache_cleanup.used = true;  // registers its destructor for thread exit
      }
      PushBlock(cache.heads[c], p, class_size);
      ++cache.counts[c];
      return;
    }
  }
  {
    GlobalPool::Class& g = Global().classes[c];
    std::lock_guard<std::mutex> lock(g.mutex);
    if (g.count < kFramePoolGlobalCap) {
      PushBlock(g.head, p, class_size);
      ++g.count;
      return;
    }
  }
  ReleaseBlock(p, class_size);
}

FramePoolStats GetFramePoolStats() noexcept {
  return FramePoolStats{g_fresh.load(std::memory_order_relaxed)};
}

}  // namespace detail
}  // namespace async
