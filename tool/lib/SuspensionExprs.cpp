#include "SuspensionExprs.h"

namespace asyncc {

bool isSuspension(const clang::Stmt *S) {
  return S && (llvm::isa<clang::CoroutineSuspendExpr>(S) ||
               llvm::isa<clang::DependentCoawaitExpr>(S));
}

const clang::Expr *suspensionOperand(const clang::Expr *Suspension) {
  if (const auto *D = llvm::dyn_cast<clang::DependentCoawaitExpr>(Suspension))
    return D->getOperand();
  return llvm::cast<clang::CoroutineSuspendExpr>(Suspension)->getOperand();
}

bool isYield(const clang::Expr *Suspension) {
  return llvm::isa<clang::CoyieldExpr>(Suspension);
}

const clang::CoroutineSuspendExpr *resolvedSuspension(const clang::Expr *Suspension) {
  return llvm::dyn_cast<clang::CoroutineSuspendExpr>(Suspension);
}

} // namespace asyncc
