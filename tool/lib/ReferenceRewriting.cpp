#include "ReferenceRewriting.h"

#include "clang/AST/RecursiveASTVisitor.h"

namespace asyncc {
namespace {

using namespace clang;

class ReferenceRewriter : public RecursiveASTVisitor<ReferenceRewriter> {
public:
  ReferenceRewriter(const AsyncFunction &F, const FrameLayout &Layout,
                    const GeneratedNames &Names, const SourceRanges &Ranges,
                    SourceEdits &Edits, Diagnostics &Diags)
      : Names(Names), Ranges(Ranges), Edits(Edits), Diags(Diags) {
    for (const ParmVarDecl *P : F.Function->parameters())
      Fields[P] = P->getNameAsString();
    for (const auto &[Var, Id] : Layout.Hoisted)
      Fields[Var] = Layout.slot(Id).Name;
  }

  bool Failed = false;

  // Sema's expansion of an await repeats its operand; visit the operand once.
  bool TraverseCoawaitExpr(CoawaitExpr *E) { return TraverseStmt(E->getOperand()); }
  bool TraverseCoyieldExpr(CoyieldExpr *E) { return TraverseStmt(E->getOperand()); }
  bool TraverseCoreturnStmt(CoreturnStmt *S) { return TraverseStmt(S->getOperand()); }

  bool VisitMemberExpr(MemberExpr *E) {
    if (!E->isImplicitAccess() || !isa<CXXThisExpr>(E->getBase()->IgnoreImplicit()))
      return true;
    if (std::optional<unsigned> At = Ranges.offset(E->getBeginLoc()))
      Edits.insertBefore(*At, Names.self() + "->");
    else
      error(E->getBeginLoc(), "member '" + E->getMemberDecl()->getNameAsString() +
                                  "' used inside a macro body; the tool cannot "
                                  "rewrite it to go through the saved 'this'");
    return true;
  }

  bool VisitCXXThisExpr(CXXThisExpr *E) {
    if (E->isImplicit())
      return true;
    if (auto R = Ranges.tokens(E->getSourceRange()))
      Edits.replace(R->first, R->second, Names.self());
    else
      error(E->getBeginLoc(), "'this' inside a macro body cannot be rewritten");
    return true;
  }

  bool VisitDeclRefExpr(DeclRefExpr *E) {
    const auto *V = dyn_cast<VarDecl>(E->getDecl());
    auto It = V ? Fields.find(V) : Fields.end();
    if (It == Fields.end() || It->second == V->getName())
      return true;
    if (auto R = Ranges.tokens(E->getNameInfo().getSourceRange()))
      Edits.replace(R->first, R->second, It->second);
    else
      error(E->getBeginLoc(), "local '" + V->getNameAsString() +
                                  "' used inside a macro body cannot be renamed");
    return true;
  }

  bool VisitLambdaExpr(LambdaExpr *L) {
    std::string Implicit; // init-captures added after the capture default
    for (const LambdaCapture &C : L->captures()) {
      if (C.capturesThis()) {
        if (C.getCaptureKind() == LCK_StarThis) {
          error(C.getLocation(), "capturing '*this' in a lambda inside an "
                                 "ASYNC member function is not supported yet");
          continue;
        }
        std::string Init = Names.self() + " = " + Names.self();
        if (C.isImplicit())
          Implicit += ", " + Init;
        else if (auto R = Ranges.tokens({C.getLocation(), C.getLocation()}))
          Edits.replace(R->first, R->second, Init);
        continue;
      }
      if (!C.capturesVariable())
        continue;
      const auto *V = dyn_cast<VarDecl>(C.getCapturedVar());
      auto It = V ? Fields.find(V) : Fields.end();
      if (It == Fields.end())
        continue;
      const std::string &Field = It->second;
      bool ByRef = C.getCaptureKind() == LCK_ByRef;
      if (C.isImplicit()) {
        if (!ByRef) // by-reference goes through the captured machine
          Implicit += ", " + Field + " = " + Field;
        continue;
      }
      // [x] -> [x = x], [&x] -> [&x = x]: the name token becomes an init-capture.
      if (auto R = Ranges.tokens({C.getLocation(), C.getLocation()}))
        Edits.replace(R->first, R->second, Field + " = " + Field);
      else
        error(C.getLocation(), "lambda capture inside a macro body cannot be "
                               "rewritten");
    }
    if (!Implicit.empty()) {
      auto R = Ranges.tokens({L->getCaptureDefaultLoc(), L->getCaptureDefaultLoc()});
      if (R)
        Edits.insertAfter(R->second, Implicit);
      else
        error(L->getBeginLoc(), "lambda inside a macro body cannot be rewritten");
    }
    return true;
  }

private:
  void error(SourceLocation Loc, const std::string &Message) {
    Diags.error(Loc, Message);
    Failed = true;
  }

  const GeneratedNames &Names;
  const SourceRanges &Ranges;
  SourceEdits &Edits;
  Diagnostics &Diags;
  llvm::DenseMap<const VarDecl *, std::string> Fields;
};

} // namespace

bool rewriteReferences(const AsyncFunction &F, const FrameLayout &Layout,
                       const GeneratedNames &Names, const SourceRanges &Ranges,
                       SourceEdits &Edits, Diagnostics &Diags) {
  ReferenceRewriter R(F, Layout, Names, Ranges, Edits, Diags);
  R.TraverseStmt(F.Coroutine->getBody());
  return !R.Failed;
}

} // namespace asyncc
