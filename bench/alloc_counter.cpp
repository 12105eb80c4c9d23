// bench/alloc_counter.cpp: replaces the global operator new/delete (all
// forms) to count allocations per thread. While track_bytes is set, sizes
// are malloc_usable_size(), the bytes the allocator really hands out
// (without its 8-byte header), so that frees balance allocations exactly;
// a block allocated before tracking began and freed during it would make
// the count low, so tracking is only switched on around code that frees
// nothing older (BM_PendingTaskBytes).
#include "alloc_counter.h"

#include <malloc.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <new>

namespace bench {
namespace {
thread_local AllocCounters t_counters;

inline void* CountedAlloc(std::size_t size) {
  void* p = std::malloc(size == 0 ? 1 : size);
  if (p == nullptr) throw std::bad_alloc();
  AllocCounters& c = t_counters;
  ++c.allocs;
  if (c.track_bytes) c.live_bytes += static_cast<std::int64_t>(malloc_usable_size(p));
  return p;
}

inline void* CountedAlignedAlloc(std::size_t size, std::size_t align) {
  void* p = nullptr;
  if (posix_memalign(&p, align < sizeof(void*) ? sizeof(void*) : align, size == 0 ? 1 : size) != 0)
    throw std::bad_alloc();
  AllocCounters& c = t_counters;
  ++c.allocs;
  if (c.track_bytes) c.live_bytes += static_cast<std::int64_t>(malloc_usable_size(p));
  return p;
}

inline void CountedFree(void* p) noexcept {
  if (p == nullptr) return;
  AllocCounters& c = t_counters;
  ++c.frees;
  if (c.track_bytes) c.live_bytes -= static_cast<std::int64_t>(malloc_usable_size(p));
  std::free(p);
}
}  // namespace

AllocCounters& ThreadAllocCounters() noexcept { return t_counters; }

std::int64_t ResidentBytes() noexcept {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return -1;
  long size = 0, resident = 0;
  int n = std::fscanf(f, "%ld %ld", &size, &resident);
  std::fclose(f);
  if (n != 2) return -1;
  return static_cast<std::int64_t>(resident) * sysconf(_SC_PAGESIZE);
}

}  // namespace bench

void* operator new(std::size_t size) { return bench::CountedAlloc(size); }
void* operator new[](std::size_t size) { return bench::CountedAlloc(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return bench::CountedAlloc(size);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return bench::CountedAlloc(size);
  } catch (...) {
    return nullptr;
  }
}
void* operator new(std::size_t size, std::align_val_t al) {
  return bench::CountedAlignedAlloc(size, static_cast<std::size_t>(al));
}
void* operator new[](std::size_t size, std::align_val_t al) {
  return bench::CountedAlignedAlloc(size, static_cast<std::size_t>(al));
}
void* operator new(std::size_t size, std::align_val_t al, const std::nothrow_t&) noexcept {
  try {
    return bench::CountedAlignedAlloc(size, static_cast<std::size_t>(al));
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t size, std::align_val_t al, const std::nothrow_t&) noexcept {
  try {
    return bench::CountedAlignedAlloc(size, static_cast<std::size_t>(al));
  } catch (...) {
    return nullptr;
  }
}

void operator delete(void* p) noexcept { bench::CountedFree(p); }
void operator delete[](void* p) noexcept { bench::CountedFree(p); }
void operator delete(void* p, std::size_t) noexcept { bench::CountedFree(p); }
void operator delete[](void* p, std::size_t) noexcept { bench::CountedFree(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { bench::CountedFree(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { bench::CountedFree(p); }
void operator delete(void* p, std::align_val_t) noexcept { bench::CountedFree(p); }
void operator delete[](void* p, std::align_val_t) noexcept { bench::CountedFree(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { bench::CountedFree(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { bench::CountedFree(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  bench::CountedFree(p);
}
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  bench::CountedFree(p);
}
