// `if constexpr` holding co_await in a template: a label in front of the
// statement and a dispatch switch at the top of each branch holding an
// await, as for a try block (a label inside a constexpr-if branch may be
// named only from that branch), and the place where the branch declares
// its type-erased frame slots (FrameSlot::Branch).
#include "StatementLowerer.h"

namespace asyncc {

using namespace clang;

// { decls dispatch { stmts } unwind }: the declarations of the branch's
// slots come first (their text is set by the emitter, once their types are
// spelled), so that no jump to a resume label skips them. A branch that is
// not a block is in braces already (FrameLayout::NeedsBraces).
void StatementLowerer::lowerConstexprBranch(unsigned Index) {
  FrameLayout::ConstexprBranch &B = Layout.ConstexprBranches[Index];
  std::string Dispatch = dispatchSwitch({DispatchRegion::ConstexprBranch, Index});
  if (const auto *CS = dyn_cast<CompoundStmt>(B.Body)) {
    auto At = Ranges.offset(CS->getLBracLoc());
    if (!At)
      return error(CS->getBeginLoc(), "block from a macro expansion");
    B.DeclarationsEdit = Edits.insertAfter(*At + 1, "");
    Edits.insertAfter(*At + 1, " " + Dispatch);
    return;
  }
  auto R = statementRange(B.Body);
  if (!R)
    return;
  B.DeclarationsEdit = Edits.insertBefore(R->first, "");
  Edits.insertBefore(R->first, Dispatch + " ");
}

// The labels go right before `if`, after whatever else is put in front of
// the statement (its init-statement's prelude, a hoisted variable's
// construction): the last insertions there.
void StatementLowerer::labelConstexprIfs() {
  for (unsigned I = 0; I < Layout.TemplateConstexprIfs.size(); ++I) {
    const IfStmt *If = Layout.TemplateConstexprIfs[I];
    if (auto At = Ranges.offset(If->getIfLoc()))
      Edits.insertBefore(*At, Names.constexprIfLabel(I) + ": ");
    else
      error(If->getBeginLoc(), "this statement comes from a macro expansion; the tool "
                               "cannot rewrite it");
  }
}

} // namespace asyncc
