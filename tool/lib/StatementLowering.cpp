#include "StatementLowering.h"

#include "DependentTypes.h"
#include "ExpressionSpilling.h"

#include "TypeSpelling.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringExtras.h"

namespace asyncc {
namespace {

using namespace clang;

class StatementLowerer {
public:
  StatementLowerer(const AsyncFunction &F, FrameLayout &Layout,
                   const GeneratedNames &Names, const SourceRanges &Ranges,
                   SourceEdits &Edits, ASTContext &Ctx, Diagnostics &Diags)
      : F(F), Layout(Layout), Names(Names), Ranges(Ranges), Edits(Edits),
        Ctx(Ctx), Diags(Diags) {}

  std::optional<LoweredBody> run() {
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
      if (auto Body = statementRange(Loop.Loop->getBody()))
        Edits.insertBefore(Body->first,
                           "{ " + construct(Layout.slot(Loop.LoopVarSlot),
                                            "*" + use(Layout.slot(Loop.BeginSlot))) + " ");
    // A goto that leaves frame slots alive lands on a label that destroys them.
    for (const auto &[Label, Chain] : Layout.LabelChains)
      if (std::optional<unsigned> At = Ranges.offset(Label->getSubStmt()->getBeginLoc()))
        Edits.insertBefore(*At, unwindTo(Chain) + " ");
    for (unsigned I = 0; I < Layout.Tries.size(); ++I)
      lowerTry(I);
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
    for (const Stmt *S : Layout.NeedsBraces)
      if (auto R = statementRange(S))
        Edits.insertAfter(R->second, " }");
    if (Failed)
      return std::nullopt;
    return Result;
  }

private:
  void error(SourceLocation Loc, const std::string &Message) {
    Diags.error(Loc, Message);
    Failed = true;
  }

  std::string unwindTo(int Level) const {
    return Names.unwindTo() + "(" + std::to_string(Level) + ");";
  }

  // The statement's text range, with the ';' of an expression statement.
  std::optional<std::pair<unsigned, unsigned>> statementRange(const Stmt *S) {
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

  std::string operandText(const Expr *E) {
    auto R = Ranges.tokens(E->getSourceRange());
    if (!R) {
      error(E->getBeginLoc(), "expression from a macro expansion; the tool "
                              "cannot rewrite it");
      return "";
    }
    return Edits.print(R->first, R->second);
  }

  std::string placementNew(const std::string &Field, const std::string &Type,
                           const std::string &Init) const {
    return "::new (async::detail::Storage(" + Field + ")) " + asNewTypeId(Type) +
           Init + ";";
  }

  static bool isStatementLevel(FullExpressionKind K) {
    return K == FullExpressionKind::Statement || K == FullExpressionKind::Initializer ||
           K == FullExpressionKind::Return;
  }

  // Where a full-expression's prelude goes and what becomes of its value.
  void lowerFullExpression(FullExpression &FE) {
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
        Type = "async::detail::SwitchValue<" + declaredTypeOf(Spiller.residual()) + ">";
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
      Edits.replace(Init->first, Init->second, "");
      return;
    }
    case FullExpressionKind::ConditionVariable:
    case FullExpressionKind::RangeInit:
      return; // with the variable they initialize
    }
  }

  // if (e; c) with co_await in c: e goes before the statement (before c's
  // prelude), leaving if (; c).
  void moveInitStatement(const Expr *Init) {
    auto Range = Ranges.tokens(Init->getSourceRange());
    auto Owner = Range ? statementRange(ownerOf(Init)) : std::nullopt;
    if (!Range || !Owner)
      return error(Init->getBeginLoc(), "init-statement from a macro expansion");
    std::string Indent = Ranges.indentationAt(Owner->first);
    Edits.insertBefore(Owner->first, Edits.print(Range->first, Range->second) + ";\n" +
                                         Ranges.lineDirectiveAt(Owner->first) + Indent);
    Edits.replace(Range->first, Range->second, "");
  }

  const Stmt *ownerOf(const Expr *Init) const {
    for (const DynTypedNode &P : Ctx.getParents(*Init))
      if (const Stmt *S = P.get<Stmt>())
        return S;
    return nullptr;
  }

  // while (e) body      ->  while (true) { <e's prelude> if (!e') break; body }
  // do body while (e);  ->  while (true) { body <e's prelude> if (!e') break; }
  // for (i; e; x) body  ->  for (i; ; ) { <e> if (!e') break; body <x> x'; }
  // (continue reaches a do-while's condition and a for's increment through a
  // label at the end of the body.)
  void lowerLoopExpression(FullExpression &FE, ExpressionSpiller &Spiller,
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

  // A try block holding awaits: resuming enters it through a label before
  // `try` and a dispatch switch at the top of its block (a goto may not jump
  // into a try block); its handlers first destroy the frame slots of the
  // block, as unwinding destroys its locals before a handler runs.
  void lowerTry(unsigned Index) {
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

  // The initializer as it follows the declarator (" = e", "(a, b)", "{a}")
  // turned into what follows the type in a new-expression.
  std::string newInitializer(const VarDecl *V) {
    if (!V->hasInit())
      return "";
    // (A structured binding's initializer follows its `]`, an array's its
    // bounds.)
    const auto *Bindings = dyn_cast<DecompositionDecl>(V);
    SourceLocation Last =
        Bindings ? Bindings->bindings().back()->getLocation()
        : V->getType()->isArrayType() && V->getTypeSourceInfo()
            ? V->getTypeSourceInfo()->getTypeLoc().getEndLoc()
            : V->getLocation();
    auto Name = Ranges.tokens({Last, Last});
    auto Whole = Ranges.tokens(V->getSourceRange());
    if (!Name || !Whole) {
      error(V->getLocation(), "declaration from a macro expansion cannot be "
                              "rewritten");
      return "";
    }
    std::string Text = Edits.print(Name->second, Whole->second);
    llvm::StringRef T = llvm::StringRef(Text).trim();
    if (Bindings)
      T = T.drop_front().trim(); // the `]`
    if (T.consume_front("=")) {
      T = T.trim();
      if (T.starts_with("{"))
        return T.str();
      return "(" + T.str() + ")";
    }
    return T.str();
  }

  void lowerHoistedDeclarations() {
    // Group the hoisted variables by their declaration statement.
    llvm::DenseMap<const DeclStmt *, std::vector<const FrameSlot *>> ByStmt;
    std::vector<const DeclStmt *> Order;
    llvm::DenseMap<const VarDecl *, const DeclStmt *> Owner;
    collectDeclStmts(F.Coroutine->getBody(), Owner);
    for (const FrameSlot &Slot : Layout.Slots) {
      if (Slot.Kind != SlotKind::Local || Slot.RangeFor)
        continue;
      const DeclStmt *DS = Owner.lookup(Slot.Var);
      if (!DS) {
        error(Slot.Var->getLocation(), "cannot find the declaration of this "
                                       "local");
        continue;
      }
      if (!ByStmt.count(DS))
        Order.push_back(DS);
      ByStmt[DS].push_back(&Slot);
    }
    for (const DeclStmt *DS : Order)
      lowerDeclStmt(DS, ByStmt[DS]);
  }

  static void collectDeclStmts(const Stmt *S,
                               llvm::DenseMap<const VarDecl *, const DeclStmt *> &Owner) {
    if (!S)
      return;
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (const auto *V = dyn_cast<VarDecl>(D))
          Owner[V] = DS;
    if (isa<LambdaExpr>(S))
      return;
    for (const Stmt *Child : S->children())
      collectDeclStmts(Child, Owner);
  }

  // The for, if or switch statement whose init-statement or condition
  // variable DS is, if any.
  const Stmt *statementDeclaring(const DeclStmt *DS, bool &IsConditionVariable) {
    struct Finder {
      const DeclStmt *Target;
      const Stmt *Found = nullptr;
      bool Condition = false;
      void walk(const Stmt *S) {
        if (!S || Found)
          return;
        const Stmt *Init = nullptr;
        const DeclStmt *CondVar = nullptr;
        if (const auto *For = dyn_cast<ForStmt>(S))
          Init = For->getInit();
        else if (const auto *If = dyn_cast<IfStmt>(S))
          Init = If->getInit(), CondVar = If->getConditionVariableDeclStmt();
        else if (const auto *Sw = dyn_cast<SwitchStmt>(S))
          Init = Sw->getInit(), CondVar = Sw->getConditionVariableDeclStmt();
        else if (const auto *W = dyn_cast<WhileStmt>(S))
          CondVar = W->getConditionVariableDeclStmt();
        if (Init == Target || CondVar == Target) {
          Found = S;
          Condition = CondVar == Target;
          return;
        }
        for (const Stmt *C : S->children())
          walk(C);
      }
    } Find{DS};
    Find.walk(F.Coroutine->getBody());
    IsConditionVariable = Find.Condition;
    return Find.Found;
  }

  void lowerDeclStmt(const DeclStmt *DS, const std::vector<const FrameSlot *> &Slots) {
    auto Range = Ranges.tokens(DS->getSourceRange());
    if (!Range) {
      error(DS->getBeginLoc(), "declaration from a macro expansion cannot be "
                               "rewritten");
      return;
    }
    bool IsConditionVariable = false;
    const Stmt *Owner = statementDeclaring(DS, IsConditionVariable);
    std::optional<std::pair<unsigned, unsigned>> OwnerRange;
    if (Owner && !(OwnerRange = statementRange(Owner)))
      return;
    std::string Text;
    // if (T x = e) / switch (T x = e) with co_await in e: e's prelude goes
    // before the statement, with x's construction.
    const FullExpression *FE = nullptr;
    if (auto It = Layout.FullExpressionOf.find(DS); It != Layout.FullExpressionOf.end())
      FE = &Layout.FullExpressions[It->second];
    if (Owner && Slots.size() == 1)
      if (auto It = Layout.FullExpressionOf.find(Slots.front()->Var->getInit());
          It != Layout.FullExpressionOf.end()) {
        FullExpression &Cond = Layout.FullExpressions[It->second];
        ExpressionSpiller Spiller(F, Layout, Cond, Names, Ranges, Edits, Ctx, Diags,
                                  TemporaryCounter);
        if (!Spiller.lower(Ranges.indentationAt(OwnerRange->first))) {
          Failed = true;
          return;
        }
        Text += Spiller.prelude() + Ranges.indentationAt(OwnerRange->first);
        FE = &Cond;
      }
    for (const FrameSlot *Slot : Slots) {
      std::string Init = newInitializer(Slot->Var);
      if (Slot->WrappedArray && !Init.empty()) {
        std::string Inner = Init.substr(1, Init.size() - 2);
        if (isa<DecompositionDecl>(Slot->Var))
          // auto [a, b] = array: the elements copied one by one.
          Init = "(async::detail::CopyArray<" + Slot->Type + ">(" + Inner + "))";
        else
          // T a[N] = {...} / = "text": the wrapper's one member from that.
          Init = "{{" + Inner + "}}";
      }
      if (Slot->HeldByPointer && !Slot->TypeFromInitializer) {
        // T& r = e;  ->  the pointer field gets the address of e.
        if (llvm::StringRef(Init).starts_with("{"))
          Init = "(" + Init.substr(1, Init.size() - 2) + ")";
        Init = "(async::detail::AddressOf" + Init + ")";
      }
      if (!Text.empty() && Text.back() != ' ')
        Text += " ";
      Text += placementNew(Slot->Name, Slot->Type, Init);
      // Constructed from the full-expression's result; then what it kept dies.
      if (FE)
        Text += " " + unwindTo(FE->ChainBefore);
      Text += " " + Names.live() + " = " + std::to_string(Slot->Id) + ";";
    }
    if (const auto *W = dyn_cast_or_null<WhileStmt>(Owner)) {
      // while (T x = e) body  ->  while (true) { <x built> if (!x) { <x dies>
      // break; } body <x dies> }
      const FrameSlot &Var = *Slots.front();
      auto Begin = Ranges.offset(W->getWhileLoc());
      auto RParen = Ranges.offset(W->getRParenLoc());
      auto Body = statementRange(W->getBody());
      if (!Begin || !RParen || !Body)
        return error(W->getBeginLoc(), "while loop from a macro expansion");
      std::string Indent = Ranges.indentationAt(OwnerRange->first);
      std::string Outside = unwindTo(Var.Parent);
      Edits.replace(*Begin, *RParen + 1,
                    "while (true) {\n" + Indent + Text + "\n" + Indent + "if (!(" +
                        use(Var) + ")) { " + Outside + " break; }\n" +
                        Ranges.lineDirectiveAt(Body->first) + Indent);
      Edits.insertAfter(Body->second, " " + Outside + " }");
      return;
    }
    if (Owner) {
      // for (T i = 0; ...), if (T x = ...; ...), if (T x = ...): x is
      // constructed before the statement (whose scope-end braces hold both).
      Edits.insertBefore(OwnerRange->first, Text + "\n" +
                                                Ranges.lineDirectiveAt(OwnerRange->first) +
                                                Ranges.indentationAt(OwnerRange->first));
      Edits.replace(Range->first, Range->second,
                    IsConditionVariable ? "(" + use(*Slots.front()) + ")" : ";");
      return;
    }
    Edits.replace(Range->first, Range->second, Text);
  }

  // Jumps destroy the frame slots they leave where they land, after the jump
  // itself has destroyed the plain locals it leaves (those are always inner
  // to every live frame slot): co_return at the exit, break after the loop or
  // switch, continue at a label closing the loop body, goto at its label.
  // Constructs a frame slot from the expression text Init (the value, or for
  // a reference slot what it binds to).
  std::string construct(const FrameSlot &Slot, const std::string &Init) const {
    std::string Arg = Slot.HeldByPointer && !Slot.TypeFromInitializer
                          ? "async::detail::AddressOf(" + Init + ")"
                          : Init;
    return placementNew(Slot.Name, Slot.Type, "(" + Arg + ")") + " " + Names.live() +
           " = " + std::to_string(Slot.Id) + ";";
  }

  static std::string use(const FrameSlot &Slot) {
    return Slot.use();
  }

  // for (decl : range) body
  //   -> { range, begin, end constructed in their slots;
  //        for (; begin != end; ++begin) { decl constructed from *begin; body ... } ... }
  void lowerRangeFor(const FrameLayout::RangeForLoop &Loop) {
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
      Edits.replace(L, L + 1, "async::detail::BracedList(");
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
      BeginInit = "async::detail::Begin(" + R + ")";
      EndInit = "async::detail::End(" + R + ")";
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
                            ? "async::detail::AddressOf(" + Spiller.residual() + ")"
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

  void lowerJump(const Stmt *S, int From, int To) {
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
        Text += Names.builder() + ".SetReturnValue(" + Value + "); ";
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
        Edits.insertAfter(T->second, " " + unwindTo(To) + " }");
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

  // A local alias that names a hoisted local's type is spelled out in the
  // frame (the machine cannot see it), so in MoveNext it may no longer be
  // used: [[maybe_unused]] keeps -Wunused-local-typedefs quiet.
  void markAliasesOfHoistedLocals() {
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

  static bool endsInJump(const CompoundStmt *CS) {
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
  void lowerScopeEnd(const Stmt *S, int Outer) {
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
      Edits.insertAfter(R->second, " " + unwindTo(Outer) + " }");
  }

  const AsyncFunction &F;
  FrameLayout &Layout;
  const GeneratedNames &Names;
  const SourceRanges &Ranges;
  SourceEdits &Edits;
  ASTContext &Ctx;
  Diagnostics &Diags;
  LoweredBody Result;
  bool Failed = false;
  unsigned TemporaryCounter = 0;
  llvm::DenseSet<const Stmt *> WrappedBreakTargets;
  llvm::DenseMap<const Stmt *, unsigned> ContinueLabels;
};

} // namespace

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
