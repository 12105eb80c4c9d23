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

std::string GeneratedNames::erasedBase(const std::string &FieldName) const {
  llvm::StringRef Name(FieldName);
  if (Name.starts_with(Prefix))
    return FieldName;
  for (llvm::StringRef Generated :
       {"awaiter", "awaitable", "tmp", "range", "begin", "end", "binding"})
    if (Name.starts_with(Generated) && Name.size() > Generated.size() &&
        Name[Generated.size()] >= '0' && Name[Generated.size()] <= '9')
      return Prefix + "local_" + FieldName;
  return Prefix + FieldName;
}

} // namespace asyncc
