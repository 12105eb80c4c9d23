// --path-prefix-map=OLD=NEW: how the paths that the output embeds (its
// header comment, #line directives, the file names of DumpPendingTasks'
// await sites) are written, as -ffile-prefix-map does for compilers. With
// the project's folders mapped, two checkouts in different places lower a
// source to the same bytes, so compiler caches hit across them.
#pragma once

#include "llvm/ADT/StringRef.h"

#include <string>
#include <utility>
#include <vector>

namespace asyncc {

class PathPrefixMap {
public:
  // Adds OLD=NEW; false when Spec has no '=' or an empty OLD.
  bool add(llvm::StringRef Spec);
  // Path with its longest mapped prefix replaced (a prefix matches whole
  // path components only; among equally long ones the last given wins).
  // Unchanged when none matches.
  std::string apply(llvm::StringRef Path) const;

private:
  std::vector<std::pair<std::string, std::string>> Maps;
};

} // namespace asyncc
