// while, do and for loops: their condition and increment as full-expressions,
// a for's init-statement and a while's condition variable as frame slots
// when the loop holds co_await, and the chains break and continue unwind to.
// (Range-based for: RangeForLayout.cpp.)
#include "FrameAnalyzer.h"

#include "SuspensionExprs.h"

namespace asyncc {

using namespace clang;

int FrameAnalyzer::visitWhile(const WhileStmt *W, int Chain) {
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

int FrameAnalyzer::visitDo(const DoStmt *D, int Chain) {
  Jumps.push_back({Chain, Chain, D, D});
  visitBody(D->getBody(), Chain);
  Jumps.pop_back();
  // After the body: awaits are numbered in source order.
  if (recordFullExpression(D, D->getCond(), Chain, FullExpressionKind::LoopCondition))
    Layout.ContinueThroughLabel.insert(D);
  return Chain;
}

int FrameAnalyzer::visitFor(const ForStmt *For, int Chain) {
  if (For->getConditionVariable() && containsSuspension(For))
    error(For->getBeginLoc(), "a variable declared in a for condition, in a "
                              "loop holding co_await, is not supported yet");
  int Inner = Chain;
  if (const auto *DS = dyn_cast_or_null<DeclStmt>(For->getInit())) {
    if (!suspensionsIn(DS).empty())
      Inner = handleHeaderDecl(For, DS, Chain);
    else
      Inner = handleDecl(DS, Chain, containsSuspension(For));
  } else if (const auto *E = dyn_cast_or_null<Expr>(For->getInit())) {
    // Evaluated once, before the loop: it moves there, as an if's does.
    recordFullExpression(For, E, Chain, FullExpressionKind::InitStatement);
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

} // namespace asyncc
