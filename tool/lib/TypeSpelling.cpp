#include "TypeSpelling.h"

#include "clang/AST/QualTypeNames.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace asyncc {
namespace {

// Finds what in a type cannot be named outside the function it comes from.
class LocalTypeFinder : public clang::RecursiveASTVisitor<LocalTypeFinder> {
public:
  std::string Problem;
  bool LocalAlias = false;

  bool VisitTagType(clang::TagType *T) {
    const clang::TagDecl *D = T->getDecl();
    if (const auto *R = llvm::dyn_cast<clang::CXXRecordDecl>(D);
        R && R->isLambda()) {
      Problem = "it is the type of a lambda expression";
      return false;
    }
    if (D->getParentFunctionOrMethod()) {
      Problem = "type '" + D->getNameAsString() +
                "' is declared inside a function";
      return false;
    }
    return true;
  }
  bool VisitTypedefType(clang::TypedefType *T) {
    if (T->getDecl()->getParentFunctionOrMethod())
      LocalAlias = true; // spelled through its canonical type instead
    return true;
  }
};

} // namespace

static std::optional<std::string> spell(clang::QualType T,
                                       const std::string &Name,
                                       const clang::ASTContext &Ctx,
                                       std::string &WhyNot) {
  // auto and decltype are written as what they deduced.
  if (const auto *Deduced = T->getContainedDeducedType();
      Deduced && !Deduced->isDeduced()) {
    WhyNot = "its type is not deduced yet";
    return std::nullopt;
  }
  LocalTypeFinder Finder;
  Finder.TraverseType(T);
  if (!Finder.Problem.empty()) {
    WhyNot = Finder.Problem;
    return std::nullopt;
  }
  clang::QualType ToPrint = T;
  if (Finder.LocalAlias || T->getContainedDeducedType())
    ToPrint = T.getCanonicalType();
  clang::PrintingPolicy Policy = Ctx.getPrintingPolicy();
  Policy.SuppressScope = false;
  Policy.FullyQualifiedName = true;
  Policy.SuppressUnwrittenScope = true;
  Policy.SuppressTagKeyword = true;
  Policy.AnonymousTagLocations = false;
  Policy.Bool = true;
  clang::QualType Qualified =
      clang::TypeName::getFullyQualifiedType(ToPrint, Ctx, true);
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  Qualified.print(OS, Policy, Name);
  return Out;
}

std::optional<std::string> spellType(clang::QualType T,
                                     const clang::ASTContext &Ctx,
                                     std::string &WhyNot) {
  return spell(T, "", Ctx, WhyNot);
}

std::optional<std::string> spellDeclaration(clang::QualType T,
                                            const std::string &Name,
                                            const clang::ASTContext &Ctx,
                                            std::string &WhyNot) {
  return spell(T, Name, Ctx, WhyNot);
}

std::string asNewTypeId(const std::string &Spelling) {
  if (Spelling.find_first_of("([") != std::string::npos)
    return "(" + Spelling + ")";
  return Spelling;
}

} // namespace asyncc
