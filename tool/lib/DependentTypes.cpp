#include "DependentTypes.h"

#include "RuntimeContract.h"
#include "TypeSpelling.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace asyncc {

using namespace clang;

bool namesInventedTemplateParameter(QualType T) {
  struct Finder : RecursiveASTVisitor<Finder> {
    bool Found = false;
    bool VisitTemplateTypeParmType(TemplateTypeParmType *P) {
      Found |= P->getDecl() && P->getDecl()->isImplicit();
      return !Found;
    }
  } F;
  F.TraverseType(T);
  return F.Found;
}

bool namesFunctionLocalAlias(QualType T) {
  struct Finder : RecursiveASTVisitor<Finder> {
    bool Found = false;
    bool VisitTypedefType(TypedefType *P) {
      Found |= P->getDecl()->getDeclContext()->isFunctionOrMethod();
      return !Found;
    }
  } F;
  F.TraverseType(T);
  return F.Found;
}

bool namesLocalEntity(QualType T) {
  struct Finder : RecursiveASTVisitor<Finder> {
    bool Found = false;
    bool VisitDeclRefExpr(DeclRefExpr *E) {
      const auto *V = dyn_cast<VarDecl>(E->getDecl());
      Found |= V && (V->hasLocalStorage() || isa<ParmVarDecl>(V));
      return !Found;
    }
  } F;
  F.TraverseType(T);
  return F.Found;
}

std::string declaredTypeOf(const std::string &Text) { return "decltype((" + Text + "))"; }

static bool isUndeducedAuto(QualType T) {
  const DeducedType *D = T->getContainedDeducedType();
  return D && (!D->isDeduced() || D->getDeducedType().isNull());
}

bool needsTypeFromInitializer(const VarDecl *V) {
  if (!V->isTemplated() || !V->getInit())
    return false;
  if (isUndeducedAuto(V->getType()))
    return true;
  return V->getType()->isReferenceType() && V->getInit()->isTypeDependent();
}

// cv-qualifiers as they are written before a type.
static std::string qualifiers(Qualifiers Q) {
  std::string S;
  if (Q.hasConst())
    S += "const ";
  if (Q.hasVolatile())
    S += "volatile ";
  return S;
}

std::optional<std::string> frameTypeFromInitializer(const VarDecl *V, const std::string &R,
                                                    const ASTContext &Ctx,
                                                    std::string &WhyNot) {
  QualType T = V->getType();
  if (!T->isReferenceType()) {
    // auto x = e, const auto x = e: deduction decays e's type.
    const auto *A = dyn_cast<AutoType>(T.getTypePtr());
    if (!A || A->isDecltypeAuto()) {
      WhyNot = "only 'auto', 'const auto' and references are followed";
      return std::nullopt;
    }
    if (isa<DecompositionDecl>(V))
      // auto [a, b] = e: e's type (an array is refused there).
      return qualifiers(T.getLocalQualifiers()) + runtime::BindingObject + "<" + R + ">";
    return qualifiers(T.getLocalQualifiers()) + "std::decay_t<" + R + ">";
  }
  QualType Pointee = T->getPointeeType();
  std::string Declared; // D, the reference type after deduction
  if (!isUndeducedAuto(T)) {
    std::optional<std::string> Spelled = spellType(T, Ctx, WhyNot);
    if (!Spelled)
      return std::nullopt;
    Declared = *Spelled;
  } else if (!isa<AutoType>(Pointee.getTypePtr())) {
    WhyNot = "only 'auto&', 'const auto&' and 'auto&&' references are followed";
    return std::nullopt;
  } else if (T->isLValueReferenceType()) {
    Declared = qualifiers(Pointee.getLocalQualifiers()) + "std::remove_reference_t<" + R + ">&";
  } else if (Pointee.getLocalQualifiers().empty()) {
    Declared = R + "&&"; // a forwarding reference: collapses to R's category
  } else {
    Declared = qualifiers(Pointee.getLocalQualifiers()) + "std::remove_reference_t<" + R + ">&&";
  }
  return runtime::BoundReference + "<" + Declared + ", " + R + ">";
}

} // namespace asyncc
