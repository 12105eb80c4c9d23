// Loops whose condition, increment or body holds co_await: a lowered
// condition or increment moves into the body (its prelude must run on every
// iteration); a range-based for keeps its hidden variables in the frame.
#include "StatementLowerer.h"

#include "ExpressionSpilling.h"
#include "RuntimeContract.h"

#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/StringExtras.h"

namespace asyncc {

using namespace clang;

// while (e) body      ->  while (true) { <e's prelude> if (!e') break; body }
// do body while (e);  ->  while (true) { body <e's prelude> if (!e') break; }
// for (i; e; x) body  ->  for (i; ; ) { <e> if (!e') break; body <x> x'; }
// (continue reaches a do-while's condition and a for's increment through a
// label at the end of the body.)
void StatementLowerer::lowerLoopExpression(FullExpression &FE, ExpressionSpiller &Spiller,
                         const std::string &Indent) {
  std::string Unwind = unwindTo(FE.ChainBefore);
  auto Expr = Ranges.tokens(FE.Expr->getSourceRange());
  if (!Expr) {
    error(FE.Expr->getBeginLoc(), "loop condition from a macro expansion");
    return;
  }
  std::string Test = Indent + Spiller.prelude() + Ranges.lineDirectiveAt(Expr->first) + Indent +
                     "if (!static_cast<bool>(" + Spiller.residual() + ")) { " +
                     Unwind + " break; } " + Unwind + "\n";
  if (const auto *W = dyn_cast<WhileStmt>(FE.Statement)) {
    auto Begin = Ranges.offset(W->getWhileLoc());
    auto RParen = Ranges.offset(W->getRParenLoc());
    auto Body = statementRange(W->getBody());
    if (!Begin || !RParen || !Body)
      return error(W->getBeginLoc(), "while loop from a macro expansion");
    Edits.replace(*Begin, *RParen + 1, "while (true) {\n" + Test +
                                           Ranges.lineDirectiveAt(Body->first) + Indent);
    Edits.insertAfter(Body->second, " }");
    return;
  }
  if (const auto *D = dyn_cast<DoStmt>(FE.Statement)) {
    auto Do = Ranges.offset(D->getDoLoc());
    auto While = Ranges.offset(D->getWhileLoc());
    auto End = statementRange(D);
    if (!Do || !While || !End)
      return error(D->getBeginLoc(), "do-while loop from a macro expansion");
    Edits.replace(*Do, *Do + 2, "while (true) {");
    Edits.replace(*While, End->second, "\n" + Test + Indent + "}");
    return;
  }
  const auto *For = cast<ForStmt>(FE.Statement);
  auto Body = statementRange(For->getBody());
  if (!Body)
    return error(For->getBeginLoc(), "for loop from a macro expansion");
  std::string Residual = Spiller.residual();
  Edits.replace(Expr->first, Expr->second, "");
  if (FE.Kind == FullExpressionKind::LoopCondition) {
    Edits.insertBefore(Body->first, "{\n" + Test + Ranges.lineDirectiveAt(Body->first) +
                                        Indent + "  ");
    // Closed after the increment, if that is lowered too.
    if (!Layout.ContinueThroughLabel.count(For))
      Edits.insertAfter(Body->second, " }");
    return;
  }
  std::string Increment = "\n" + Indent + Spiller.prelude() +
                          Ranges.lineDirectiveAt(Expr->first) + Indent + Residual + "; " +
                          Unwind + "\n" + Indent;
  bool CondLowered = For->getCond() && Layout.FullExpressionOf.count(For->getCond());
  if (!CondLowered)
    Edits.insertBefore(Body->first, "{ ");
  Edits.insertAfter(Body->second, Increment + "}");
}

// for (decl : range) body
//   -> { range, begin, end constructed in their slots;
//        for (; begin != end; ++begin) { decl constructed from *begin; body ... } ... }
void StatementLowerer::lowerRangeFor(const FrameLayout::RangeForLoop &Loop) {
  const CXXForRangeStmt *RF = Loop.Loop;
  const FrameSlot &Range = Layout.slot(Loop.RangeSlot);
  const FrameSlot &Begin = Layout.slot(Loop.BeginSlot);
  const FrameSlot &End = Layout.slot(Loop.EndSlot);
  const FrameSlot &Var = Layout.slot(Loop.LoopVarSlot);
  auto Header = Ranges.tokens({RF->getForLoc(), RF->getRParenLoc()});
  auto RangeText = Ranges.tokens(RF->getRangeInit()->getSourceRange());
  auto Body = statementRange(RF->getBody());
  if (!Header || !RangeText || !Body) {
    error(RF->getBeginLoc(), "range-based for loop from a macro expansion");
    return;
  }
  if (const InitListExpr *List = Loop.BracedList) {
    // The list's array is kept in the frame (FrameSlot::BracedRange).
    auto L = *Ranges.offset(List->getLBraceLoc()), R = *Ranges.offset(List->getRBraceLoc());
    Edits.replace(L, L + 1, runtime::BracedList + "(");
    Edits.replace(R, R + 1, ")");
  }
  // How begin and end are found: members, ADL, or an array's bounds.
  std::string R = use(Range);
  std::string BeginInit, EndInit;
  const Expr *BeginCall =
      RF->getBeginStmt()
          ? cast<VarDecl>(RF->getBeginStmt()->getSingleDecl())->getInit()->IgnoreImplicit()
          : nullptr;
  if (!BeginCall) {
    // Over a dependent range: found on instantiation (FrameLayout).
    BeginInit = runtime::Begin + "(" + R + ")";
    EndInit = runtime::End + "(" + R + ")";
  } else if (isa<CXXMemberCallExpr>(BeginCall)) {
    BeginInit = R + ".begin()";
    EndInit = R + ".end()";
  } else if (isa<CallExpr>(BeginCall)) {
    BeginInit = "begin(" + R + ")";
    EndInit = "end(" + R + ")";
  } else if (const auto *Array = Ctx.getAsConstantArrayType(
                 Range.Var->getType().getNonReferenceType())) {
    BeginInit = R;
    EndInit = R + " + " + std::to_string(Array->getSize().getZExtValue());
  } else {
    error(RF->getBeginLoc(), "cannot tell how this range-based for loop "
                             "finds begin and end");
    return;
  }
  std::string Indent = Ranges.indentationAt(Header->first);
  std::string Text = "{ // " + llvm::StringRef(Edits.print(Header->first, Header->second))
                                   .split('\n').first.str() + "\n";
  if (auto It = Layout.FullExpressionOf.find(RF->getRangeInit());
      It != Layout.FullExpressionOf.end()) {
    // for (x : e) with co_await in e: e's prelude, then the range is
    // constructed from it, then what e kept dies.
    FullExpression &FE = Layout.FullExpressions[It->second];
    ExpressionSpiller Spiller(F, Layout, FE, Names, Ranges, Edits, Ctx, Diags,
                              TemporaryCounter);
    if (!Spiller.lower(Indent + "  ")) {
      Failed = true;
      return;
    }
    Text += Indent + "  " + Spiller.prelude() + Ranges.lineDirectiveAt(RangeText->first);
    std::string Arg = Range.HeldByPointer && !Range.TypeFromInitializer
                          ? runtime::AddressOf + "(" + Spiller.residual() + ")"
                          : Spiller.residual();
    Text += Indent + "  " + placementNew(Range.Name, Range.Type, "(" + Arg + ")") + " " +
            unwindTo(FE.ChainBefore) + " " + Names.live() + " = " +
            std::to_string(Range.Id) + ";\n";
  } else {
    Text += Indent + "  " + construct(Range, Edits.print(RangeText->first, RangeText->second)) + "\n";
  }
  Text += Indent + "  " + construct(Begin, BeginInit) + "\n";
  Text += Indent + "  " + construct(End, EndInit) + "\n";
  Text += Ranges.lineDirectiveAt(Header->first) + Indent;
  Text += "for (; " + use(Begin) + " != " + use(End) + "; ++" + use(Begin) + ")";
  Edits.replace(Header->first, Header->second, Text);
  Edits.insertAfter(Body->second, " " + unwindTo(Var.Parent) + " }");
  Edits.insertAfter(Body->second, " " + unwindTo(Loop.ChainBefore) + " }");
}

} // namespace asyncc
