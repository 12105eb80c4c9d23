#include "StableOperands.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

namespace asyncc {

using namespace clang;

bool isStableOperand(const Expr *E, ASTContext &Ctx) {
  E = E->IgnoreParens();
  if (isa<CXXThisExpr, StringLiteral, CXXDefaultArgExpr, CXXDefaultInitExpr,
          ImplicitValueInitExpr, UnaryExprOrTypeTraitExpr, SizeOfPackExpr>(E))
    return true;
  if (E->isPRValue() && !E->getType()->isRecordType() && !E->HasSideEffects(Ctx) &&
      E->isEvaluatable(Ctx))
    return true;
  if (const auto *D = dyn_cast<DeclRefExpr>(E))
    return D->isGLValue();
  // In a template: a function name whose overload is chosen on
  // instantiation (a call's callee). (A variable template's is not.)
  if (const auto *U = dyn_cast<UnresolvedLookupExpr>(E))
    return llvm::all_of(U->decls(), [](const NamedDecl *D) {
      return isa<FunctionDecl, FunctionTemplateDecl>(D->getUnderlyingDecl());
    });
  if (const auto *P = dyn_cast<PackExpansionExpr>(E))
    return isStableOperand(P->getPattern(), Ctx);
  if (const auto *M = dyn_cast<MemberExpr>(E))
    return M->isGLValue() &&
           (isa<CXXThisExpr>(M->getBase()->IgnoreParenImpCasts()) ||
            (!M->isArrow() && isStableOperand(M->getBase(), Ctx)));
  if (const auto *C = dyn_cast<ImplicitCastExpr>(E))
    switch (C->getCastKind()) {
    case CK_NoOp:
    case CK_FunctionToPointerDecay:
    case CK_ArrayToPointerDecay:
    case CK_DerivedToBase:
    case CK_UncheckedDerivedToBase:
      return isStableOperand(C->getSubExpr(), Ctx);
    default:
      return false;
    }
  if (const auto *U = dyn_cast<UnaryOperator>(E))
    return U->getOpcode() == UO_AddrOf && isStableOperand(U->getSubExpr(), Ctx);
  if (const auto *L = dyn_cast<CXXStdInitializerListExpr>(E)) {
    const auto *M = dyn_cast<MaterializeTemporaryExpr>(L->getSubExpr()->IgnoreImplicit());
    const auto *Inits = M ? dyn_cast<InitListExpr>(M->getSubExpr()->IgnoreImplicit()) : nullptr;
    if (!Inits)
      return false;
    for (const Expr *I : Inits->inits())
      if (!isStableOperand(I, Ctx))
        return false;
    return true;
  }
  if (const auto *L = dyn_cast<LambdaExpr>(E)) {
    for (const LambdaCapture &C : L->captures())
      if (C.getCaptureKind() == LCK_ByCopy || C.getCaptureKind() == LCK_StarThis)
        return false;
    for (const Expr *Init : L->capture_inits())
      if (Init && !isStableOperand(Init, Ctx))
        return false;
    return true;
  }
  return false;
}

bool isMovableType(QualType T) {
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return true;
  if (RD->needsImplicitMoveConstructor() || RD->needsImplicitCopyConstructor())
    return true;
  for (const CXXConstructorDecl *C : RD->ctors())
    if ((C->isMoveConstructor() || C->isCopyConstructor()) && !C->isDeleted())
      return true;
  return false;
}

} // namespace asyncc
