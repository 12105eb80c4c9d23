#include "TypeSpelling.h"

#include "clang/AST/QualTypeNames.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace asyncc {
namespace {

// Finds what in a type cannot be named outside the function it comes from.
class LocalTypeFinder : public clang::RecursiveASTVisitor<LocalTypeFinder> {
public:
  explicit LocalTypeFinder(const clang::FunctionDecl *Allowed = nullptr) : Allowed(Allowed) {}
  // Types declared directly in this function's body are not a problem.
  const clang::FunctionDecl *Allowed;
  std::string Problem;
  bool LocalAlias = false;

  bool VisitTagType(clang::TagType *T) {
    const clang::TagDecl *D = T->getDecl();
    if (const auto *R = llvm::dyn_cast<clang::CXXRecordDecl>(D);
        R && R->isLambda()) {
      Problem = "it is the type of a lambda expression";
      return false;
    }
    if (D->getParentFunctionOrMethod() &&
        !(Allowed && D->getDeclContext() == Allowed && D->getIdentifier())) {
      Problem = "type '" + D->getNameAsString() +
                "' is declared inside a function";
      return false;
    }
    // A specialization deduced by CTAD (`Finally f([&] {...})`) has no
    // written arguments in its sugar: look at the ones it was built from.
    if (const auto *S = llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(D))
      for (const clang::TemplateArgument &A : S->getTemplateArgs().asArray())
        if (!TraverseTemplateArgument(A))
          return false;
    return true;
  }
  bool VisitTypedefType(clang::TypedefType *T) {
    if (T->getDecl()->getParentFunctionOrMethod())
      LocalAlias = true; // spelled through its canonical type instead
    return true;
  }
  // decltype(value) of a parameter or local (a generic lambda's return type
  // `async::Task<decltype(value)>` seen from a caller): the name means
  // nothing elsewhere, so the type is spelled through its canonical type.
  bool VisitDeclRefExpr(clang::DeclRefExpr *E) {
    if (const auto *V = llvm::dyn_cast<clang::VarDecl>(E->getDecl());
        V && (V->hasLocalStorage() || llvm::isa<clang::ParmVarDecl>(V)))
      LocalAlias = true;
    return true;
  }
};

// T with each `auto` replaced by what it deduced, keeping the deduced
// type's own sugar (`std::string`, `std::vector<int>::iterator`) so that the
// spelling stays readable; nullptr-free fallback is the canonical type.
clang::QualType resolveDeduced(clang::QualType T, const clang::ASTContext &Ctx) {
  auto &C = const_cast<clang::ASTContext &>(Ctx);
  clang::Qualifiers Quals = T.getLocalQualifiers();
  const clang::Type *Ty = T.getTypePtr();
  if (const auto *A = llvm::dyn_cast<clang::AutoType>(Ty); A && A->isDeduced())
    return C.getQualifiedType(resolveDeduced(A->getDeducedType(), Ctx), Quals);
  if (const auto *R = llvm::dyn_cast<clang::LValueReferenceType>(Ty))
    return C.getQualifiedType(
        C.getLValueReferenceType(resolveDeduced(R->getPointeeTypeAsWritten(), Ctx)), Quals);
  if (const auto *R = llvm::dyn_cast<clang::RValueReferenceType>(Ty))
    return C.getQualifiedType(
        C.getRValueReferenceType(resolveDeduced(R->getPointeeTypeAsWritten(), Ctx)), Quals);
  if (const auto *P = llvm::dyn_cast<clang::PointerType>(Ty))
    return C.getQualifiedType(C.getPointerType(resolveDeduced(P->getPointeeType(), Ctx)),
                              Quals);
  return T;
}

} // namespace

// Clang 19's TypeName::getFullyQualifiedType leaves the elements of a
// template argument pack unqualified: std::tuple<std::string, int> prints as
// `::std::tuple<basic_string<char>, int>`. A class template specialization
// with a pack among its arguments (anywhere in T) is rebuilt from the
// canonical type with the pack's elements as plain arguments, which it does
// qualify.
static void flattenArgument(const clang::TemplateArgument &A,
                            llvm::SmallVectorImpl<clang::TemplateArgument> &Out,
                            clang::ASTContext &Ctx);

static clang::QualType withoutArgumentPacks(clang::QualType T, clang::ASTContext &Ctx) {
  T = T.getCanonicalType();
  clang::Qualifiers Q = T.getQualifiers();
  const clang::Type *Ty = T.getTypePtr();
  clang::QualType R(Ty, 0);
  if (const auto *P = llvm::dyn_cast<clang::PointerType>(Ty)) {
    R = Ctx.getPointerType(withoutArgumentPacks(P->getPointeeType(), Ctx));
  } else if (const auto *L = llvm::dyn_cast<clang::LValueReferenceType>(Ty)) {
    R = Ctx.getLValueReferenceType(withoutArgumentPacks(L->getPointeeType(), Ctx));
  } else if (const auto *RR = llvm::dyn_cast<clang::RValueReferenceType>(Ty)) {
    R = Ctx.getRValueReferenceType(withoutArgumentPacks(RR->getPointeeType(), Ctx));
  } else if (const auto *Rec = llvm::dyn_cast<clang::RecordType>(Ty)) {
    if (const auto *S = llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(Rec->getDecl())) {
      llvm::SmallVector<clang::TemplateArgument, 4> Args;
      for (const clang::TemplateArgument &A : S->getTemplateArgs().asArray())
        flattenArgument(A, Args, Ctx);
      R = Ctx.getTemplateSpecializationType(clang::TemplateName(S->getSpecializedTemplate()),
                                            Args, T.getUnqualifiedType());
    }
  }
  return Ctx.getQualifiedType(R, Q);
}

static void flattenArgument(const clang::TemplateArgument &A,
                            llvm::SmallVectorImpl<clang::TemplateArgument> &Out,
                            clang::ASTContext &Ctx) {
  if (A.getKind() == clang::TemplateArgument::Pack) {
    for (const clang::TemplateArgument &E : A.pack_elements())
      flattenArgument(E, Out, Ctx);
  } else if (A.getKind() == clang::TemplateArgument::Type) {
    Out.push_back(clang::TemplateArgument(withoutArgumentPacks(A.getAsType(), Ctx)));
  } else {
    Out.push_back(A);
  }
}

// True when T, as written, holds a class template specialization that is
// not spelled as written (deduced: a task's result, auto) and has a pack
// among its arguments. A specialization as written prints its arguments as
// written, qualified.
static bool hasDeducedArgumentPack(clang::QualType T) {
  struct Finder : clang::RecursiveASTVisitor<Finder> {
    bool Found = false;
    bool VisitRecordType(clang::RecordType *R) {
      if (const auto *S = llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(R->getDecl()))
        for (const clang::TemplateArgument &A : S->getTemplateArgs().asArray())
          Found |= A.getKind() == clang::TemplateArgument::Pack;
      return !Found;
    }
  } F;
  F.TraverseType(T);
  return F.Found;
}

static std::optional<std::string> spell(clang::QualType T,
                                       const std::string &Name,
                                       const clang::ASTContext &Ctx,
                                       std::string &WhyNot,
                                       const clang::FunctionDecl *LocalTypesOf) {
  // auto and decltype are written as what they deduced.
  if (const auto *Deduced = T->getContainedDeducedType();
      Deduced && (!Deduced->isDeduced() || Deduced->getDeducedType().isNull())) {
    WhyNot = Deduced->isDependentType()
                 ? "it is deduced from an expression that depends on a template parameter"
                 : "its type is not deduced yet";
    return std::nullopt;
  }
  LocalTypeFinder Finder(LocalTypesOf);
  Finder.TraverseType(T);
  if (!Finder.Problem.empty()) {
    // Sugar may name what the type itself does not (`Task<RunResult<F>>`
    // for a lambda F is `Task<int>`).
    LocalTypeFinder Canonical(LocalTypesOf);
    Canonical.TraverseType(T.getCanonicalType());
    if (!Canonical.Problem.empty()) {
      WhyNot = Finder.Problem;
      return std::nullopt;
    }
    T = T.getCanonicalType();
    Finder = Canonical;
  }
  clang::QualType ToPrint = resolveDeduced(T, Ctx);
  // A local alias is spelled through the canonical type, except in a
  // template, where a dependent canonical type has no spelling
  // (`type-parameter-0-0`): the machine declares the alias itself there
  // (LocalAliases.h).
  if ((Finder.LocalAlias && !T->isDependentType()) || ToPrint->getContainedDeducedType())
    ToPrint = T.getCanonicalType();
  clang::PrintingPolicy Policy = Ctx.getPrintingPolicy();
  Policy.SuppressScope = false;
  Policy.FullyQualifiedName = true;
  Policy.SuppressUnwrittenScope = true;
  Policy.SuppressTagKeyword = true;
  Policy.AnonymousTagLocations = false;
  Policy.Bool = true;
  if (!ToPrint->isDependentType() && hasDeducedArgumentPack(ToPrint))
    ToPrint = withoutArgumentPacks(ToPrint, const_cast<clang::ASTContext &>(Ctx));
  clang::QualType Qualified =
      clang::TypeName::getFullyQualifiedType(ToPrint, Ctx, true);
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  Qualified.print(OS, Policy, Name);
  if (llvm::StringRef(Out).contains("<dependent type>")) {
    WhyNot = "it depends on a template parameter in a way that has no name "
             "before instantiation";
    return std::nullopt;
  }
  return Out;
}

std::optional<std::string> spellType(clang::QualType T,
                                     const clang::ASTContext &Ctx,
                                     std::string &WhyNot,
                                     const clang::FunctionDecl *LocalTypesOf) {
  return spell(T, "", Ctx, WhyNot, LocalTypesOf);
}

std::optional<std::string> spellDeclaration(clang::QualType T,
                                            const std::string &Name,
                                            const clang::ASTContext &Ctx,
                                            std::string &WhyNot,
                                            const clang::FunctionDecl *LocalTypesOf) {
  return spell(T, Name, Ctx, WhyNot, LocalTypesOf);
}

std::string asNewTypeId(const std::string &Spelling) {
  if (Spelling.find_first_of("([") != std::string::npos)
    return "(" + Spelling + ")";
  return Spelling;
}

} // namespace asyncc
