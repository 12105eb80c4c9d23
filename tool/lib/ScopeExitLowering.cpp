// Leaving a scope that holds frame slots: its end, break, continue, goto and
// co_return destroy what they leave (sm_unwind_to) before they land.
#include "StatementLowerer.h"

#include "RuntimeContract.h"

#include "clang/AST/ExprCXX.h"

namespace asyncc {

using namespace clang;

// True when S ends with a substatement that is not a block (`for (...)
// f(i);`). Code appended on that line would sit after the loop's body as if
// inside it (clang's -Wmisleading-indentation).
static bool endsInUnbracedBody(const Stmt *S) {
  const Stmt *Last = nullptr;
  if (const auto *F = dyn_cast<ForStmt>(S)) Last = F->getBody();
  else if (const auto *W = dyn_cast<WhileStmt>(S)) Last = W->getBody();
  else if (const auto *RF = dyn_cast<CXXForRangeStmt>(S)) Last = RF->getBody();
  else if (const auto *Sw = dyn_cast<SwitchStmt>(S)) Last = Sw->getBody();
  else if (const auto *If = dyn_cast<IfStmt>(S))
    Last = If->getElse() ? If->getElse() : If->getThen();
  return Last && !isa<CompoundStmt>(Last);
}

// Text to append right after statement S (its range R), which closes a
// scope opened before it: on the same line, or, after a body that is not a
// block, on a line of its own at S's indentation, with the source line
// numbering taken up again after it.
std::string StatementLowerer::afterStatement(const Stmt *S,
                                             const std::pair<unsigned, unsigned> &R,
                                             const std::string &Text) {
  if (!endsInUnbracedBody(S))
    return " " + Text;
  return "\n" + Ranges.indentationAt(R.first) + Text + "\n" + Ranges.lineDirectiveAt(R.second);
}

// Jumps destroy the frame slots they leave where they land, after the jump
// itself has destroyed the plain locals it leaves (those are always inner
// to every live frame slot): co_return at the exit, break after the loop or
// switch, continue at a label closing the loop body, goto at its label.
void StatementLowerer::lowerJump(const Stmt *S, int From, int To) {
  auto Range = statementRange(S);
  if (!Range)
    return;
  if (const auto *R = dyn_cast<CoreturnStmt>(S)) {
    Result.UsesExitLabel = true;
    std::string Text = "{ ";
    if (const Expr *Op = R->getOperand(); Op && !Op->getType()->isVoidType()) {
      std::string Value = operandText(Op);
      // co_return of a local or parameter moves it (implicitly movable).
      const auto *Ref = dyn_cast<DeclRefExpr>(Op->IgnoreParenImpCasts());
      const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
      if (V && V->isLocalVarDeclOrParm() && !V->getType()->isReferenceType() &&
          !V->getType().isVolatileQualified())
        Value = "std::move(" + Value + ")";
      Text += Names.builder() + "." + runtime::member::SetReturnValue + "(" + Value + "); ";
    } else if (const Expr *Op = R->getOperand()) {
      Text += operandText(Op) + "; ";
    }
    Text += "goto " + Names.exitLabel() + "; }";
    Edits.replace(Range->first, Range->second, Text);
    return;
  }
  const Stmt *Target = Layout.JumpTargets.lookup(S);
  bool ThroughLabel = isa<ContinueStmt>(S) && Layout.ContinueThroughLabel.count(Target);
  if (From == To && !ThroughLabel)
    return;
  if (isa<BreakStmt>(S) && Target) {
    if (!WrappedBreakTargets.insert(Target).second)
      return;
    if (auto T = statementRange(Target)) {
      Edits.insertBefore(T->first, "{ ");
      Edits.insertAfter(T->second, afterStatement(Target, *T, unwindTo(To) + " }"));
    }
    return;
  }
  if (isa<ContinueStmt>(S) && Target) {
    const Stmt *Body = nullptr;
    if (const auto *W = dyn_cast<WhileStmt>(Target)) Body = W->getBody();
    else if (const auto *RF = dyn_cast<CXXForRangeStmt>(Target)) Body = RF->getBody();
    else if (const auto *D = dyn_cast<DoStmt>(Target)) Body = D->getBody();
    else if (const auto *F = dyn_cast<ForStmt>(Target)) Body = F->getBody();
    const auto *CS = dyn_cast_or_null<CompoundStmt>(Body);
    if (!CS) {
      error(S->getBeginLoc(), "continue that leaves live locals of a loop "
                              "whose body is not a block");
      return;
    }
    auto [It, New] = ContinueLabels.try_emplace(Target, ContinueLabels.size());
    std::string Label = Names.continueLabel(It->second);
    if (New) {
      // { body } becomes { { body } sm_continueN:; <unwind> }: the label
      // is outside the body's own declarations.
      auto L = Ranges.offset(CS->getLBracLoc());
      auto R = Ranges.offset(CS->getRBracLoc());
      if (!L || !R) {
        error(S->getBeginLoc(), "loop body from a macro expansion");
        return;
      }
      Edits.insertAfter(*L + 1, " {");
      Edits.insertBefore(*R, "} " + Label + ":; ");
      if (!Layout.ScopeEnds.count(CS) && From != To)
        Edits.insertBefore(*R, unwindTo(To) + " ");
    }
    Edits.replace(Range->first, Range->second, "goto " + Label + ";");
    return;
  }
  // goto: its label destroys what it leaves (see run()).
}

bool StatementLowerer::endsInJump(const CompoundStmt *CS) {
  if (CS->body_empty())
    return false;
  const Stmt *Last = CS->body_back();
  while (const auto *L = dyn_cast<LabelStmt>(Last))
    Last = L->getSubStmt();
  if (const auto *E = dyn_cast<Expr>(Last))
    return isa<CXXThrowExpr>(E->IgnoreImplicit());
  return isa<BreakStmt>(Last) || isa<ContinueStmt>(Last) || isa<ReturnStmt>(Last) ||
         isa<CoreturnStmt>(Last) || isa<GotoStmt>(Last);
}

// { stmts } becomes { { stmts } sm_unwind_to(K); }: the plain locals
// declared after the block's last await are destroyed first, by the inner
// block's end, as C++ destroys locals in reverse order of declaration.
void StatementLowerer::lowerScopeEnd(const Stmt *S, int Outer) {
  if (const auto *CS = dyn_cast<CompoundStmt>(S)) {
    std::optional<unsigned> L = Ranges.offset(CS->getLBracLoc());
    std::optional<unsigned> R = Ranges.offset(CS->getRBracLoc());
    if (!L || !R) {
      error(CS->getRBracLoc(), "block from a macro expansion");
      return;
    }
    Edits.insertAfter(*L + 1, " {");
    // After a block that ends in a jump, the unwind is unreachable (the
    // jump unwinds where it lands), and compilers warn that a switch case
    // holding it may fall through.
    Edits.insertBefore(*R, endsInJump(CS) ? "} " : "} " + unwindTo(Outer) + " ");
    return;
  }
  // for, if, switch with hoisted variables of their own (opened in run()).
  if (auto R = statementRange(S))
    Edits.insertAfter(R->second, afterStatement(S, *R, unwindTo(Outer) + " }"));
}

} // namespace asyncc
