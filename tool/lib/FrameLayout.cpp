#include "FrameLayout.h"

#include "ClosureLocals.h"
#include "DependentTypes.h"
#include "StructuredBindings.h"
#include "SuspensionExprs.h"
#include "TypeSpelling.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/StringSet.h"

namespace asyncc {
namespace {

using namespace clang;

// Collects the awaits (and yields) of a statement, not looking into lambdas.
class SuspensionCollector : public RecursiveASTVisitor<SuspensionCollector> {
public:
  std::vector<const Expr *> Found;
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool TraverseCoawaitExpr(CoawaitExpr *E) {
    Found.push_back(E);
    // Only the operand is the user's code; the rest is Sema's expansion.
    return TraverseStmt(E->getOperand());
  }
  bool TraverseCoyieldExpr(CoyieldExpr *E) {
    Found.push_back(E);
    return TraverseStmt(E->getOperand());
  }
  bool TraverseDependentCoawaitExpr(DependentCoawaitExpr *E) {
    Found.push_back(E);
    return TraverseStmt(E->getOperand());
  }
};

std::vector<const Expr *> suspensionsIn(const Stmt *S) {
  SuspensionCollector C;
  if (S)
    C.TraverseStmt(const_cast<Stmt *>(S));
  return C.Found;
}

// The braced list a range-based for iterates (`for (x : {a, b})`), if any.
static const InitListExpr *bracedRange(const CXXForRangeStmt *Range) {
  const Expr *E = Range->getRangeInit();
  while (true) {
    E = E->IgnoreImplicit();
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
      E = M->getSubExpr();
    else if (const auto *L = dyn_cast<CXXStdInitializerListExpr>(E))
      E = L->getSubExpr();
    else
      break;
  }
  return dyn_cast<InitListExpr>(E);
}

struct JumpContext {
  int BreakChain;
  int ContinueChain; // -1: none (a switch passes on the enclosing loop's)
  const Stmt *Target;         // the loop or switch that break leaves
  const Stmt *ContinueTarget; // the loop that continue continues
};

class Analyzer {
public:
  Analyzer(const AsyncFunction &F, const GeneratedNames &Names, ASTContext &Ctx,
           Diagnostics &Diags)
      : F(F), Names(Names), Ctx(Ctx), Diags(Diags) {}

  std::optional<FrameLayout> run() {
    for (const ParmVarDecl *P : F.Function->parameters())
      if (!P->getName().empty())
        TakenNames.insert(P->getName());
    for (const AsyncFunction::Capture &C : F.Captures)
      TakenNames.insert(C.Var->getName());
    visit(F.Coroutine->getBody(), 0);
    for (auto &[Goto, Chain] : Gotos) {
      auto It = LabelChains.find(Goto->getLabel());
      if (It == LabelChains.end()) {
        error(Goto->getGotoLoc(), "goto to a label this tool cannot place");
        continue;
      }
      Layout.Jumps[Goto] = {Chain, It->second};
      if (Chain != It->second)
        Layout.LabelChains[LabelStmts.lookup(Goto->getLabel())] = It->second;
    }
    if (Failed)
      return std::nullopt;
    return std::move(Layout);
  }

private:
  void error(SourceLocation Loc, const std::string &Message) {
    Diags.error(Loc, Message);
    Failed = true;
  }

  int newSlot(SlotKind Kind, int Parent) {
    FrameSlot S{Kind, int(Layout.Slots.size()) + 1, Parent};
    Layout.Slots.push_back(S);
    return S.Id;
  }

  // Visits a substatement of if/else/while/do/for.
  int visitBody(const Stmt *S, int Chain) {
    if (!S || isa<CompoundStmt>(S))
      return visit(S, Chain);
    size_t AwaitsBefore = Layout.Awaits.size();
    size_t JumpsBefore = Layout.Jumps.size() + Gotos.size();
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      handleDecl(DS, Chain, /*ScopeHasSuspension=*/false);
    else
      visit(S, Chain);
    if (Layout.Awaits.size() != AwaitsBefore ||
        Layout.Jumps.size() + Gotos.size() != JumpsBefore)
      Layout.NeedsBraces.insert(S);
    return Chain;
  }

  int visit(const Stmt *S, int Chain) {
    if (!S)
      return Chain;
    if (const auto *CS = dyn_cast<CompoundStmt>(S))
      return visitCompound(CS, Chain);
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      return handleDecl(DS, Chain, false);
    if (const auto *E = dyn_cast<Expr>(S)) {
      recordFullExpression(E, E, Chain, FullExpressionKind::Statement);
      return Chain;
    }
    if (const auto *R = dyn_cast<CoreturnStmt>(S)) {
      recordFullExpression(R, R->getOperand(), Chain, FullExpressionKind::Return);
      Layout.Jumps[R] = {Chain, 0};
      return Chain;
    }
    if (const auto *If = dyn_cast<IfStmt>(S)) {
      int Inner = visitConditionParts(If, If->getInit(), If->getConditionVariable(),
                                      If->getCond(), Chain, "an if");
      visitBody(If->getThen(), Inner);
      visitBody(If->getElse(), Inner);
      if (Inner != Chain)
        Layout.ScopeEnds[If] = {Inner, Chain};
      return Chain;
    }
    if (const auto *W = dyn_cast<WhileStmt>(S)) {
      int Inner = Chain;
      if (const VarDecl *CV = W->getConditionVariable(); CV && containsSuspension(W)) {
        // while (T v = e): v is built at the top of each iteration and dies
        // at its end (StatementLowering).
        recordFullExpression(W, CV->getInit(), Chain, FullExpressionKind::ConditionVariable);
        if (int Id = hoistVariable(CV, Chain, uniqueFieldName(CV)))
          Inner = Id;
      } else {
        recordFullExpression(W, W->getCond(), Chain, FullExpressionKind::LoopCondition);
      }
      Jumps.push_back({Chain, Chain, W, W});
      visitBody(W->getBody(), Inner);
      Jumps.pop_back();
      return Chain;
    }
    if (const auto *D = dyn_cast<DoStmt>(S)) {
      Jumps.push_back({Chain, Chain, D, D});
      visitBody(D->getBody(), Chain);
      Jumps.pop_back();
      // After the body: awaits are numbered in source order.
      if (recordFullExpression(D, D->getCond(), Chain, FullExpressionKind::LoopCondition))
        Layout.ContinueThroughLabel.insert(D);
      return Chain;
    }
    if (const auto *For = dyn_cast<ForStmt>(S)) {
      if (For->getConditionVariable() && containsSuspension(For))
        error(For->getBeginLoc(), "a variable declared in a for condition, in a "
                                  "loop holding co_await, is not supported yet");
      int Inner = Chain;
      if (const auto *DS = dyn_cast_or_null<DeclStmt>(For->getInit())) {
        if (!suspensionsIn(DS).empty())
          Inner = handleHeaderDecl(For, DS, Chain);
        else
          Inner = handleDecl(DS, Chain, containsSuspension(For));
      } else {
        rejectSuspensionIn(For->getInit(), "the init-statement of a for loop");
      }
      recordFullExpression(For, For->getCond(), Inner, FullExpressionKind::LoopCondition);
      if (recordFullExpression(For, For->getInc(), Inner, FullExpressionKind::LoopIncrement))
        Layout.ContinueThroughLabel.insert(For);
      Jumps.push_back({Chain, Inner, For, For});
      visitBody(For->getBody(), Inner);
      Jumps.pop_back();
      if (Inner != Chain)
        Layout.ScopeEnds[For] = {Inner, Chain};
      return Chain;
    }
    if (const auto *Range = dyn_cast<CXXForRangeStmt>(S)) {
      if (containsSuspension(Range->getBody()) ||
          containsSuspension(Range->getRangeInit()))
        return visitRangeFor(Range, Chain);
      Jumps.push_back({Chain, Chain, Range, Range});
      visit(Range->getBody(), Chain);
      Jumps.pop_back();
      return Chain;
    }
    if (const auto *Sw = dyn_cast<SwitchStmt>(S)) {
      int Inner = visitConditionParts(Sw, Sw->getInit(), Sw->getConditionVariable(),
                                      Sw->getCond(), Chain, "a switch");
      int Continue = Jumps.empty() ? -1 : Jumps.back().ContinueChain;
      const Stmt *ContinueTarget = Jumps.empty() ? nullptr : Jumps.back().ContinueTarget;
      Jumps.push_back({Inner, Continue, Sw, ContinueTarget});
      visit(Sw->getBody(), Inner);
      Jumps.pop_back();
      if (Inner != Chain)
        Layout.ScopeEnds[Sw] = {Inner, Chain};
      return Chain;
    }
    if (isa<BreakStmt>(S)) {
      if (!Jumps.empty())
      {
        Layout.Jumps[S] = {Chain, Jumps.back().BreakChain};
        Layout.JumpTargets[S] = Jumps.back().Target;
      }
      return Chain;
    }
    if (isa<ContinueStmt>(S)) {
      if (!Jumps.empty() && Jumps.back().ContinueChain >= 0)
      {
        Layout.Jumps[S] = {Chain, Jumps.back().ContinueChain};
        Layout.JumpTargets[S] = Jumps.back().ContinueTarget;
      }
      return Chain;
    }
    if (const auto *G = dyn_cast<GotoStmt>(S)) {
      Gotos.push_back({G, Chain});
      return Chain;
    }
    if (const auto *L = dyn_cast<LabelStmt>(S)) {
      LabelChains[L->getDecl()] = Chain;
      LabelStmts[L->getDecl()] = L;
      return visit(L->getSubStmt(), Chain);
    }
    if (const auto *C = dyn_cast<SwitchCase>(S))
      return visit(C->getSubStmt(), Chain);
    if (const auto *A = dyn_cast<AttributedStmt>(S))
      return visit(A->getSubStmt(), Chain);
    if (const auto *Try = dyn_cast<CXXTryStmt>(S)) {
      // (Clang rejects co_await in a handler.)
      bool Suspends = containsSuspension(Try->getTryBlock());
      if (Suspends) {
        OpenTries.push_back(Layout.Tries.size());
        Layout.Tries.push_back({Try, Chain});
      }
      visit(Try->getTryBlock(), Chain);
      if (Suspends)
        OpenTries.pop_back();
      for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
        visit(Try->getHandler(I), Chain);
      return Chain;
    }
    if (const auto *Handler = dyn_cast<CXXCatchStmt>(S))
      return visit(Handler->getHandlerBlock(), Chain);
    if (isa<IndirectGotoStmt>(S)) {
      error(S->getBeginLoc(), "computed goto is not supported in an ASYNC "
                              "function");
      return Chain;
    }
    if (containsSuspension(S))
      error(S->getBeginLoc(), std::string("co_await inside a '") +
                                  S->getStmtClassName() +
                                  "' statement is not supported yet");
    return Chain;
  }

  // The init-statement and condition of an if or switch: when the statement
  // holds co_await anywhere, their variables become frame slots (their scope
  // is the whole statement). Returns the chain inside the statement.
  int visitConditionParts(const Stmt *S, const Stmt *Init,
                          const VarDecl *CondVar, const Expr *Cond, int Chain,
                          const char *What) {
    if (!containsSuspension(S))
      return Chain;
    int Inner = Chain;
    if (Init) {
      const auto *DS = dyn_cast<DeclStmt>(Init);
      if (DS && containsSuspension(Init))
        Inner = handleHeaderDecl(S, DS, Chain);
      else if (DS)
        Inner = handleDecl(DS, Chain, true);
      else if (const auto *E = dyn_cast<Expr>(Init);
               E && !recordFullExpression(S, E, Chain, FullExpressionKind::InitStatement) &&
               (containsSuspension(Cond) || CondVar))
        // An expression init-statement declares nothing: evaluated before
        // the statement, it runs before the condition's awaits as it must.
        Layout.MovedInitStatements.push_back(E);
    }
    if (CondVar) {
      recordFullExpression(S, CondVar->getInit(), Inner,
                           FullExpressionKind::ConditionVariable);
      if (int Id = hoistVariable(CondVar, Inner, uniqueFieldName(CondVar)))
        Inner = Id;
    } else {
      recordFullExpression(S, Cond, Inner, FullExpressionKind::Condition);
    }
    return Inner;
  }

  void rejectSuspensionIn(const Stmt *S, const char *Where) {
    for (const Expr *E : suspensionsIn(S))
      error(E->getBeginLoc(),
            std::string("co_await in ") + Where + " is not supported yet");
  }

  int visitCompound(const CompoundStmt *CS, int Chain) {
    int Inner = Chain;
    auto Children = CS->body();
    for (auto It = Children.begin(); It != Children.end(); ++It) {
      const Stmt *Child = *It;
      // Labels in front of a declaration: the label sees the chain before it.
      const Stmt *Unlabeled = Child;
      while (true) {
        if (const auto *L = dyn_cast<LabelStmt>(Unlabeled)) {
          LabelChains[L->getDecl()] = Inner;
          LabelStmts[L->getDecl()] = L;
          Unlabeled = L->getSubStmt();
        } else if (const auto *C = dyn_cast<SwitchCase>(Unlabeled)) {
          Unlabeled = C->getSubStmt();
        } else if (const auto *A = dyn_cast<AttributedStmt>(Unlabeled)) {
          Unlabeled = A->getSubStmt();
        } else {
          break;
        }
      }
      if (const auto *DS = dyn_cast<DeclStmt>(Unlabeled)) {
        bool RestSuspends = false;
        for (auto Rest = std::next(It); Rest != Children.end(); ++Rest)
          RestSuspends |= containsSuspension(*Rest);
        Inner = handleDecl(DS, Inner, RestSuspends);
      } else {
        visit(Unlabeled, Inner);
      }
    }
    if (Inner != Chain)
      Layout.ScopeEnds[CS] = {Inner, Chain};
    return Chain;
  }

  // A declaration statement; returns the chain after it.
  int handleDecl(const DeclStmt *DS, int Chain, bool ScopeHasSuspension) {
    std::vector<const VarDecl *> Vars;
    for (const Decl *D : DS->decls())
      if (const auto *V = dyn_cast<VarDecl>(D); V && V->hasLocalStorage())
        Vars.push_back(V);
    std::vector<const Expr *> Suspensions = suspensionsIn(DS);
    if (!Suspensions.empty()) {
      if (Vars.size() != 1 || !DS->isSingleDecl()) {
        error(Suspensions.front()->getBeginLoc(),
              "co_await in a declaration of several variables is not "
              "supported yet; declare one variable per statement");
        return Chain;
      }
      recordFullExpression(DS, Vars.front()->getInit(), Chain,
                           FullExpressionKind::Initializer);
    }
    int Inner = Chain;
    for (const VarDecl *V : Vars) {
      if (!ScopeHasSuspension)
        continue;
      if (int Id = hoistVariable(V, Inner, uniqueFieldName(V)))
        Inner = Id;
    }
    return Inner;
  }

  // The init-statement of a for, if or switch, declaring one variable whose
  // initializer holds co_await: the variable becomes a frame slot, built
  // before the statement (StatementLowering). Returns the chain after it.
  int handleHeaderDecl(const Stmt *S, const DeclStmt *DS, int Chain) {
    const auto *V = DS->isSingleDecl() ? dyn_cast<VarDecl>(DS->getSingleDecl()) : nullptr;
    if (!V || !V->getInit()) {
      error(DS->getBeginLoc(), "co_await in an init-statement that declares "
                               "several variables is not supported yet; "
                               "declare one");
      return Chain;
    }
    recordFullExpression(S, V->getInit(), Chain, FullExpressionKind::ConditionVariable);
    int Id = hoistVariable(V, Chain, uniqueFieldName(V));
    return Id ? Id : Chain;
  }

  // A dependent range-for's begin or end (Var: the range variable, for the
  // field's place and line).
  int hoistSpelled(const CXXForRangeStmt *Range, int Parent, const std::string &Name,
                   const std::string &Type) {
    int Id = newSlot(SlotKind::Local, Parent);
    FrameSlot &Slot = Layout.Slots[Id - 1];
    Slot.Var = cast<VarDecl>(Range->getRangeStmt()->getSingleDecl());
    Slot.Type = "decltype(" + Name + ")";
    Slot.SpelledType = Type;
    Slot.Name = Name;
    return Id;
  }

  // A dependent range-for's loop variable, initialized from Init (`*begin`):
  // a reference or `auto` gets its type from that text, as a template's
  // initialized locals do; a written non-reference type is spelled.
  int hoistLoopVariable(const VarDecl *V, int Parent, const std::string &Name,
                        const std::string &Init) {
    if (isa<DecompositionDecl>(V))
      return hoistVariable(V, Parent, Name); // refused: a dependent type
    if (!V->getType()->isReferenceType() && !V->getType()->getContainedDeducedType())
      return hoistVariable(V, Parent, Name);
    int Id = newSlot(SlotKind::Local, Parent);
    FrameSlot &Slot = Layout.Slots[Id - 1];
    Slot.Var = V;
    Slot.Type = "decltype(" + Name + ")";
    Slot.TypeFromInitializer = true;
    Slot.InitializerText = Init;
    Slot.HeldByPointer = V->getType()->isReferenceType();
    Slot.Name = Name;
    Layout.Hoisted[V] = Id;
    return Id;
  }

  // Gives V a frame slot whose parent is Parent; 0 after an error.
  int hoistVariable(const VarDecl *V, int Parent, const std::string &Name) {
    if (const auto *D = dyn_cast<DecompositionDecl>(V)) {
      if (V->getType()->isDependentType()) {
        error(V->getLocation(), "structured binding of a dependent type whose scope "
                                "contains co_await is not supported yet; declare the "
                                "object, then its parts");
        return 0;
      }
      int Id = hoistLocal(V, Parent, Name);
      if (!Id)
        return 0;
      const FrameSlot &Slot = Layout.slot(Id);
      if (!structuredBindingUses(D, Slot.use(),
                                 Layout.Bindings, Diags)) {
        Failed = true;
        return 0;
      }
      return Id;
    }
    return hoistLocal(V, Parent, Name);
  }

  int hoistLocal(const VarDecl *V, int Parent, const std::string &Name) {
    if (const LambdaExpr *L = closureInitializer(V)) {
      // Its type is named once the body is lowered (ClosureLocals.h).
      int Id = newSlot(SlotKind::Local, Parent);
      FrameSlot &Slot = Layout.Slots[Id - 1];
      Slot.Var = V;
      Slot.Type = "decltype(" + Name + ")";
      Slot.DeclType = V->getType();
      Slot.Closure = L;
      Slot.Name = Name;
      Layout.Hoisted[V] = Id;
      return Id;
    }
    if (ownsListArray(V)) {
      error(V->getLocation(), "local '" + V->getNameAsString() +
                                  "' is a std::initializer_list that lives across "
                                  "co_await: the array it refers to cannot be kept "
                                  "in the state machine with it; use a std::array "
                                  "or a std::vector");
      return 0;
    }
    if (needsTypeFromInitializer(V)) {
      // Declared once the body is lowered, from its initializer's text.
      int Id = newSlot(SlotKind::Local, Parent);
      FrameSlot &Slot = Layout.Slots[Id - 1];
      Slot.Var = V;
      Slot.Type = "decltype(" + Name + ")";
      Slot.TypeFromInitializer = true;
      Slot.HeldByPointer = V->getType()->isReferenceType();
      Slot.Name = Name;
      Layout.Hoisted[V] = Id;
      return Id;
    }
    QualType Stored = V->getType();
    bool HeldByPointer = false;
    if (Stored->isReferenceType()) {
      QualType Referenced = Stored.getNonReferenceType();
      if (const MaterializeTemporaryExpr *MTE = extendedTemporary(V)) {
        // `const T& x = f();` keeps the temporary itself in the frame.
        if (!Ctx.hasSameUnqualifiedType(MTE->getType(), Referenced)) {
          error(V->getLocation(), "reference local '" + V->getNameAsString() +
                                      "' extends the lifetime of a temporary "
                                      "of another type; this is not "
                                      "supported yet");
          return 0;
        }
        Stored = Referenced;
      } else {
        Stored = Ctx.getPointerType(Referenced);
        HeldByPointer = true;
      }
    }
    std::string WhyNot;
    std::optional<std::string> Type = spellType(Stored, Ctx, WhyNot);
    const bool Array = Stored->isArrayType();
    if (Array && Type)
      // A union member cannot be built by an array new-expression: the
      // array is the member of a struct (async::detail::ArrayOf).
      Type = "async::detail::ArrayOf<" + *Type + ">";
    if (!Type) {
      error(V->getLocation(), "local '" + V->getNameAsString() +
                                  "' lives across co_await but its type "
                                  "cannot be named in the state machine: " +
                                  WhyNot);
      return 0;
    }
    int Id = newSlot(SlotKind::Local, Parent);
    FrameSlot &Slot = Layout.Slots[Id - 1];
    Slot.Var = V;
    Slot.Type = *Type;
    Slot.DeclType = Stored;
    Slot.HeldByPointer = HeldByPointer;
    Slot.WrappedArray = Array;
    if (Array)
      Slot.SpelledType = *Type;
    Slot.Name = Name;
    Layout.Hoisted[V] = Id;
    return Id;
  }

  // for (decl : range) body, with an await in the body: the hidden range,
  // begin and end variables and the loop variable become frame slots.
  int visitRangeFor(const CXXForRangeStmt *Range, int Chain) {
    if (Range->getInit())
      error(Range->getBeginLoc(), "a range-based for loop with an "
                                  "init-statement and co_await in its body "
                                  "is not supported yet");
    recordFullExpression(Range, Range->getRangeInit(), Chain,
                         FullExpressionKind::RangeInit);
    unsigned N = Layout.RangeFors.size();
    FrameLayout::RangeForLoop Loop{Range, Chain, 0, 0, 0, 0};
    const InitListExpr *Braced = bracedRange(Range);
    Loop.BracedList = Braced;
    if (Braced) {
      if (!checkBracedRange(Braced))
        return Chain;
      Loop.RangeSlot = newSlot(SlotKind::Local, Chain);
      FrameSlot &Slot = Layout.Slots[Loop.RangeSlot - 1];
      Slot.Var = cast<VarDecl>(Range->getRangeStmt()->getSingleDecl());
      Slot.Name = Names.rangeVar(N);
      Slot.Type = "decltype(" + Slot.Name + ")";
      Slot.BracedRange = true;
    } else {
      Loop.RangeSlot = hoistVariable(Range->getRangeStmt()->getSingleDecl()
                                         ? cast<VarDecl>(Range->getRangeStmt()->getSingleDecl())
                                         : nullptr,
                                     Chain, Names.rangeVar(N));
    }
    if (!Loop.RangeSlot)
      return Chain;
    const VarDecl *LoopVar = Range->getLoopVariable();
    if (!Range->getBeginStmt()) {
      // Over a dependent range, Clang builds begin and end only on
      // instantiation: the runtime finds them as the language does.
      std::string Of = Braced ? "((" + Names.rangeVar(N) + "))" : "((*" + Names.rangeVar(N) + "))";
      Loop.BeginSlot = hoistSpelled(Range, Loop.RangeSlot, Names.beginVar(N),
                                    "decltype(async::detail::Begin" + Of + ")");
      Loop.EndSlot = hoistSpelled(Range, Loop.BeginSlot, Names.endVar(N),
                                  "decltype(async::detail::End" + Of + ")");
      Loop.LoopVarSlot = hoistLoopVariable(LoopVar, Loop.EndSlot, uniqueFieldName(LoopVar),
                                           "*" + Names.beginVar(N));
    } else {
      Loop.BeginSlot = hoistVariable(cast<VarDecl>(Range->getBeginStmt()->getSingleDecl()),
                                     Loop.RangeSlot, Names.beginVar(N));
      if (!Loop.BeginSlot)
        return Chain;
      Loop.EndSlot = hoistVariable(cast<VarDecl>(Range->getEndStmt()->getSingleDecl()),
                                   Loop.BeginSlot, Names.endVar(N));
      if (!Loop.EndSlot)
        return Chain;
      Loop.LoopVarSlot = hoistVariable(LoopVar, Loop.EndSlot, uniqueFieldName(LoopVar));
    }
    if (!Loop.LoopVarSlot)
      return Chain;
    for (int Id : {Loop.RangeSlot, Loop.BeginSlot, Loop.EndSlot, Loop.LoopVarSlot})
      Layout.Slots[Id - 1].RangeFor = Range;
    Layout.RangeFors.push_back(Loop);
    Jumps.push_back({Chain, Loop.EndSlot, Range, Range});
    visit(Range->getBody(), Loop.LoopVarSlot);
    Jumps.pop_back();
    return Chain;
  }

  // Its elements become the arguments of async::detail::BracedList.
  bool checkBracedRange(const InitListExpr *List) {
    if (!suspensionsIn(List).empty()) {
      error(List->getBeginLoc(), "co_await inside the braced list that a range-based "
                                 "for loop iterates is not supported; await into a "
                                 "local first");
      return false;
    }
    const SourceManager &SM = Ctx.getSourceManager();
    for (const Expr *Init : List->inits())
      if (*SM.getCharacterData(SM.getSpellingLoc(Init->getBeginLoc())) == '{' ||
          isa<DesignatedInitExpr>(Init->IgnoreImplicit())) {
        error(Init->getBeginLoc(), "a range-based for loop with co_await in its body "
                                   "over a braced list of braced lists is not "
                                   "supported; declare a std::array first");
        return false;
      }
    return true;
  }

  // True when V is a std::initializer_list whose array its braced
  // initializer created (and whose lifetime it extends).
  static bool ownsListArray(const VarDecl *V) {
    const Expr *Init = V->getInit();
    if (!Init)
      return false;
    struct Finder : RecursiveASTVisitor<Finder> {
      const VarDecl *V;
      bool Found = false;
      bool TraverseLambdaExpr(LambdaExpr *) { return true; }
      bool VisitMaterializeTemporaryExpr(MaterializeTemporaryExpr *E) {
        Found |= E->getExtendingDecl() == V && E->getType()->isArrayType();
        return !Found;
      }
    } F;
    F.V = V;
    F.TraverseStmt(const_cast<Expr *>(Init));
    if (F.Found)
      return true;
    // In a template: `auto l = {...}`, `std::initializer_list<T> l = {...}`.
    if (!isa<InitListExpr>(Init->IgnoreImplicit()) || V->getType()->isReferenceType())
      return false;
    if (V->getInitStyle() == VarDecl::CInit && V->getType()->getContainedDeducedType())
      return true;
    const auto *T = V->getType()->getAs<TemplateSpecializationType>();
    const TemplateDecl *D = T ? T->getTemplateName().getAsTemplateDecl() : nullptr;
    return D && D->isInStdNamespace() && D->getName() == "initializer_list";
  }

  // The temporary whose lifetime the reference V extends, if any.
  static const MaterializeTemporaryExpr *extendedTemporary(const VarDecl *V) {
    struct Finder : RecursiveASTVisitor<Finder> {
      const VarDecl *V;
      const MaterializeTemporaryExpr *Found = nullptr;
      bool TraverseLambdaExpr(LambdaExpr *) { return true; }
      bool VisitMaterializeTemporaryExpr(MaterializeTemporaryExpr *E) {
        if (E->getExtendingDecl() == V && !Found)
          Found = E;
        return true;
      }
    } F;
    F.V = V;
    if (V->getInit())
      F.TraverseStmt(const_cast<Expr *>(V->getInit()));
    return F.Found;
  }

  std::string uniqueFieldName(const VarDecl *V) {
    if (isa<DecompositionDecl>(V))
      return Names.structuredBinding(StructuredBindingCount++);
    std::string Base = V->getNameAsString();
    std::string Name = Base;
    for (unsigned N = 2; TakenNames.count(Name) || namesOtherEntity(Name, V);
         ++N)
      Name = Base + "_" + std::to_string(N);
    TakenNames.insert(Name);
    return Name;
  }

  // True when the body refers, by this name, to something that is not a
  // local of the function (a global, a function), which a field of the same
  // name would hide.
  bool namesOtherEntity(const std::string &Name, const VarDecl *Self) {
    if (!ReferencedEntities) {
      ReferencedEntities.emplace();
      collectReferencedEntities();
    }
    auto It = ReferencedEntities->find(Name);
    return It != ReferencedEntities->end() && It->second != Self;
  }

  void collectReferencedEntities() {
    struct Collector : RecursiveASTVisitor<Collector> {
      std::map<std::string, const Decl *> *Out;
      bool VisitDeclRefExpr(DeclRefExpr *E) {
        const ValueDecl *D = E->getDecl();
        if (const auto *V = dyn_cast<VarDecl>(D); V && V->isLocalVarDeclOrParm())
          return true;
        if (isa<BindingDecl>(D))
          return true;
        Out->emplace(D->getNameAsString(), D);
        return true;
      }
    } C;
    C.Out = &*ReferencedEntities;
    C.TraverseStmt(F.Coroutine->getBody());
  }

  // Records E, a full-expression of statement S, when it holds co_await: its
  // awaits get state numbers, and its frame slots one link of the chain.
  // Returns whether it did.
  bool recordFullExpression(const Stmt *S, const Expr *E, int Chain,
                            FullExpressionKind Kind) {
    std::vector<const Expr *> Found = suspensionsIn(E);
    if (Found.empty())
      return false;
    unsigned Index = Layout.FullExpressions.size();
    FullExpression FE{S, E, Kind, Chain, newSlot(SlotKind::Expression, Chain)};
    Layout.Slots[FE.Link - 1].FullExpression = Index;
    for (const Expr *X : Found) {
      AwaitSite Site{X, Index, unsigned(Layout.Awaits.size())};
      Site.EnclosingTries = OpenTries;
      FE.Awaits.push_back(Site.Index);
      Layout.Awaits.push_back(Site);
    }
    bool ByStatement = Kind == FullExpressionKind::Statement ||
                       Kind == FullExpressionKind::Initializer ||
                       Kind == FullExpressionKind::Return;
    Layout.FullExpressionOf[ByStatement ? S : E] = Index;
    Layout.FullExpressions.push_back(std::move(FE));
    return true;
  }

  const AsyncFunction &F;
  const GeneratedNames &Names;
  ASTContext &Ctx;
  Diagnostics &Diags;
  FrameLayout Layout;
  bool Failed = false;
  std::vector<JumpContext> Jumps;
  llvm::DenseMap<const LabelDecl *, int> LabelChains;
  llvm::DenseMap<const LabelDecl *, const LabelStmt *> LabelStmts;
  std::vector<unsigned> OpenTries; // indexes into Layout.Tries
  std::vector<std::pair<const GotoStmt *, int>> Gotos;
  llvm::StringSet<> TakenNames;
  unsigned StructuredBindingCount = 0;
  std::optional<std::map<std::string, const Decl *>> ReferencedEntities;
};

} // namespace

bool containsSuspension(const clang::Stmt *S) { return !suspensionsIn(S).empty(); }

std::optional<FrameLayout> analyzeFrame(const AsyncFunction &F,
                                        const GeneratedNames &Names,
                                        clang::ASTContext &Ctx,
                                        Diagnostics &Diags) {
  return Analyzer(F, Names, Ctx, Diags).run();
}

} // namespace asyncc
