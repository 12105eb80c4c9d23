// A try block holding co_await (C# and Roslyn: per-try dispatch): resuming
// re-enters each enclosing try through its own label and switch, since a
// goto may not jump into a try block.
#include "StatementLowerer.h"

#include "clang/AST/ExprCXX.h"

namespace asyncc {

using namespace clang;

// A try block holding awaits: resuming enters it through a label before
// `try` and a dispatch switch at the top of its block (a goto may not jump
// into a try block); its handlers first destroy the frame slots of the
// block, as unwinding destroys its locals before a handler runs.
void StatementLowerer::lowerTry(unsigned Index) {
  const FrameLayout::TryBlock &T = Layout.Tries[Index];
  auto Begin = Ranges.offset(T.Try->getTryLoc());
  auto Block = Ranges.offset(T.Try->getTryBlock()->getLBracLoc());
  if (!Begin || !Block) {
    error(T.Try->getBeginLoc(), "try statement from a macro expansion");
    return;
  }
  Edits.insertBefore(*Begin, Names.tryLabel(Index) + ": ");
  Edits.insertAfter(*Block + 1, " " + dispatchSwitch({DispatchRegion::Try, Index}));
  for (unsigned I = 0; I < T.Try->getNumHandlers(); ++I) {
    const CXXCatchStmt *Handler = T.Try->getHandler(I);
    const auto *HB = dyn_cast<CompoundStmt>(Handler->getHandlerBlock());
    if (auto At = HB ? Ranges.offset(HB->getLBracLoc()) : std::nullopt)
      Edits.insertAfter(*At + 1, " " + unwindTo(T.ChainBefore));
  }
}

// Where resuming at an await goes from the dispatch before Region (the
// label in front of it, which the enclosing dispatch names).
std::string StatementLowerer::regionLabel(const DispatchRegion &Region) const {
  if (Region.Kind == DispatchRegion::Try)
    return Names.tryLabel(Region.Index);
  return Names.constexprIfLabel(Layout.ConstexprBranches[Region.Index].If);
}

// The switch at the top of Region's block: each await inside goes on to its
// resume label, or to the label of the next region around it.
std::string StatementLowerer::dispatchSwitch(const DispatchRegion &Region) const {
  std::string Dispatch = "switch (" + Names.state() + ") {";
  for (const AwaitSite &Site : Layout.Awaits) {
    auto &Regions = Site.EnclosingRegions;
    auto It = std::find(Regions.begin(), Regions.end(), Region);
    if (It == Regions.end())
      continue;
    std::string Target = std::next(It) == Regions.end() ? Names.resumeLabel(Site.Index)
                                                        : regionLabel(*std::next(It));
    Dispatch += " case " + std::to_string(Site.Index) + ": goto " + Target + ";";
  }
  return Dispatch + " default: break; }";
}

} // namespace asyncc
