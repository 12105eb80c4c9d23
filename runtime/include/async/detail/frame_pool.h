// async/detail/frame_pool.h: the size-class pool that async-method boxes
// (and native coroutine frames) are allocated from.
//
// Sizes up to kFramePoolMaxSize are rounded up to a multiple of 64 bytes;
// each thread keeps a free list per size class (at most kFramePoolThreadCap
// blocks each). A block freed on any thread goes to that thread's list (the
// memory is interchangeable), overflow and the lists of exiting threads go to
// a global list per class (mutex, at most kFramePoolGlobalCap blocks), the
// rest back to ::operator delete. Larger sizes go straight to ::operator new.
// Under AddressSanitizer, free blocks are poisoned (all but the link word), so
// a use after free of a pooled box is still reported.
#pragma once

#include <cstddef>
#include <cstdint>

namespace async {
namespace detail {

constexpr std::size_t kFramePoolGranule = 64;
constexpr std::size_t kFramePoolMaxSize = 2048;
constexpr std::size_t kFramePoolThreadCap = 256;
constexpr std::size_t kFramePoolGlobalCap = 4096;

void* FramePoolAllocate(std::size_t size);
void FramePoolFree(void* p, std::size_t size) noexcept;

// Statistics (for tests): blocks obtained from ::operator new since start
// (the fast paths keep no counters).
struct FramePoolStats {
  std::uint64_t fresh_blocks;
};
FramePoolStats GetFramePoolStats() noexcept;

}  // namespace detail
}  // namespace async
