#include "TemplateArguments.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"

#include <algorithm>
#include <functional>

namespace asyncc {

using namespace clang;

// True when every function Callee may name has a parameter I that is not a
// reference (so the argument is moved or copied into the callee, never bound).
// An unqualified call that ADL may extend is never sure.
static bool takenByValue(const Expr *Callee, unsigned I) {
  llvm::SmallVector<const NamedDecl *, 4> Candidates;
  Callee = Callee->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnresolvedLookupExpr>(Callee)) {
    if (U->requiresADL())
      return false;
    Candidates.append(U->decls_begin(), U->decls_end());
  } else if (const auto *U = dyn_cast<UnresolvedMemberExpr>(Callee)) {
    Candidates.append(U->decls_begin(), U->decls_end());
  } else if (const auto *R = dyn_cast<DeclRefExpr>(Callee)) {
    Candidates.push_back(R->getDecl());
  } else if (const auto *M = dyn_cast<MemberExpr>(Callee)) {
    Candidates.push_back(M->getMemberDecl());
  }
  if (Candidates.empty())
    return false;
  for (const NamedDecl *D : Candidates) {
    const auto *F = dyn_cast<FunctionDecl>(D->getUnderlyingDecl());
    if (const auto *T = dyn_cast<FunctionTemplateDecl>(D->getUnderlyingDecl()))
      F = T->getTemplatedDecl();
    if (!F || I >= F->getNumParams() || F->getParamDecl(I)->isParameterPack())
      return false;
    QualType P = F->getParamDecl(I)->getType();
    if (P->isReferenceType() || P->isDependentType() && !P->isTemplateTypeParmType() &&
                                    !P->getAs<TemplateSpecializationType>())
      return false;
  }
  return true;
}

// True when E, in a template, is surely not a temporary: a variable, a cast
// to a reference type, std::move or std::forward.
static bool isSurelyGLValue(const Expr *E) {
  E = E->IgnoreParens();
  if (const auto *R = dyn_cast<DeclRefExpr>(E))
    return isa<VarDecl>(R->getDecl());
  if (const auto *C = dyn_cast<ExplicitCastExpr>(E))
    return C->getTypeAsWritten()->isReferenceType();
  if (const auto *C = dyn_cast<CallExpr>(E)) {
    const Expr *Callee = C->getCallee()->IgnoreParenImpCasts();
    auto IsStdCast = [](const NamedDecl *D) {
      D = D->getUnderlyingDecl();
      return D->isInStdNamespace() && D->getIdentifier() &&
             (D->getName() == "move" || D->getName() == "forward");
    };
    if (const auto *U = dyn_cast<UnresolvedLookupExpr>(Callee))
      return !U->requiresADL() && U->getNumDecls() &&
             std::all_of(U->decls_begin(), U->decls_end(), IsStdCast);
    if (const auto *R = dyn_cast<DeclRefExpr>(Callee))
      return IsStdCast(R->getDecl());
  }
  return false;
}

// The object expression of a member access, if any.
static const Expr *baseOf(const Expr *Callee) {
  Callee = Callee->IgnoreParens();
  if (const auto *M = dyn_cast<MemberExpr>(Callee))
    return M->getBase();
  if (const auto *M = dyn_cast<CXXDependentScopeMemberExpr>(Callee))
    return M->isImplicitAccess() ? nullptr : M->getBase();
  if (const auto *M = dyn_cast<UnresolvedMemberExpr>(Callee))
    return M->isImplicitAccess() ? nullptr : M->getBase();
  return nullptr;
}

const Expr *templateArgumentsToKeep(const Expr *Operand, std::vector<const Expr *> &Keep) {
  const Expr *Refused = nullptr;
  // Referenced: what E is part of may keep a reference to it (an argument
  // not surely taken by value, an object whose member is called or read,
  // an operand of an operator that may be overloaded).
  std::function<void(const Expr *, bool)> Walk = [&](const Expr *E, bool Referenced) {
    if (!E || Refused)
      return;
    // A temporary Clang already sees is kept by the spiller itself.
    if (isa<MaterializeTemporaryExpr>(E))
      return;
    E = E->IgnoreImplicit()->IgnoreParens();
    if (isa<MaterializeTemporaryExpr>(E) || isa<CXXDefaultArgExpr>(E) ||
        isa<CXXDefaultInitExpr>(E) || E->getSourceRange().isInvalid())
      return;
    // A variable is an lvalue whatever its type; `this` is not a temporary.
    if (const auto *R = dyn_cast<DeclRefExpr>(E); R && isa<VarDecl>(R->getDecl()))
      return;
    if (isa<CXXThisExpr>(E))
      return;
    // A lambda is kept even where nothing refers to it (a lambda called at
    // once): its expression cannot stand in the decltype that names the
    // operand's type (no lambda in an unevaluated operand before C++20).
    if (isa<LambdaExpr>(E)) {
      Keep.push_back(E);
      return;
    }
    // The elements of a pack expansion have no place in the frame one by
    // one: `xs...` and other references are passed as they are, anything
    // else that may be a temporary is refused.
    if (const auto *P = dyn_cast<PackExpansionExpr>(E)) {
      if (Referenced && !isSurelyGLValue(P->getPattern()))
        Refused = E;
      return;
    }
    // A braced list is no value to keep: its elements are (an aggregate may
    // bind a reference member to one).
    if (const auto *List = dyn_cast<InitListExpr>(E)) {
      for (const Expr *Init : List->inits())
        Walk(Init, true);
      return;
    }
    // A fold is kept whole; what it folds is used up inside it.
    if (isa<CXXFoldExpr>(E)) {
      if (Referenced)
        Keep.push_back(E);
      return;
    }
    if (const auto *C = dyn_cast<CallExpr>(E)) {
      const Expr *Callee = C->getCallee();
      if (const Expr *Base = baseOf(Callee))
        Walk(Base, true);
      else if (!isa<CXXMemberCallExpr>(C))
        Walk(Callee, false);
      for (unsigned I = 0; I < C->getNumArgs(); ++I) {
        bool ByValue = takenByValue(Callee, I);
        // A braced argument bound by a reference parameter initializes a
        // temporary whose type is unknown before instantiation.
        if (!ByValue && isa<InitListExpr>(C->getArg(I)->IgnoreImplicit()))
          Refused = C->getArg(I);
        Walk(C->getArg(I), !ByValue);
      }
    } else if (const auto *M = dyn_cast<MemberExpr>(E)) {
      Walk(M->getBase(), true);
    } else if (const auto *M = dyn_cast<CXXDependentScopeMemberExpr>(E)) {
      if (!M->isImplicitAccess())
        Walk(M->getBase(), true);
    } else {
      // A built-in operator on scalars keeps no reference to its operands.
      bool Scalar = !E->isTypeDependent() && E->getType()->isScalarType() &&
                    !isa<CXXConstructExpr>(E);
      for (const Stmt *Child : E->children())
        if (const auto *CE = dyn_cast_or_null<Expr>(Child))
          Walk(CE, !Scalar);
    }
    if (Referenced && (E->isTypeDependent() || E->isPRValue()))
      Keep.push_back(E);
  };
  Walk(Operand, false);
  return Refused;
}

} // namespace asyncc
