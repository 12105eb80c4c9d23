#include "FrameAnalyzer.h"

#include "SuspensionExprs.h"

namespace asyncc {

using namespace clang;

std::optional<FrameLayout> FrameAnalyzer::run() {
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
  // A branch's slot is placement-new'd and used in the branch through the
  // alias the branch declares for its type.
  for (FrameSlot &Slot : Layout.Slots)
    if (Slot.Branch && Slot.Kind == SlotKind::Local) {
      Slot.BranchType = Slot.Type;
      Slot.Type = Names.erasedType(Slot.Name);
    }
  if (Failed)
    return std::nullopt;
  return std::move(Layout);
}

void FrameAnalyzer::error(SourceLocation Loc, const std::string &Message) {
  Diags.error(Loc, Message);
  Failed = true;
}

int FrameAnalyzer::newSlot(SlotKind Kind, int Parent) {
  FrameSlot S{Kind, int(Layout.Slots.size()) + 1, Parent};
  S.Branch = OpenBranch;
  Layout.Slots.push_back(S);
  return S.Id;
}

FrameSlot &FrameAnalyzer::newLocalSlot(const VarDecl *V, int Parent, const std::string &Name,
                                       const std::string &Type) {
  FrameSlot &Slot = Layout.Slots[newSlot(SlotKind::Local, Parent) - 1];
  Slot.Var = V;
  Slot.Name = Name;
  Slot.Type = Type;
  return Slot;
}

// Visits a substatement of if/else/while/do/for.
int FrameAnalyzer::visitBody(const Stmt *S, int Chain) {
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

int FrameAnalyzer::visit(const Stmt *S, int Chain) {
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
  if (const auto *If = dyn_cast<IfStmt>(S))
    return visitIf(If, Chain);
  if (const auto *W = dyn_cast<WhileStmt>(S))
    return visitWhile(W, Chain);
  if (const auto *D = dyn_cast<DoStmt>(S))
    return visitDo(D, Chain);
  if (const auto *For = dyn_cast<ForStmt>(S))
    return visitFor(For, Chain);
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(S)) {
    if (containsSuspension(Range->getBody()) ||
        containsSuspension(Range->getRangeInit()))
      return visitRangeFor(Range, Chain);
    Jumps.push_back({Chain, Chain, Range, Range});
    visit(Range->getBody(), Chain);
    Jumps.pop_back();
    return Chain;
  }
  if (const auto *Sw = dyn_cast<SwitchStmt>(S))
    return visitSwitch(Sw, Chain);
  if (isa<BreakStmt>(S) || isa<ContinueStmt>(S))
    return visitBreakOrContinue(S, Chain);
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
  if (const auto *Try = dyn_cast<CXXTryStmt>(S))
    return visitTry(Try, Chain);
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

int FrameAnalyzer::visitIf(const IfStmt *If, int Chain) {
  bool InTemplate = If->isConstexpr() && F.Function->isTemplated();
  if (If->isConstexpr() && !InTemplate && containsSuspension(If))
    Layout.ConstexprIfs.push_back(If);
  int Inner = visitConditionParts(If, If->getInit(), If->getConditionVariable(),
                                  If->getCond(), Chain, "an if");
  if (InTemplate) {
    visitConstexprIf(If, Inner);
  } else {
    visitBody(If->getThen(), Inner);
    visitBody(If->getElse(), Inner);
  }
  if (Inner != Chain)
    Layout.ScopeEnds[If] = {Inner, Chain};
  return Chain;
}

int FrameAnalyzer::visitSwitch(const SwitchStmt *Sw, int Chain) {
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

// break and continue leave the frame slots of the scopes they jump out of.
int FrameAnalyzer::visitBreakOrContinue(const Stmt *S, int Chain) {
  if (Jumps.empty())
    return Chain;
  if (isa<BreakStmt>(S)) {
    Layout.Jumps[S] = {Chain, Jumps.back().BreakChain};
    Layout.JumpTargets[S] = Jumps.back().Target;
  } else if (Jumps.back().ContinueChain >= 0) {
    Layout.Jumps[S] = {Chain, Jumps.back().ContinueChain};
    Layout.JumpTargets[S] = Jumps.back().ContinueTarget;
  }
  return Chain;
}

int FrameAnalyzer::visitTry(const CXXTryStmt *Try, int Chain) {
  // (Clang rejects co_await in a handler.)
  bool Suspends = containsSuspension(Try->getTryBlock());
  if (Suspends) {
    OpenRegions.push_back({DispatchRegion::Try, unsigned(Layout.Tries.size())});
    Layout.Tries.push_back({Try, Chain});
  }
  visit(Try->getTryBlock(), Chain);
  if (Suspends)
    OpenRegions.pop_back();
  for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
    visit(Try->getHandler(I), Chain);
  return Chain;
}

// The init-statement and condition of an if or switch: when the statement
// holds co_await anywhere, their variables become frame slots (their scope
// is the whole statement). Returns the chain inside the statement.
int FrameAnalyzer::visitConditionParts(const Stmt *S, const Stmt *Init,
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

// The branches of an `if constexpr` in a template. Resuming may not jump
// into a branch (a label there may be named only from the same branch), so
// a branch holding co_await is a dispatch region, as a try block is. The
// machine, a local class, is instantiated whole with the function, so the
// branch's frame slots, whose types may be ill-formed where the branch is
// discarded, are type-erased storage (FrameSlot::Branch).
void FrameAnalyzer::visitConstexprIf(const IfStmt *If, int Inner) {
  unsigned IfIndex = Layout.TemplateConstexprIfs.size();
  bool Labeled = false;
  for (const Stmt *Body : {If->getThen(), If->getElse()}) {
    if (!Body || !containsSuspension(Body)) {
      visitBody(Body, Inner);
      continue;
    }
    if (!Labeled)
      Layout.TemplateConstexprIfs.push_back(If);
    Labeled = true;
    unsigned Index = Layout.ConstexprBranches.size();
    Layout.ConstexprBranches.push_back({IfIndex, Body});
    OpenRegions.push_back({DispatchRegion::ConstexprBranch, Index});
    unsigned Outer = OpenBranch;
    OpenBranch = Index + 1;
    visitBody(Body, Inner);
    OpenBranch = Outer;
    OpenRegions.pop_back();
  }
}

int FrameAnalyzer::visitCompound(const CompoundStmt *CS, int Chain) {
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

// Records E, a full-expression of statement S, when it holds co_await: its
// awaits get state numbers, and its frame slots one link of the chain.
// Returns whether it did.
bool FrameAnalyzer::recordFullExpression(const Stmt *S, const Expr *E, int Chain,
                          FullExpressionKind Kind) {
  std::vector<const Expr *> Found = suspensionsIn(E);
  if (Found.empty())
    return false;
  unsigned Index = Layout.FullExpressions.size();
  FullExpression FE{S, E, Kind, Chain, newSlot(SlotKind::Expression, Chain)};
  FE.Branch = OpenBranch;
  Layout.Slots[FE.Link - 1].FullExpression = Index;
  for (const Expr *X : Found) {
    AwaitSite Site{X, Index, unsigned(Layout.Awaits.size())};
    Site.EnclosingRegions = OpenRegions;
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

std::optional<FrameLayout> analyzeFrame(const AsyncFunction &F,
                                        const GeneratedNames &Names,
                                        clang::ASTContext &Ctx,
                                        Diagnostics &Diags) {
  return FrameAnalyzer(F, Names, Ctx, Diags).run();
}

} // namespace asyncc
