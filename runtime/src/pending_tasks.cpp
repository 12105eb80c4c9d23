// The pending async-method registry and DumpPendingTasks.
#include <cstdint>
#include <mutex>
#include <ostream>
#include <string>
#include <unordered_set>
#include <vector>

#include <async/diagnostics.h>

#include "pending_registry.h"

namespace async {
namespace detail {

// Registry links live in the box (intrusive); the lists are sharded by box
// address so that suspensions on different threads rarely share a lock.
struct PendingRegistryAccess {
  static AsyncBoxTarget*& Prev(AsyncBoxTarget* b) noexcept { return b->reg_prev_; }
  static AsyncBoxTarget*& Next(AsyncBoxTarget* b) noexcept { return b->reg_next_; }
  static bool& Registered(AsyncBoxTarget* b) noexcept { return b->registered_; }
};

namespace {

constexpr std::size_t kShards = 16;

struct alignas(64) Shard {
  std::mutex mutex;
  AsyncBoxTarget* head = nullptr;
};

Shard* Shards() {
  static Shard* const shards = new Shard[kShards];  // never destroyed: used until exit
  return shards;
}

Shard& ShardOf(const AsyncBoxTarget* box) noexcept {
  return Shards()[(reinterpret_cast<std::uintptr_t>(box) >> 6) % kShards];
}

using A = PendingRegistryAccess;

}  // namespace

void RegisterPendingBox(AsyncBoxTarget* box) noexcept {
  Shard& s = ShardOf(box);
  std::lock_guard<std::mutex> lock(s.mutex);
  A::Prev(box) = nullptr;
  A::Next(box) = s.head;
  if (s.head != nullptr) A::Prev(s.head) = box;
  s.head = box;
  A::Registered(box) = true;
}

void UnregisterPendingBox(AsyncBoxTarget* box) noexcept {
  Shard& s = ShardOf(box);
  std::lock_guard<std::mutex> lock(s.mutex);
  AsyncBoxTarget* prev = A::Prev(box);
  AsyncBoxTarget* next = A::Next(box);
  if (prev != nullptr) {
    A::Next(prev) = next;
  } else {
    s.head = next;
  }
  if (next != nullptr) A::Prev(next) = prev;
  A::Registered(box) = false;
}

LockedPendingRegistry::LockedPendingRegistry() {
  for (std::size_t i = 0; i < kShards; ++i) Shards()[i].mutex.lock();
}
LockedPendingRegistry::~LockedPendingRegistry() {
  for (std::size_t i = kShards; i-- > 0;) Shards()[i].mutex.unlock();
}

std::unordered_map<const TaskStateBase*, AsyncBoxTarget*> LockedPendingRegistry::ByTask() const {
  std::unordered_map<const TaskStateBase*, AsyncBoxTarget*> all;
  for (std::size_t i = 0; i < kShards; ++i)
    for (AsyncBoxTarget* b = Shards()[i].head; b != nullptr; b = A::Next(b)) all.emplace(b->TaskStatePtr(), b);
  return all;
}

namespace {

// "R ns::F(params) [with ...]" (a compiler's pretty function name, what
// source_location gives the native build) -> "ns::F"; a plain qualified
// name (what generated machines carry) is unchanged.
std::string TrimFunctionName(const char* name) {
  std::string s(name);
  int depth = 0;
  std::size_t open = std::string::npos;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '<') ++depth;
    if (c == '>' && depth > 0) --depth;
    if (c == '(' && depth == 0) {
      // "operator()" is a name, not the parameter list.
      if (i >= 8 && s.compare(i - 8, 8, "operator") == 0 && i + 1 < s.size() && s[i + 1] == ')') {
        ++i;
        continue;
      }
      // clang's "(anonymous namespace)::F" (g++ writes "{anonymous}::F").
      static constexpr char kAnonymous[] = "(anonymous namespace)";
      if (s.compare(i, sizeof kAnonymous - 1, kAnonymous) == 0) {
        i += sizeof kAnonymous - 2;
        continue;
      }
      open = i;
      break;
    }
  }
  if (open == std::string::npos) return s;
  std::size_t start = 0;
  depth = 0;
  for (std::size_t i = open; i-- > 0;) {
    char c = s[i];
    if (c == '>' || c == ')') ++depth;
    if ((c == '<' || c == '(') && depth > 0) --depth;
    if (c == ' ' && depth == 0) {
      start = i + 1;
      break;
    }
  }
  return s.substr(start, open - start);
}

void WriteFrame(std::ostream& out, const AsyncBoxTarget* box) {
  AwaitSite site = box->SuspendedAt();
  out << "  at ";
  if (site.function != nullptr) {
    out << TrimFunctionName(site.function) << " (" << (site.file != nullptr ? site.file : "?") << ':' << site.line << ")\n";
  } else {
    out << box->MachineName() << " (unknown location)\n";
  }
}

}  // namespace

}  // namespace detail

void DumpPendingTasks(std::ostream& out) {
  using detail::AsyncBoxTarget;
  detail::LockedPendingRegistry registry;
  auto by_task = registry.ByTask();
  // Boxes awaited by another pending box are not roots.
  std::unordered_set<const AsyncBoxTarget*> awaited;
  for (const auto& [task, box] : by_task) {
    auto it = by_task.find(box->Awaited());
    if (it != by_task.end() && it->second != box) awaited.insert(it->second);
  }
  for (const auto& [task, root] : by_task) {
    if (awaited.count(root) != 0) continue;
    // Root -> the box it awaits -> ..., then printed innermost first.
    std::vector<const AsyncBoxTarget*> chain{root};
    std::unordered_set<const AsyncBoxTarget*> seen{root};
    for (;;) {
      auto it = by_task.find(chain.back()->Awaited());
      if (it == by_task.end() || !seen.insert(it->second).second) break;
      chain.push_back(it->second);
    }
    out << "async task " << static_cast<const void*>(task) << ":\n";
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) detail::WriteFrame(out, *it);
    out << '\n';
  }
}

}  // namespace async
