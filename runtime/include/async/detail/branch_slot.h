// Frame storage whose type is known only inside one branch of an
// `if constexpr` (generated code; docs/lowering/08-templates.md section 21).
//
// A template's state machine is a local class, so every field is
// instantiated with the function: a field for a value kept by a branch that
// an instantiation discards could have an ill-formed type. Such a value is
// kept in a BranchSlot instead, and the branch names its storage with the
// real type (`T &x = slot.As<T>();`) where that type is well-formed. The
// machine's unwinder, which cannot name the type, destroys it through
// Destroy().
#pragma once

#include <cstddef>
#include <new>

namespace async::detail {

class BranchSlot {
public:
  // Values up to this size (and max_align_t's alignment) are kept inline.
  static constexpr std::size_t kInlineSize = 64;

  BranchSlot() noexcept = default;
  BranchSlot(const BranchSlot&) = delete;
  BranchSlot& operator=(const BranchSlot&) = delete;
  ~BranchSlot() {
    if (heap_) free_(heap_);
  }

  // Storage for a T, not constructed: the branch calls it each time it is
  // entered, before anything is built in it. The heap block of a T too big
  // for the inline buffer is allocated on first use and kept until the
  // slot is destroyed (a loop re-entering the branch reuses it). It also
  // records how to destroy a T, so that Destroy() works from outside the
  // branch once the T has been built.
  template <class T>
  T& As() {
    destroy_ = [](void* object) { static_cast<T*>(object)->~T(); };
    if constexpr (FitsInline<T>()) {
      return *static_cast<T*>(static_cast<void*>(inline_));
    } else {
      if (!heap_) {
        heap_ = ::operator new(sizeof(T), std::align_val_t(alignof(T)));
        free_ = [](void* block) noexcept {
          ::operator delete(block, std::align_val_t(alignof(T)));
        };
      }
      return *static_cast<T*>(heap_);
    }
  }

  // Ends the lifetime of the T built in As<T>()'s storage.
  void Destroy() { destroy_(heap_ ? heap_ : static_cast<void*>(inline_)); }

private:
  template <class T>
  static constexpr bool FitsInline() {
    return sizeof(T) <= kInlineSize && alignof(T) <= alignof(std::max_align_t);
  }

  alignas(std::max_align_t) unsigned char inline_[kInlineSize];
  void* heap_ = nullptr;
  void (*free_)(void*) noexcept = nullptr;
  void (*destroy_)(void*) = nullptr;
};

}  // namespace async::detail
