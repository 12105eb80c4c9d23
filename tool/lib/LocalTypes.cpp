#include "LocalTypes.h"

#include "clang/AST/RecursiveASTVisitor.h"

#include <algorithm>

namespace asyncc {

using namespace clang;

namespace {

// The tag types declared directly in Fn's body that T names.
struct TypesNamed : RecursiveASTVisitor<TypesNamed> {
  const FunctionDecl *Fn;
  std::vector<const TagDecl *> &Found;
  TypesNamed(const FunctionDecl *Fn, std::vector<const TagDecl *> &Found) : Fn(Fn), Found(Found) {}
  bool VisitTagType(TagType *T) {
    const TagDecl *D = T->getDecl()->getDefinition();
    if (D && D->getDeclContext() == Fn && !llvm::is_contained(Found, D))
      Found.push_back(D);
    // CTAD's specializations carry their arguments only in the declaration.
    if (const auto *S = dyn_cast<ClassTemplateSpecializationDecl>(T->getDecl()))
      for (const TemplateArgument &A : S->getTemplateArgs().asArray())
        TraverseTemplateArgument(A);
    return true;
  }
};

// The declaration statement that defines D.
const DeclStmt *definitionOf(const Stmt *Body, const TagDecl *D) {
  struct Finder : RecursiveASTVisitor<Finder> {
    const TagDecl *D;
    const DeclStmt *Found = nullptr;
    bool TraverseLambdaExpr(LambdaExpr *) { return true; }
    bool VisitDeclStmt(DeclStmt *S) {
      if (llvm::is_contained(S->decls(), D))
        Found = S;
      return !Found;
    }
  } F;
  F.D = D;
  F.TraverseStmt(const_cast<Stmt *>(Body));
  return F.Found;
}

// The aliases declared in Fn's body that D's definition names.
std::vector<const TypedefNameDecl *> localAliasesNamedBy(const TagDecl *D, const FunctionDecl *Fn) {
  struct Finder : RecursiveASTVisitor<Finder> {
    const FunctionDecl *Fn;
    std::vector<const TypedefNameDecl *> Found;
    bool VisitTypedefTypeLoc(TypedefTypeLoc TL) {
      const TypedefNameDecl *A = TL.getTypedefNameDecl();
      if (A->getDeclContext() == Fn && !llvm::is_contained(Found, A))
        Found.push_back(A);
      return true;
    }
  } F;
  F.Fn = Fn;
  F.TraverseDecl(const_cast<TagDecl *>(D));
  return F.Found;
}

} // namespace

std::optional<std::vector<MovedLocalType>> moveLocalTypesIntoMachine(const AsyncFunction &F,
                                                                     const FrameLayout &Layout,
                                                                     const SourceRanges &Ranges,
                                                                     SourceEdits &Edits,
                                                                     Diagnostics &Diags) {
  std::vector<const TagDecl *> Types;
  TypesNamed Finder(F.Function, Types);
  for (const FrameSlot &Slot : Layout.Slots)
    if (Slot.Kind == SlotKind::Local && !Slot.DeclType.isNull() && !Slot.Closure &&
        !Slot.SameClosureAs)
      Finder.TraverseType(Slot.DeclType);
  std::sort(Types.begin(), Types.end(), [](const TagDecl *A, const TagDecl *B) {
    return A->getBeginLoc() < B->getBeginLoc();
  });
  std::vector<MovedLocalType> Moved;
  for (const TagDecl *D : Types) {
    const DeclStmt *S = definitionOf(F.Coroutine->getBody(), D);
    auto R = S ? Ranges.tokens(S->getSourceRange()) : std::nullopt;
    // (A declaration statement's range may or may not hold its ';'.)
    std::optional<unsigned> End = R && Ranges.text()[R->second - 1] == ';'
                                      ? std::optional<unsigned>(R->second)
                                  : R ? Ranges.afterSemicolon(S->getEndLoc())
                                      : std::nullopt;
    if (const auto *Closure = dyn_cast<CXXRecordDecl>(D); Closure && Closure->isLambda()) {
      // A lambda's type has no name to declare a field with (C++17 has no
      // lambda in decltype); `auto` locals of lambda type are kept whole,
      // but not inside another type.
      Diags.error(D->getLocation(), "a local kept across co_await has a type built from a "
                                    "lambda's type (deduced from its initializer), which the "
                                    "state machine cannot name; store the lambda in a named "
                                    "type (std::function, a function object) or in an 'auto' "
                                    "local of its own");
      return std::nullopt;
    }
    if (!S || !S->isSingleDecl() || !R || !End) {
      Diags.error(D->getLocation(), "type '" + D->getNameAsString() +
                                        "' is declared in the function and kept across "
                                        "co_await; declare it alone (not with a "
                                        "variable, not from a macro) so that it can move "
                                        "into the state machine");
      return std::nullopt;
    }
    if (std::any_of(Types.begin(), llvm::find(Types, D), [&](const TagDecl *Earlier) {
          return Earlier->getName() == D->getName();
        })) {
      Diags.error(D->getLocation(), "two types named '" + D->getNameAsString() +
                                        "' are declared in the function and kept across "
                                        "co_await; rename one");
      return std::nullopt;
    }
    // Such an alias is declared in the machine too (LocalAliases.h); the
    // body's own may have no use left.
    for (const TypedefNameDecl *A : localAliasesNamedBy(D, F.Function))
      if (auto Name = Ranges.tokens(SourceRange(A->getLocation(), A->getLocation())))
        Edits.insertAfter(Name->second, " [[maybe_unused]]");
    Moved.push_back({R->first, "    " + Edits.printInner(R->first, *End) +
                                   " // declared in the function\n"});
    Edits.replace(R->first, *End, "");
  }
  return Moved;
}

} // namespace asyncc
