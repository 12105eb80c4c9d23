#include "GeneratedNames.h"

namespace asyncc {

GeneratedNames::GeneratedNames(const llvm::StringSet<> &UsedIdentifiers) {
  for (unsigned N = 0;; ++N) {
    Prefix = N == 0 ? "sm_" : "sm" + std::to_string(N) + "_";
    bool Clash = false;
    for (const auto &Entry : UsedIdentifiers)
      if (Entry.getKey().starts_with(Prefix)) {
        Clash = true;
        break;
      }
    if (!Clash)
      return;
  }
}

} // namespace asyncc
