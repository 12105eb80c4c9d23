#include "StateGraph.h"

#include "SuspensionExprs.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <map>
#include <set>

namespace asyncc {
namespace {

using namespace clang;

// Clang's CFG of the body with exception edges (AddEHEdges): a call that may
// throw ends its block, whose successors are then [normal, exception]; a
// throw expression's block has only the exception successor; a try
// statement's dispatch block (terminator: the CXXTryStmt) is reached only
// through exception edges and leads to the handlers and, without a
// catch (...), on to the enclosing dispatch block or the exit.
class Walker {
public:
  Walker(const CFG &G, const AsyncFunction &F, const FrameLayout &Layout) : G(G) {
    for (const AwaitSite &Site : Layout.Awaits) {
      const CoroutineSuspendExpr *A = resolvedSuspension(Site.Await);
      AwaitState[A] = int(Site.Index);
      collectResume(A->getResumeExpr(), A);
      for (const Expr *Part : {A->getCommonExpr(), A->getReadyExpr(), A->getSuspendExpr()})
        collectImplicit(Part, A->getOperand());
    }
    collectReturns(F.Coroutine->getBody());
    for (const CFGBlock *B : G) {
      for (unsigned I = 0; I < B->size(); ++I)
        if (auto S = (*B)[I].getAs<CFGStmt>())
          if (const auto *A = dyn_cast<CoroutineSuspendExpr>(S->getStmt()); A && AwaitState.count(A))
            AwaitAt[A] = {B, I};
      if (const CallExpr *Call = lastCall(B))
        if (auto It = ResumeOf.find(Call); It != ResumeOf.end())
          ResumeBlock[It->second] = B;
    }
  }

  // Every edge, as (from, to) -> reached normally?
  std::map<std::pair<int, int>, bool> run() {
    walkFrom(-1, &G.getEntry(), 0, false);
    for (const auto &[Await, Where] : AwaitAt) {
      int From = AwaitState[Await];
      walkFrom(From, Where.first, Where.second + 1, false);
      // GetResult (await_resume) may throw: that exception belongs to the
      // resumed state, not to the code before the await.
      if (auto It = ResumeBlock.find(Await); It != ResumeBlock.end())
        if (const CFGBlock *Handler = exceptionSuccessor(It->second))
          walkFrom(From, Handler, 0, true);
        else if (throwsToExit(It->second))
          add(From, MachineStates::Faulted, true);
    }
    return Edges;
  }

private:
  void collectResume(const Stmt *S, const CoroutineSuspendExpr *A) {
    if (!S)
      return;
    if (const auto *Call = dyn_cast<CallExpr>(S))
      ResumeOf[Call] = A;
    for (const Stmt *Child : S->children())
      collectResume(Child, A);
  }

  // The calls of the native coroutine's machinery that the CFG shows
  // (await_transform, await_ready, await_suspend, a co_return's
  // promise.return_value): the machine makes other calls there (GetAwaiter,
  // IsCompleted, AwaitUnsafeOnCompleted, SetReturnValue), taken not to
  // throw. What the user wrote inside them (the operand) is not skipped.
  void collectImplicit(const Stmt *S, const Expr *Operand) {
    if (!S || isa<LambdaExpr>(S))
      return;
    if (const auto *E = dyn_cast<Expr>(S);
        E && Operand && (E == Operand || E->IgnoreImplicit() == Operand->IgnoreImplicit()))
      return;
    if (const auto *Call = dyn_cast<CallExpr>(S))
      Implicit.insert(Call);
    for (const Stmt *Child : S->children())
      collectImplicit(Child, Operand);
  }
  void collectReturns(const Stmt *S) {
    if (!S || isa<LambdaExpr>(S))
      return;
    if (const auto *R = dyn_cast<CoreturnStmt>(S))
      collectImplicit(R->getPromiseCall(), R->getOperand());
    for (const Stmt *Child : S->children())
      collectReturns(Child);
  }

  static const CallExpr *lastCall(const CFGBlock *B) {
    if (B->empty() || B->getTerminatorStmt())
      return nullptr;
    if (auto S = B->back().getAs<CFGStmt>())
      return dyn_cast<CallExpr>(S->getStmt());
    return nullptr;
  }

  static bool isDispatch(const CFGBlock *B) {
    return B && isa_and_nonnull<CXXTryStmt>(B->getTerminatorStmt());
  }

  // The exception successor of a block that ends in a call which may throw:
  // the second successor, when it is a try dispatch block.
  static const CFGBlock *exceptionSuccessor(const CFGBlock *B) {
    if (!lastCall(B) || B->succ_size() != 2)
      return nullptr;
    const CFGBlock *S = *(B->succ_begin() + 1);
    return isDispatch(S) ? S : nullptr;
  }
  bool throwsToExit(const CFGBlock *B) const {
    if (!lastCall(B) || B->succ_size() != 2)
      return false;
    return *(B->succ_begin() + 1) == &G.getExit();
  }

  void add(int From, int To, bool ViaException) {
    auto [It, New] = Edges.insert({{From, To}, !ViaException});
    if (!New && !ViaException)
      It->second = true;
  }

  // Walks from element Index of B; Via: reached through an exception.
  void walkFrom(int From, const CFGBlock *B, unsigned Index, bool Via) {
    Seen.clear();
    if (Index == 0) {
      visit(From, B, Via);
      return;
    }
    scan(From, B, Index, Via);
  }

  void visit(int From, const CFGBlock *B, bool Via) {
    if (!B || !Seen.insert({B, Via}).second)
      return;
    scan(From, B, 0, Via);
  }

  void scan(int From, const CFGBlock *B, unsigned Index, bool Via) {
    if (B == &G.getExit()) {
      add(From, MachineStates::Done, Via);
      return;
    }
    for (unsigned I = Index; I < B->size(); ++I) {
      auto S = (*B)[I].getAs<CFGStmt>();
      if (!S)
        continue;
      if (const auto *A = dyn_cast<CoroutineSuspendExpr>(S->getStmt()); A && AwaitState.count(A)) {
        add(From, AwaitState[A], Via);
        return;
      }
      if (isa<CoreturnStmt>(S->getStmt())) {
        add(From, MachineStates::Done, Via);
        return;
      }
    }
    if (B->hasNoReturnElement())
      return; // std::terminate() and the like: neither done nor faulted
    bool Dispatch = isDispatch(B);
    bool Throw = !B->empty() && B->back().getAs<CFGStmt>() &&
                 isa<CXXThrowExpr>(B->back().castAs<CFGStmt>().getStmt());
    const CallExpr *Call = lastCall(B);
    // A resume's exception belongs to the resumed state; the machinery's
    // calls are not the machine's.
    bool SkipException = Call && (ResumeOf.count(Call) || Implicit.count(Call));
    unsigned K = 0;
    for (const CFGBlock::AdjacentBlock &Succ : B->succs()) {
      unsigned Position = K++;
      const CFGBlock *T = Succ.getReachableBlock();
      if (!T)
        continue;
      bool Exceptional = Dispatch ? !T->getLabel() || !isa<CXXCatchStmt>(T->getLabel())
                                  : Throw || (Call && B->succ_size() == 2 && Position == 1);
      if (Exceptional && SkipException)
        continue;
      if (T == &G.getExit()) {
        add(From, Exceptional ? MachineStates::Faulted : MachineStates::Done, Via);
        continue;
      }
      visit(From, T, Via || Exceptional);
    }
  }

  const CFG &G;
  llvm::DenseMap<const CoroutineSuspendExpr *, int> AwaitState;
  llvm::DenseMap<const CoroutineSuspendExpr *, std::pair<const CFGBlock *, unsigned>> AwaitAt;
  llvm::DenseMap<const CallExpr *, const CoroutineSuspendExpr *> ResumeOf;
  llvm::DenseMap<const CoroutineSuspendExpr *, const CFGBlock *> ResumeBlock;
  llvm::DenseSet<const CallExpr *> Implicit;
  std::set<std::pair<const CFGBlock *, bool>> Seen;
  std::map<std::pair<int, int>, bool> Edges;
};

std::string escape(llvm::StringRef Text) {
  std::string Out;
  bool Space = false;
  for (char C : Text) {
    if (C == '\n' || C == '\t' || C == '\r' || C == ' ') {
      Space = !Out.empty();
      continue;
    }
    if (Space)
      Out += ' ';
    Space = false;
    if (C == '"' || C == '\\')
      Out += '\\';
    Out += C;
  }
  return Out;
}

std::string nodeName(const MachineStates &M, int State) {
  std::string Suffix = State == -1                      ? "start"
                       : State == MachineStates::Done    ? "done"
                       : State == MachineStates::Faulted ? "faulted"
                                                         : std::to_string(State);
  return "\"" + M.Machine + "." + Suffix + "\"";
}

} // namespace

bool computeStateGraph(const AsyncFunction &F, const FrameLayout &Layout, ASTContext &Ctx,
                       MachineStates::Graph &Graph) {
  // A co_await in a template has no await_suspend/resume calls to follow
  // until it is instantiated.
  for (const AwaitSite &Site : Layout.Awaits)
    if (!resolvedSuspension(Site.Await))
      return false;
  CFG::BuildOptions Options;
  Options.AddEHEdges = true;
  Options.setAllAlwaysAdd();
  Stmt *Body = const_cast<CoroutineBodyStmt *>(F.Coroutine)->getBody();
  std::unique_ptr<CFG> G = CFG::buildCFG(F.Function, Body, &Ctx, Options);
  if (!G)
    return false;
  if (std::getenv("ASYNCC_DUMP_CFG"))
    G->dump(Ctx.getLangOpts(), false);
  for (const auto &[Edge, Normal] : Walker(*G, F, Layout).run())
    Graph.Edges.push_back({Edge.first, Edge.second, !Normal});
  Graph.Computed = true;
  return true;
}

std::string printStateGraphs(llvm::StringRef SourceName, const LoweredFile &File) {
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  OS << "// Generated by asyncc --emit=dot from " << SourceName << "\n";
  OS << "digraph \"" << escape(SourceName) << "\" {\n";
  OS << "  node [shape=box, fontname=\"monospace\"];\n";
  for (const MachineStates &M : File.Machines) {
    bool Faults = false, Finishes = false;
    for (const MachineStates::Edge &E : M.StateGraph.Edges) {
      Faults |= E.To == MachineStates::Faulted;
      Finishes |= E.To == MachineStates::Done;
    }
    OS << "  subgraph \"cluster_" << M.Machine << "\" {\n";
    OS << "    label=\"" << escape(M.Function) << " (" << M.Machine << ", line " << M.Line
       << ")\";\n";
    OS << "    " << nodeName(M, -1) << " [label=\"-1 running (start)\", shape=oval];\n";
    for (const MachineStates::State &S : M.States)
      OS << "    " << nodeName(M, int(S.Index)) << " [label=\"" << S.Index
         << " suspended at line " << S.Line << ": " << escape(S.Await) << "\"];\n";
    if (Finishes)
      OS << "    " << nodeName(M, MachineStates::Done)
         << " [label=\"-2 done\", shape=doublecircle];\n";
    if (Faults)
      OS << "    " << nodeName(M, MachineStates::Faulted)
         << " [label=\"-2 faulted (exception)\", shape=doubleoctagon];\n";
    for (const MachineStates::Edge &E : M.StateGraph.Edges) {
      OS << "    " << nodeName(M, E.From) << " -> " << nodeName(M, E.To);
      if (E.To == MachineStates::Faulted)
        OS << " [style=dashed]";
      else if (E.OnlyViaException)
        OS << " [style=dashed, label=\"after catch\"]";
      OS << ";\n";
    }
    OS << "  }\n";
  }
  OS << "}\n";
  return Text;
}

} // namespace asyncc
