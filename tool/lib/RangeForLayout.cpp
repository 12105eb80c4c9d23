// A range-based for loop with co_await in its body (or its range): the
// hidden range, begin and end variables and the loop variable become frame
// slots; a braced list's array is kept with them.
#include "FrameAnalyzer.h"

#include "RuntimeContract.h"
#include "SuspensionExprs.h"

#include "clang/Basic/SourceManager.h"

namespace asyncc {

using namespace clang;

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

// for (decl : range) body, with an await in the body: the hidden range,
// begin and end variables and the loop variable become frame slots.
int FrameAnalyzer::visitRangeFor(const CXXForRangeStmt *Range, int Chain) {
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
                                  "decltype(" + runtime::Begin + Of + ")");
    Loop.EndSlot = hoistSpelled(Range, Loop.BeginSlot, Names.endVar(N),
                                "decltype(" + runtime::End + Of + ")");
    Loop.BodyChain = hoistLoopVariable(LoopVar, Loop.EndSlot, uniqueFieldName(LoopVar),
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
    Loop.BodyChain = hoistVariable(LoopVar, Loop.EndSlot, uniqueFieldName(LoopVar));
  }
  if (!Loop.BodyChain)
    return Chain;
  // (BodyChain is the last value slot of a structured binding whose get
  // returns one, which follow the loop variable.)
  Loop.LoopVarSlot = Layout.Hoisted.lookup(LoopVar);
  for (int Id = Loop.RangeSlot; Id <= Loop.BodyChain; ++Id)
    Layout.Slots[Id - 1].RangeFor = Range;
  Layout.RangeFors.push_back(Loop);
  Jumps.push_back({Chain, Loop.EndSlot, Range, Range});
  visit(Range->getBody(), Loop.BodyChain);
  Jumps.pop_back();
  return Chain;
}

// Its elements become the arguments of async::detail::BracedList.
bool FrameAnalyzer::checkBracedRange(const InitListExpr *List) {
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

// A dependent range-for's begin or end (Var: the range variable, for the
// field's place and line).
int FrameAnalyzer::hoistSpelled(const CXXForRangeStmt *Range, int Parent, const std::string &Name,
                 const std::string &Type) {
  const auto *RangeVar = cast<VarDecl>(Range->getRangeStmt()->getSingleDecl());
  FrameSlot &Slot = newLocalSlot(RangeVar, Parent, Name, "decltype(" + Name + ")");
  Slot.SpelledType = Type;
  return Slot.Id;
}

// A dependent range-for's loop variable, initialized from Init (`*begin`):
// a reference or `auto` gets its type from that text, as a template's
// initialized locals do; a written non-reference type is spelled.
int FrameAnalyzer::hoistLoopVariable(const VarDecl *V, int Parent, const std::string &Name,
                      const std::string &Init) {
  const auto *Bindings = dyn_cast<DecompositionDecl>(V);
  if (!Bindings && !V->getType()->isReferenceType() && !V->getType()->getContainedDeducedType())
    return hoistVariable(V, Parent, Name);
  FrameSlot &Slot = newLocalSlot(V, Parent, Name, "decltype(" + Name + ")");
  Slot.TypeFromInitializer = true;
  Slot.InitializerText = Init;
  Slot.HeldByPointer = V->getType()->isReferenceType();
  Layout.Hoisted[V] = Slot.Id;
  int Id = Slot.Id;
  return !Bindings || nameDependentBindings(Bindings, Id) ? Id : 0;
}

} // namespace asyncc
