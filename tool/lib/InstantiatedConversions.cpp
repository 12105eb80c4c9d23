#include "InstantiatedConversions.h"

#include "TemplateArguments.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "llvm/ADT/DenseSet.h"

namespace asyncc {

using namespace clang;

namespace {

// Visits each expression under a statement, not entering lambdas (each is
// lowered, and checked, as a function of its own).
template <class Fn> void forEachExpr(const Stmt *S, Fn &&Visit) {
  if (!S)
    return;
  if (const auto *E = dyn_cast<Expr>(S))
    Visit(E);
  if (isa<LambdaExpr>(S))
    return;
  for (const Stmt *Child : S->children())
    forEachExpr(Child, Visit);
}

// The awaited operands in a body (not co_yield's: a yielded value is moved
// into the generator before it suspends).
std::vector<const Expr *> awaitedOperands(const Stmt *Body) {
  std::vector<const Expr *> Operands;
  forEachExpr(Body, [&](const Expr *E) {
    if (const auto *A = dyn_cast<CoawaitExpr>(E))
      Operands.push_back(A->getOperand());
    else if (const auto *A = dyn_cast<DependentCoawaitExpr>(E))
      Operands.push_back(A->getOperand());
  });
  return Operands;
}

// True when M is a temporary of another type than the expression written
// there: a reference parameter binding a converted value.
bool isConversionTemporary(const MaterializeTemporaryExpr *M) {
  const Expr *Written = M->getSubExpr()->IgnoreUnlessSpelledInSource();
  QualType Made = M->getType().getCanonicalType().getUnqualifiedType();
  QualType From = Written->getType().getCanonicalType().getUnqualifiedType();
  return !From->isDependentType() && Made != From;
}

} // namespace

std::vector<const FunctionDecl *> templateInstantiationsOf(const FunctionDecl *Pattern) {
  std::vector<const FunctionDecl *> Found;
  auto Add = [&](const FunctionDecl *F) {
    if (F && F != Pattern && F->doesThisDeclarationHaveABody())
      Found.push_back(F);
  };
  // A function template, a member function template, a generic lambda.
  if (const FunctionTemplateDecl *T = Pattern->getDescribedFunctionTemplate()) {
    for (const FunctionDecl *F : T->specializations())
      Add(F);
    return Found;
  }
  // A member function of a class template (the lambda of a non-generic
  // ASYNC lambda in a class template's member is not followed).
  const auto *M = dyn_cast<CXXMethodDecl>(Pattern);
  const ClassTemplateDecl *Class = M ? M->getParent()->getDescribedClassTemplate() : nullptr;
  if (!Class)
    return Found;
  for (const ClassTemplateSpecializationDecl *Spec : Class->specializations())
    for (const CXXMethodDecl *Method : Spec->methods())
      if (const FunctionDecl *From = Method->getInstantiatedFromMemberFunction();
          From && From->getCanonicalDecl() == Pattern->getCanonicalDecl())
        Add(Method);
  return Found;
}

bool checkConvertedAwaitArguments(const FunctionDecl *Pattern, Diagnostics &Diags) {
  // Where the pattern itself keeps the right temporary: one Clang already
  // materializes there (a non-dependent call), or an argument whose
  // parameter's type the lowering names.
  llvm::DenseSet<SourceLocation> Kept;
  for (const Expr *Operand : awaitedOperands(Pattern->getBody()))
    forEachExpr(Operand, [&](const Expr *E) {
      if (isa<MaterializeTemporaryExpr>(E))
        Kept.insert(E->getBeginLoc());
      if (const auto *C = dyn_cast<CallExpr>(E); C && calleeWithNamedParameters(C))
        for (const Expr *Arg : C->arguments())
          Kept.insert(Arg->getBeginLoc());
    });
  llvm::DenseSet<SourceLocation> Reported;
  for (const FunctionDecl *F : templateInstantiationsOf(Pattern))
    for (const Expr *Operand : awaitedOperands(F->getBody()))
      forEachExpr(Operand, [&](const Expr *E) {
        const auto *M = dyn_cast<MaterializeTemporaryExpr>(E);
        if (!M || !isConversionTemporary(M) || Kept.count(M->getBeginLoc()) ||
            !Reported.insert(M->getBeginLoc()).second)
          return;
        std::string Name;
        llvm::raw_string_ostream OS(Name);
        F->getNameForDiagnostic(OS, F->getASTContext().getPrintingPolicy(), true);
        Diags.error(M->getBeginLoc(),
                    "in the instantiation " + OS.str() +
                        ", this argument of an awaited call is converted to a "
                        "temporary of type '" +
                        M->getType().getUnqualifiedType().getAsString() +
                        "' that a reference parameter binds until the await "
                        "completes, and the callee's parameter types cannot be "
                        "named in the template (an overload set, a deduced or "
                        "member callee, a call with a dependent argument that "
                        "argument-dependent lookup may extend): convert it explicitly to the "
                        "parameter's type, or build the value into a local first");
      });
  return Reported.empty();
}

} // namespace asyncc
