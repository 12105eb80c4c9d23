#include "AsyncWarnings.h"

#include "FrameLayout.h"
#include "SuspensionExprs.h"

#include "clang/AST/RecursiveASTVisitor.h"

namespace asyncc {
namespace {

using namespace clang;

// async::Task<...> and async::ValueTask<...> (awaited or blocked on).
bool isTaskType(QualType T) {
  const auto *Record = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!Record)
    return false;
  llvm::StringRef Name = Record->getName();
  if (Name != "Task" && Name != "ValueTask")
    return false;
  const auto *NS = dyn_cast<NamespaceDecl>(Record->getDeclContext()->getRedeclContext());
  return NS && NS->getName() == "async";
}

class MisuseFinder : public RecursiveASTVisitor<MisuseFinder> {
public:
  explicit MisuseFinder(Diagnostics &Diags) : Diags(Diags) {}

  bool TraverseLambdaExpr(LambdaExpr *) { return true; } // another function
  bool TraverseCoawaitExpr(CoawaitExpr *E) { return TraverseStmt(E->getOperand()); }
  bool TraverseCoyieldExpr(CoyieldExpr *E) { return TraverseStmt(E->getOperand()); }
  bool TraverseCoreturnStmt(CoreturnStmt *S) { return TraverseStmt(S->getOperand()); }

  bool TraverseCompoundStmt(CompoundStmt *S) {
    for (Stmt *Child : S->body())
      checkDiscarded(Child);
    return RecursiveASTVisitor::TraverseCompoundStmt(S);
  }

  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (!Method || !Method->getIdentifier())
      return true;
    llvm::StringRef Name = Method->getName();
    const Expr *Object = Call->getImplicitObjectArgument();
    if (Object)
      Object = Object->IgnoreImpCasts(); // Wait() may live in a base class
    bool Blocking = false;
    if ((Name == "Result" || Name == "Wait") && Object && isTaskType(Object->getType()))
      Blocking = true;
    if (Name == "GetResult" && Object) {
      // task.GetAwaiter().GetResult()
      if (const auto *Inner = dyn_cast<CXXMemberCallExpr>(Object->IgnoreImplicit()))
        if (const CXXMethodDecl *M = Inner->getMethodDecl();
            M && M->getIdentifier() && M->getName() == "GetAwaiter" &&
            Inner->getImplicitObjectArgument() &&
            isTaskType(Inner->getImplicitObjectArgument()->IgnoreImpCasts()->getType()))
          Blocking = true;
    }
    if (Blocking)
      Diags.warning(Call->getExprLoc(),
                    "blocking call '" + Name.str() + "()' on a task inside an "
                    "ASYNC function; it can deadlock a single-threaded context: "
                    "use co_await");
    return true;
  }

private:
  void checkDiscarded(const Stmt *S) {
    const auto *E = dyn_cast<Expr>(S);
    if (!E)
      return;
    const Expr *Inner = E->IgnoreImplicit()->IgnoreParens();
    const auto *Call = dyn_cast<CallExpr>(Inner);
    if (!Call || !isTaskType(Call->getType()))
      return;
    std::string Callee = "the call";
    if (const FunctionDecl *D = Call->getDirectCallee())
      Callee = "'" + D->getNameAsString() + "'";
    Diags.warning(Call->getBeginLoc(),
                  "the task returned by " + Callee + " is not awaited; the "
                  "function goes on before it completes: co_await it, or "
                  "store it (CS4014)");
  }

  Diagnostics &Diags;
};

bool hasAwait(const Stmt *S) {
  if (!S)
    return false;
  if (isSuspension(S))
    return true;
  if (isa<LambdaExpr>(S))
    return false;
  for (const Stmt *Child : S->children())
    if (hasAwait(Child))
      return true;
  return false;
}

} // namespace

void warnAboutAsyncMisuse(const AsyncFunction &F, Diagnostics &Diags) {
  if (!hasAwait(F.Coroutine->getBody()))
    Diags.warning(F.Function->getLocation(),
                  "ASYNC function '" + F.Function->getNameAsString() +
                      "' has no co_await; it runs synchronously (CS1998)");
  MisuseFinder Finder(Diags);
  Finder.TraverseStmt(F.Coroutine->getBody());
}

} // namespace asyncc
