#include "ParameterPacks.h"

#include "DependentTypes.h"
#include "RuntimeContract.h"
#include "TypeSpelling.h"

#include "clang/AST/RecursiveASTVisitor.h"

namespace asyncc {

using namespace clang;

std::optional<ParameterPackMember> parameterPackMember(const ParmVarDecl *P,
                                                       const std::string &Name,
                                                       const GeneratedNames &Names,
                                                       ASTContext &Ctx, std::string &WhyNot) {
  const auto *Expansion = P->getType()->getAs<PackExpansionType>();
  if (!Expansion) {
    WhyNot = "its type is not a pack expansion";
    return std::nullopt;
  }
  QualType Pattern = Expansion->getPattern();
  // The pattern as written (`Ts`, `const Ts &`, `Ts &&`); a generic
  // lambda's `auto... xs` through the parameter itself: decltype of a
  // parameter is its declared type.
  std::optional<std::string> Type;
  if (namesInventedTemplateParameter(Pattern))
    Type = "decltype(" + Name + ")";
  else
    Type = spellType(Pattern, Ctx, WhyNot);
  if (!Type)
    return std::nullopt;
  std::string Field = Names.parameterPack(Name);
  ParameterPackMember M;
  M.Field = runtime::ParameterPack + "<" + *Type + "...> " + Field;
  M.CtorParameter = runtime::ForwardedPack + "<" + *Type + "...> " + Field;
  M.CtorInit = Field + "(std::move(" + Field + "))";
  M.KickoffArgument = runtime::ForwardedPack + "<" + *Type + "...>(std::forward<" + *Type +
                      ">(" + Name + ")...)";
  std::string Element = Pattern->isReferenceType() ? *Type : *Type + " &";
  M.BodyOpen = runtime::ExpandParameterPack + "(" + Field + ", [&](" + Element + "..." +
               Name + ") { // the parameter pack " + Name + ", from the frame\n";
  M.BodyClose = "});\n";
  return M;
}

namespace {

class DecltypeRewriter : public RecursiveASTVisitor<DecltypeRewriter> {
public:
  DecltypeRewriter(const SourceRanges &Ranges, SourceEdits &Edits, Diagnostics &Diags)
      : Ranges(Ranges), Edits(Edits), Diags(Diags) {}

  bool Failed = false;

  bool VisitDecltypeTypeLoc(DecltypeTypeLoc TL) {
    const auto *Ref = dyn_cast<DeclRefExpr>(TL.getUnderlyingExpr());
    const auto *P = Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
    if (!P || !P->isParameterPack())
      return true;
    const auto *Expansion = P->getType()->getAs<PackExpansionType>();
    if (!Expansion || Expansion->getPattern()->isReferenceType())
      return true;
    auto R = Ranges.tokens(TL.getSourceRange());
    if (!R) {
      Diags.error(TL.getBeginLoc(), "decltype of the parameter pack '" +
                                        P->getNameAsString() +
                                        "' inside a macro body cannot be rewritten");
      Failed = true;
      return true;
    }
    Edits.replace(R->first, R->second,
                  "std::remove_reference_t<" + Edits.print(R->first, R->second) + ">");
    return true;
  }

private:
  const SourceRanges &Ranges;
  SourceEdits &Edits;
  Diagnostics &Diags;
};

} // namespace

bool rewritePackDecltypes(const AsyncFunction &F, const SourceRanges &Ranges,
                          SourceEdits &Edits, Diagnostics &Diags) {
  bool HasPack = false;
  for (const ParmVarDecl *P : F.Function->parameters())
    HasPack |= P->isParameterPack();
  if (!HasPack)
    return true;
  DecltypeRewriter R(Ranges, Edits, Diags);
  R.TraverseStmt(F.Coroutine->getBody());
  return !R.Failed;
}

} // namespace asyncc
