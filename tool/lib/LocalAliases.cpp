#include "LocalAliases.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/StringExtras.h"

#include <map>

namespace asyncc {

using namespace clang;

// True when Text contains Name as a whole identifier.
static bool namesIdentifier(llvm::StringRef Text, llvm::StringRef Name) {
  auto IsIdent = [](char C) { return llvm::isAlnum(C) || C == '_'; };
  for (size_t At = Text.find(Name); At != llvm::StringRef::npos;
       At = Text.find(Name, At + 1)) {
    size_t End = At + Name.size();
    if ((At == 0 || !IsIdent(Text[At - 1])) && (End == Text.size() || !IsIdent(Text[End])))
      return true;
  }
  return false;
}

bool declareLocalAliasesNamedByFields(
    const FunctionDecl *Fn, const Stmt *Scope, llvm::ArrayRef<const Stmt *> Excluded,
    std::vector<std::pair<unsigned, std::string>> &Members, const std::string &Indent,
    const SourceRanges &Ranges, const SourceEdits &Edits, Diagnostics &Diags) {
  struct Finder : RecursiveASTVisitor<Finder> {
    const FunctionDecl *Fn;
    const Stmt *Scope;
    llvm::ArrayRef<const Stmt *> Excluded;
    std::vector<const TypedefNameDecl *> Found;
    bool TraverseStmt(Stmt *S) {
      if (S && S != Scope && llvm::is_contained(Excluded, S))
        return true;
      return RecursiveASTVisitor::TraverseStmt(S);
    }
    bool VisitTypedefNameDecl(TypedefNameDecl *D) {
      if (D->getParentFunctionOrMethod() == Fn)
        Found.push_back(D);
      return true;
    }
  } F;
  F.Fn = Fn;
  F.Scope = Scope;
  F.Excluded = Excluded;
  if (!Scope)
    return true;
  F.TraverseStmt(const_cast<Stmt *>(Scope));

  // Texts that may name an alias: the fields, then each alias declared.
  std::vector<std::string> Namers;
  for (const auto &[Offset, Line] : Members)
    Namers.push_back(Line);
  std::map<std::string, const TypedefNameDecl *> Declared;
  for (size_t Seen = 0; Seen < Namers.size(); ++Seen) {
    for (const TypedefNameDecl *D : F.Found) {
      std::string Name = D->getNameAsString();
      if (!namesIdentifier(Namers[Seen], Name))
        continue;
      auto [It, New] = Declared.insert({Name, D});
      if (!New) {
        if (It->second == D)
          continue;
        Diags.error(D->getLocation(),
                    "two local aliases named '" + Name + "' are used in the types of "
                    "values kept across co_await in this template; rename one");
        return false;
      }
      auto R = Ranges.tokens(D->getSourceRange());
      if (!R) {
        Diags.error(D->getLocation(), "local alias '" + Name +
                                          "' is used in the type of a value kept across "
                                          "co_await and comes from a macro expansion");
        return false;
      }
      std::string Text = Edits.printInner(R->first, R->second) + ";";
      Members.push_back({R->first, Indent + Text + " // local alias, named by a field\n"});
      Namers.push_back(Text);
    }
  }
  return true;
}

} // namespace asyncc
