#include "SuspensionExprs.h"

#include "clang/AST/RecursiveASTVisitor.h"

namespace asyncc {

bool isSuspension(const clang::Stmt *S) {
  return S && (llvm::isa<clang::CoroutineSuspendExpr>(S) ||
               llvm::isa<clang::DependentCoawaitExpr>(S));
}

static bool isYieldValue(const clang::Expr *Callee) {
  Callee = Callee->IgnoreImplicit();
  if (const auto *M = llvm::dyn_cast<clang::MemberExpr>(Callee))
    return M->getMemberDecl()->getName() == "yield_value";
  if (const auto *M = llvm::dyn_cast<clang::CXXDependentScopeMemberExpr>(Callee))
    return M->getMember().getAsString() == "yield_value";
  if (const auto *M = llvm::dyn_cast<clang::UnresolvedMemberExpr>(Callee))
    return M->getMemberName().getAsString() == "yield_value";
  return false;
}

const clang::Expr *suspensionOperand(const clang::Expr *Suspension) {
  if (const auto *D = llvm::dyn_cast<clang::DependentCoawaitExpr>(Suspension))
    return D->getOperand();
  const clang::Expr *Operand = llvm::cast<clang::CoroutineSuspendExpr>(Suspension)->getOperand();
  // co_yield e keeps promise.yield_value(e) as its operand (a dependent
  // member call inside a template).
  const clang::Expr *Inner = Operand->IgnoreImplicit();
  if (const auto *U = llvm::dyn_cast<clang::UnaryOperator>(Inner);
      U && U->getOpcode() == clang::UO_Coawait) // the dependent form: co_await yield_value(e)
    Inner = U->getSubExpr()->IgnoreImplicit();
  if (const auto *Yield = llvm::dyn_cast<clang::CoyieldExpr>(Suspension))
    if (const auto *Call = llvm::dyn_cast<clang::CallExpr>(Inner);
        Call && Call->getNumArgs() == 1 && isYieldValue(Call->getCallee()) &&
        Call->getBeginLoc() == Yield->getKeywordLoc())
      return Call->getArg(0)->IgnoreImplicit();
  return Operand;
}

bool isYield(const clang::Expr *Suspension) {
  return llvm::isa<clang::CoyieldExpr>(Suspension);
}

const clang::CoroutineSuspendExpr *resolvedSuspension(const clang::Expr *Suspension) {
  return llvm::dyn_cast<clang::CoroutineSuspendExpr>(Suspension);
}

namespace {
class SuspensionCollector : public clang::RecursiveASTVisitor<SuspensionCollector> {
public:
  std::vector<const clang::Expr *> Found;
  bool TraverseLambdaExpr(clang::LambdaExpr *) { return true; }
  bool TraverseCoawaitExpr(clang::CoawaitExpr *E) {
    Found.push_back(E);
    // Only the operand is the user's code; the rest is Sema's expansion.
    return TraverseStmt(E->getOperand());
  }
  bool TraverseCoyieldExpr(clang::CoyieldExpr *E) {
    Found.push_back(E);
    return TraverseStmt(E->getOperand());
  }
  bool TraverseDependentCoawaitExpr(clang::DependentCoawaitExpr *E) {
    Found.push_back(E);
    return TraverseStmt(E->getOperand());
  }
};
} // namespace

std::vector<const clang::Expr *> suspensionsIn(const clang::Stmt *S) {
  SuspensionCollector C;
  if (S)
    C.TraverseStmt(const_cast<clang::Stmt *>(S));
  return C.Found;
}

bool containsSuspension(const clang::Stmt *S) { return !suspensionsIn(S).empty(); }

} // namespace asyncc
