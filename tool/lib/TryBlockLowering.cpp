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
  std::string Dispatch = " switch (" + Names.state() + ") {";
  for (const AwaitSite &Site : Layout.Awaits) {
    auto &Tries = Site.EnclosingTries;
    auto It = std::find(Tries.begin(), Tries.end(), Index);
    if (It == Tries.end())
      continue;
    std::string Target = std::next(It) == Tries.end()
                             ? Names.resumeLabel(Site.Index)
                             : Names.tryLabel(*std::next(It));
    Dispatch += " case " + std::to_string(Site.Index) + ": goto " + Target + ";";
  }
  Dispatch += " default: break; }";
  Edits.insertAfter(*Block + 1, Dispatch);
  for (unsigned I = 0; I < T.Try->getNumHandlers(); ++I) {
    const CXXCatchStmt *Handler = T.Try->getHandler(I);
    const auto *HB = dyn_cast<CompoundStmt>(Handler->getHandlerBlock());
    if (auto At = HB ? Ranges.offset(HB->getLBracLoc()) : std::nullopt)
      Edits.insertAfter(*At + 1, " " + unwindTo(T.ChainBefore));
  }
}

} // namespace asyncc
