#include "StatementLowerer.h"

#include "DependentTypes.h"
#include "ExpressionSpilling.h"
#include "RuntimeContract.h"
#include "TypeSpelling.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace asyncc {

using namespace clang;

std::optional<LoweredBody> StatementLowerer::run() {
  markAliasesOfHoistedLocals();
  // Braces open first and close last, so that what is inserted at the same
  // place (a prelude, an unwind) lands inside them.
  for (const Stmt *S : Layout.NeedsBraces)
    if (auto R = statementRange(S))
      Edits.insertBefore(R->first, "{ ");
  for (const auto &[S, Chains] : Layout.ScopeEnds)
    if (!isa<CompoundStmt>(S))
      if (auto R = statementRange(S))
        Edits.insertBefore(R->first, "{ ");
  // So does a range-for body, which starts by constructing the loop
  // variable (before a prelude of the body's first statement).
  for (const FrameLayout::RangeForLoop &Loop : Layout.RangeFors)
    if (auto Body = statementRange(Loop.Loop->getBody())) {
      std::string Text = "{ " + construct(Layout.slot(Loop.LoopVarSlot),
                                          "*" + use(Layout.slot(Loop.BeginSlot)));
      for (int Id = Loop.LoopVarSlot + 1; Id <= Loop.BodyChain; ++Id)
        Text += " " + construct(Layout.slot(Id), Layout.slot(Id).BindingValue);
      Edits.insertBefore(Body->first, Text + " ");
    }
  // A goto that leaves frame slots alive lands on a label that destroys them.
  for (const auto &[Label, Chain] : Layout.LabelChains)
    if (std::optional<unsigned> At = Ranges.offset(Label->getSubStmt()->getBeginLoc()))
      Edits.insertBefore(*At, unwindTo(Chain) + " ");
  for (unsigned I = 0; I < Layout.Tries.size(); ++I)
    lowerTry(I);
  for (unsigned I = 0; I < Layout.ConstexprBranches.size(); ++I)
    lowerConstexprBranch(I);
  for (const IfStmt *If : Layout.ConstexprIfs) {
    auto IfAt = Ranges.offset(If->getIfLoc());
    auto ParenAt = Ranges.offset(If->getLParenLoc());
    if (!IfAt || !ParenAt)
      error(If->getBeginLoc(), "this statement comes from a macro expansion; the tool "
                               "cannot rewrite it");
    else
      Edits.replace(*IfAt + 2, *ParenAt, " ");
  }
  // Statements first; then hoisted declarations (an init-statement's
  // variable is constructed before the condition is evaluated); then
  // conditions.
  for (const Expr *Init : Layout.MovedInitStatements)
    moveInitStatement(Init);
  for (FullExpression &FE : Layout.FullExpressions)
    if (isStatementLevel(FE.Kind) || FE.Kind == FullExpressionKind::InitStatement)
      lowerFullExpression(FE);
  lowerHoistedDeclarations();
  for (FullExpression &FE : Layout.FullExpressions)
    if (!isStatementLevel(FE.Kind) && FE.Kind != FullExpressionKind::ConditionVariable &&
        FE.Kind != FullExpressionKind::RangeInit &&
        FE.Kind != FullExpressionKind::InitStatement)
      lowerFullExpression(FE);
  for (const FrameLayout::RangeForLoop &Loop : Layout.RangeFors)
    lowerRangeFor(Loop);
  // In source order, so that generated label numbers do not depend on
  // the map's (pointer) order.
  std::vector<std::pair<const Stmt *, std::pair<int, int>>> Jumps(Layout.Jumps.begin(),
                                                                  Layout.Jumps.end());
  llvm::sort(Jumps, [&](const auto &A, const auto &B) {
    return Ranges.offset(A.first->getBeginLoc()).value_or(0) <
           Ranges.offset(B.first->getBeginLoc()).value_or(0);
  });
  for (const auto &[S, Chains] : Jumps)
    lowerJump(S, Chains.first, Chains.second);
  for (const auto &[S, Chains] : Layout.ScopeEnds)
    lowerScopeEnd(S, Chains.second);
  labelConstexprIfs();
  for (const Stmt *S : Layout.NeedsBraces)
    if (auto R = statementRange(S))
      Edits.insertAfter(R->second, " }");
  if (Failed)
    return std::nullopt;
  return Result;
}

void StatementLowerer::error(SourceLocation Loc, const std::string &Message) {
  Diags.error(Loc, Message);
  Failed = true;
}

std::string StatementLowerer::unwindTo(int Level) const {
  return Names.unwindTo() + "(" + std::to_string(Level) + ");";
}

// The statement's text range, with the ';' of an expression statement.
std::optional<std::pair<unsigned, unsigned>> StatementLowerer::statementRange(const Stmt *S) {
  auto R = Ranges.tokens(S->getSourceRange());
  if (!R) {
    error(S->getBeginLoc(), "this statement comes from a macro expansion; "
                            "the tool cannot rewrite it");
    return std::nullopt;
  }
  // A statement ending with a substatement ends where that one does.
  const Stmt *Last = S;
  while (true) {
    if (const auto *If = dyn_cast<IfStmt>(Last))
      Last = If->getElse() ? If->getElse() : If->getThen();
    else if (const auto *For = dyn_cast<ForStmt>(Last))
      Last = For->getBody();
    else if (const auto *W = dyn_cast<WhileStmt>(Last))
      Last = W->getBody();
    else if (const auto *RF = dyn_cast<CXXForRangeStmt>(Last))
      Last = RF->getBody();
    else if (const auto *Sw = dyn_cast<SwitchStmt>(Last))
      Last = Sw->getBody();
    else if (const auto *L = dyn_cast<LabelStmt>(Last))
      Last = L->getSubStmt();
    else if (const auto *C = dyn_cast<SwitchCase>(Last))
      Last = C->getSubStmt();
    else if (const auto *A = dyn_cast<AttributedStmt>(Last))
      Last = A->getSubStmt();
    else
      break;
  }
  if (isa<Expr>(Last) || isa<BreakStmt>(Last) || isa<ContinueStmt>(Last) ||
      isa<GotoStmt>(Last) || isa<CoreturnStmt>(Last) || isa<DoStmt>(Last)) {
    std::optional<unsigned> End = Ranges.afterSemicolon(Last->getEndLoc());
    if (!End) {
      error(S->getEndLoc(), "cannot find the ';' that ends this statement");
      return std::nullopt;
    }
    R->second = *End;
  }
  return R;
}

std::string StatementLowerer::operandText(const Expr *E) {
  auto R = Ranges.tokens(E->getSourceRange());
  if (!R) {
    error(E->getBeginLoc(), "expression from a macro expansion; the tool "
                            "cannot rewrite it");
    return "";
  }
  return Edits.print(R->first, R->second);
}

std::string StatementLowerer::placementNew(const std::string &Field, const std::string &Type,
                         const std::string &Init) const {
  return "::new (" + runtime::Storage + "(" + Field + ")) " + asNewTypeId(Type) +
         Init + ";";
}

bool StatementLowerer::isStatementLevel(FullExpressionKind K) {
  return K == FullExpressionKind::Statement || K == FullExpressionKind::Initializer ||
         K == FullExpressionKind::Return;
}

// Where a full-expression's prelude goes and what becomes of its value.
void StatementLowerer::lowerFullExpression(FullExpression &FE) {
  auto Stmt = statementRange(FE.Statement);
  if (!Stmt)
    return;
  std::string Indent = Ranges.indentationAt(Stmt->first);
  ExpressionSpiller Spiller(F, Layout, FE, Names, Ranges, Edits, Ctx, Diags,
                            TemporaryCounter);
  if (!Spiller.lower(Indent)) {
    Failed = true;
    return;
  }
  const std::string &Prelude = Spiller.prelude();
  std::string Back = Ranges.lineDirectiveAt(Stmt->first) + Indent;
  std::string Unwind = unwindTo(FE.ChainBefore);
  switch (FE.Kind) {
  case FullExpressionKind::Statement:
  case FullExpressionKind::Initializer:
  case FullExpressionKind::Return: {
    Edits.insertBefore(Stmt->first, Prelude + Back);
    // What the full-expression kept dies at its end; a hoisted local's
    // construction and co_return (at the exit) do it themselves.
    bool HoistedInit = false;
    if (FE.Kind == FullExpressionKind::Initializer)
      for (const Decl *D : cast<DeclStmt>(FE.Statement)->decls())
        if (const auto *V = dyn_cast<VarDecl>(D); V && Layout.Hoisted.count(V))
          HoistedInit = true;
    if (FE.Kind != FullExpressionKind::Return && !HoistedInit)
      Edits.insertAfter(Stmt->second, " " + Unwind);
    return;
  }
  case FullExpressionKind::Condition: {
    // if (e) / switch (e): the value is kept in a frame slot (a plain
    // local would be skipped by the jumps to resume labels in the body).
    QualType T = isa<IfStmt>(FE.Statement) ? Ctx.BoolTy : FE.Expr->getType();
    std::optional<std::string> Value, Type;
    std::string WhyNot;
    if (T->isDependentType()) {
      // A switch in a template: the value's type once instantiated (an
      // integer or enumeration; anything else fails to compile).
      Type = runtime::SwitchValue + "<" + declaredTypeOf(Spiller.residual()) + ">";
      Value = Spiller.valueSlot(*Type, "a condition's value");
    } else {
      Value = Spiller.valueSlot(T, "a condition's value");
      Type = spellType(T, Ctx, WhyNot);
    }
    auto Cond = Ranges.tokens(FE.Expr->getSourceRange());
    if (!Value || !Type || !Cond) {
      error(FE.Expr->getBeginLoc(), "cannot keep this condition's value");
      return;
    }
    Edits.insertBefore(Stmt->first, Prelude + Ranges.lineDirectiveAt(Cond->first) + Indent +
                                        *Value + " = static_cast<" + *Type + ">(" +
                                        Spiller.residual() + "); " + Unwind + "\n" + Back);
    Edits.replace(Cond->first, Cond->second, *Value);
    return;
  }
  case FullExpressionKind::LoopCondition:
  case FullExpressionKind::LoopIncrement:
    lowerLoopExpression(FE, Spiller, Indent);
    return;
  case FullExpressionKind::InitStatement: {
    // if (e; c) -> <e's prelude> e'; if (; c)
    auto Init = Ranges.tokens(FE.Expr->getSourceRange());
    if (!Init)
      return error(FE.Expr->getBeginLoc(), "init-statement from a macro expansion");
    Edits.insertBefore(Stmt->first, Prelude + Ranges.lineDirectiveAt(Init->first) + Indent +
                                        Spiller.residual() + "; " + Unwind + "\n" + Back);
    eraseInitStatement(ownerOf(FE.Expr), Init->first,
                       Ranges.afterSemicolon(FE.Expr->getEndLoc()).value_or(Init->second));
    return;
  }
  case FullExpressionKind::ConditionVariable:
  case FullExpressionKind::RangeInit:
    return; // with the variable they initialize
  }
}

// if (e; c) with co_await in c: e goes before the statement (before c's
// prelude), leaving if (c).
void StatementLowerer::moveInitStatement(const Expr *Init) {
  auto Range = Ranges.tokens(Init->getSourceRange());
  const Stmt *Statement = ownerOf(Init);
  auto Owner = Range ? statementRange(Statement) : std::nullopt;
  if (!Range || !Owner)
    return error(Init->getBeginLoc(), "init-statement from a macro expansion");
  std::string Indent = Ranges.indentationAt(Owner->first);
  Edits.insertBefore(Owner->first, Edits.print(Range->first, Range->second) + ";\n" +
                                       Ranges.lineDirectiveAt(Owner->first) + Indent);
  eraseInitStatement(Statement, Range->first,
                     Ranges.afterSemicolon(Init->getEndLoc()).value_or(Range->second));
}

// Removes the init-statement of Owner that moved before it, [Begin, End)
// with End after its ';': `for (e; c; i)` keeps the ';', `if (e; c)` and
// `switch (e; c)` lose it too (`if (; c)` draws -Wempty-init-stmt).
void StatementLowerer::eraseInitStatement(const Stmt *Owner, unsigned Begin, unsigned End) {
  if (isa_and_nonnull<ForStmt>(Owner))
    Edits.replace(Begin, End, ";");
  else
    Edits.replace(Begin, Ranges.afterSpaces(End), "");
}

// The statement whose init-statement Init is (past any enclosing
// expression, such as the full-expression's cleanups).
const Stmt *StatementLowerer::ownerOf(const Expr *Init) const {
  const Stmt *Owner = Init;
  do {
    const Stmt *Parent = nullptr;
    for (const DynTypedNode &P : Ctx.getParents(*Owner))
      if ((Parent = P.get<Stmt>()))
        break;
    Owner = Parent;
  } while (isa_and_nonnull<Expr>(Owner));
  return Owner;
}

// A local alias that names a hoisted local's type is spelled out in the
// frame (the machine cannot see it), so in MoveNext it may no longer be
// used: [[maybe_unused]] keeps -Wunused-local-typedefs quiet.
void StatementLowerer::markAliasesOfHoistedLocals() {
  struct Finder : RecursiveASTVisitor<Finder> {
    llvm::SmallPtrSet<const TypedefNameDecl *, 4> Found;
    bool VisitTypedefType(TypedefType *T) {
      if (T->getDecl()->getParentFunctionOrMethod())
        Found.insert(T->getDecl());
      return true;
    }
  } F;
  for (const FrameSlot &Slot : Layout.Slots)
    if (Slot.Kind == SlotKind::Local && Slot.Var)
      F.TraverseType(Slot.Var->getType());
  for (const TypedefNameDecl *D : F.Found)
    if (auto Name = Ranges.tokens({D->getLocation(), D->getLocation()}))
      Edits.insertAfter(Name->second, " [[maybe_unused]]");
}

std::optional<LoweredBody> lowerStatements(const AsyncFunction &F,
                                           FrameLayout &Layout,
                                           const GeneratedNames &Names,
                                           const SourceRanges &Ranges,
                                           SourceEdits &Edits,
                                           clang::ASTContext &Ctx,
                                           Diagnostics &Diags) {
  return StatementLowerer(F, Layout, Names, Ranges, Edits, Ctx, Diags).run();
}

} // namespace asyncc
