// async::detail::BranchSlot: the type-erased frame storage of a constexpr-if
// branch's values (docs/lowering/08-templates.md section 21.3).
#include <async/detail/branch_slot.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <new>
#include <string>
#include <vector>

namespace {

struct Counted {
  explicit Counted(std::vector<std::string>* log, std::string name)
      : log(log), name(std::move(name)) {
    log->push_back("+" + this->name);
  }
  ~Counted() { log->push_back("-" + name); }
  std::vector<std::string>* log;
  std::string name;
};

struct Large {
  Counted counted;
  char padding[async::detail::BranchSlot::kInlineSize];
};

struct alignas(64) OverAligned {
  int value = 7;
};

bool InsideSlot(const void* p, const async::detail::BranchSlot& slot) {
  auto a = reinterpret_cast<std::uintptr_t>(p);
  auto s = reinterpret_cast<std::uintptr_t>(&slot);
  return a >= s && a < s + sizeof(slot);
}

TEST(BranchSlot, SmallValueIsKeptInlineAndDestroyedThroughTheSlot) {
  std::vector<std::string> log;
  async::detail::BranchSlot slot;
  Counted& c = slot.As<Counted>();
  EXPECT_TRUE(InsideSlot(&c, slot));
  ::new (static_cast<void*>(&c)) Counted(&log, "a");
  EXPECT_EQ(c.name, "a");
  slot.Destroy();
  EXPECT_EQ(log, (std::vector<std::string>{"+a", "-a"}));
}

TEST(BranchSlot, LargeValueGoesToTheHeapOnceAndIsReused) {
  std::vector<std::string> log;
  async::detail::BranchSlot slot;
  Large& first = slot.As<Large>();
  EXPECT_FALSE(InsideSlot(&first, slot));
  ::new (static_cast<void*>(&first)) Large{Counted(&log, "big"), {}};
  slot.Destroy();
  // Entering the branch again (a loop) gives the same block.
  Large& second = slot.As<Large>();
  EXPECT_EQ(&first, &second);
  ::new (static_cast<void*>(&second)) Large{Counted(&log, "again"), {}};
  slot.Destroy();
  EXPECT_EQ(log, (std::vector<std::string>{"+big", "-big", "+again", "-again"}));
}  // the heap block is freed with the slot (LeakSanitizer checks)

TEST(BranchSlot, OverAlignedValueIsAligned) {
  async::detail::BranchSlot slot;
  OverAligned& o = slot.As<OverAligned>();
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(&o) % alignof(OverAligned), 0u);
  ::new (static_cast<void*>(&o)) OverAligned;
  EXPECT_EQ(o.value, 7);
  slot.Destroy();
}

TEST(BranchSlot, UnusedSlotOwnsNothing) {
  async::detail::BranchSlot slot;
  (void)slot;
}

}  // namespace
