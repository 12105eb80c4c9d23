// bench/alloc_counter.h: per-thread heap counters fed by the replacement
// global operator new/delete in alloc_counter.cpp (linked into every
// benchmark binary). Thread-local, so counting costs a few instructions and
// no atomic; only meaningful for work that allocates and frees on the
// calling thread (the single-threaded benchmarks).
#pragma once

#include <cstdint>

namespace bench {

struct AllocCounters {
  std::int64_t allocs = 0;      // operator new calls
  std::int64_t frees = 0;       // operator delete calls (non-null)
  std::int64_t live_bytes = 0;  // usable bytes allocated minus freed, while tracking
  bool track_bytes = false;     // live_bytes costs a malloc_usable_size() per call
};

// This thread's counters.
AllocCounters& ThreadAllocCounters() noexcept;

// Process resident set size in bytes (/proc/self/statm).
std::int64_t ResidentBytes() noexcept;

}  // namespace bench
