// The registry of pending async-method boxes (runtime-internal).
#pragma once

#include <unordered_map>

#include <async/detail/async_box.h>

namespace async {
namespace detail {

// Holds every registry lock for its scope: registered boxes can neither
// finish nor be freed meanwhile (a box unregisters, under the lock, before
// its machine's reference is dropped), so their fields may be read.
class LockedPendingRegistry {
 public:
  LockedPendingRegistry();
  ~LockedPendingRegistry();
  LockedPendingRegistry(const LockedPendingRegistry&) = delete;
  LockedPendingRegistry& operator=(const LockedPendingRegistry&) = delete;

  // Every registered box, by its task state.
  std::unordered_map<const TaskStateBase*, AsyncBoxTarget*> ByTask() const;
};

}  // namespace detail
}  // namespace async
