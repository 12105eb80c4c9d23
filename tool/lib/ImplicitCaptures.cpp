#include "ImplicitCaptures.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/Support/SaveAndRestore.h"

namespace asyncc {

using namespace clang;

namespace {

class CaptureFinder : public RecursiveASTVisitor<CaptureFinder> {
public:
  explicit CaptureFinder(const LambdaExpr *L) : Call(L->getCallOperator()) {
    for (const LambdaCapture &C : L->captures()) {
      if (C.capturesVariable())
        Explicit.push_back(C.getCapturedVar());
      if (C.capturesThis())
        CapturedThis = true;
    }
  }

  ImplicitCaptures Found;

  // Names in unevaluated operands are not odr-uses: nothing is captured.
  bool TraverseUnaryExprOrTypeTraitExpr(UnaryExprOrTypeTraitExpr *E) {
    llvm::SaveAndRestore<unsigned> Inside(Unevaluated, Unevaluated + 1);
    return RecursiveASTVisitor::TraverseUnaryExprOrTypeTraitExpr(E);
  }
  bool TraverseDecltypeTypeLoc(DecltypeTypeLoc TL) {
    llvm::SaveAndRestore<unsigned> Inside(Unevaluated, Unevaluated + 1);
    return RecursiveASTVisitor::TraverseDecltypeTypeLoc(TL);
  }
  bool TraverseCXXNoexceptExpr(CXXNoexceptExpr *E) {
    llvm::SaveAndRestore<unsigned> Inside(Unevaluated, Unevaluated + 1);
    return RecursiveASTVisitor::TraverseCXXNoexceptExpr(E);
  }

  // A nested lambda's simple capture names the variable too.
  bool TraverseLambdaCapture(LambdaExpr *L, const LambdaCapture *C, Expr *Init) {
    if (C->capturesVariable() && !L->isInitCapture(C))
      use(C->getCapturedVar());
    if (C->capturesThis())
      Found.This = true;
    return RecursiveASTVisitor::TraverseLambdaCapture(L, C, Init);
  }

  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (!Unevaluated)
      use(E->getDecl());
    return true;
  }
  bool VisitCXXThisExpr(CXXThisExpr *) {
    if (!Unevaluated)
      Found.This = true;
    return true;
  }
  bool VisitCXXDependentScopeMemberExpr(CXXDependentScopeMemberExpr *E) {
    if (!Unevaluated && E->isImplicitAccess())
      Found.This = true;
    return true;
  }
  bool VisitUnresolvedMemberExpr(UnresolvedMemberExpr *E) {
    if (!Unevaluated && E->isImplicitAccess())
      Found.This = true;
    return true;
  }

  ImplicitCaptures result() const {
    ImplicitCaptures R = Found;
    R.This &= !CapturedThis;
    return R;
  }

private:
  // A variable with automatic storage declared outside the lambda.
  void use(const ValueDecl *D) {
    const auto *V = dyn_cast<VarDecl>(D);
    bool Local = V ? V->hasLocalStorage() : isa<BindingDecl>(D);
    if (!Local || Call->Encloses(D->getDeclContext()) || llvm::is_contained(Explicit, D) ||
        llvm::is_contained(Found.Variables, D))
      return;
    Found.Variables.push_back(D);
  }

  const CXXMethodDecl *Call;
  std::vector<const ValueDecl *> Explicit; // what L's captures list already
  bool CapturedThis = false;
  unsigned Unevaluated = 0;
};

} // namespace

ImplicitCaptures implicitCapturesOf(const LambdaExpr *L) {
  if (L->getCaptureDefault() == LCD_None)
    return {};
  CaptureFinder Finder(L);
  Finder.TraverseStmt(L->getBody());
  return Finder.result();
}

} // namespace asyncc
