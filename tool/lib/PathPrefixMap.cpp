#include "PathPrefixMap.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"

namespace asyncc {

bool PathPrefixMap::add(llvm::StringRef Spec) {
  auto [Old, New] = Spec.split('=');
  if (Old.empty() || Old.size() == Spec.size())
    return false;
  // "/a/b/" and "/a/b" are the same folder.
  while (Old.size() > 1 && llvm::sys::path::is_separator(Old.back()))
    Old = Old.drop_back();
  Maps.emplace_back(Old.str(), New.str());
  return true;
}

std::string PathPrefixMap::apply(llvm::StringRef Path) const {
  const std::pair<std::string, std::string> *Best = nullptr;
  for (const auto &Map : Maps) {
    llvm::StringRef Old(Map.first);
    if (!Path.starts_with(Old))
      continue;
    // Whole components only: "/src" maps "/src/a.cpp", not "/srcx/a.cpp".
    if (Path.size() != Old.size() && !llvm::sys::path::is_separator(Path[Old.size()]) &&
        !llvm::sys::path::is_separator(Old.back()))
      continue;
    if (!Best || Old.size() >= Best->first.size())
      Best = &Map;
  }
  if (!Best)
    return Path.str();
  llvm::StringRef Rest = Path.drop_front(Best->first.size());
  if (Best->second.empty())
    // Mapped to nothing: the rest is relative.
    return Rest.ltrim("/\\").str();
  llvm::SmallString<256> Out(Best->second);
  if (!Rest.empty() && !llvm::sys::path::is_separator(Out.back()) &&
      !llvm::sys::path::is_separator(Rest.front()))
    Out += '/';
  Out += Rest;
  return std::string(Out);
}

} // namespace asyncc
