#include "ReferenceRewriting.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/DenseSet.h"

namespace asyncc {
namespace {

using namespace clang;

class ReferenceRewriter : public RecursiveASTVisitor<ReferenceRewriter> {
public:
  ReferenceRewriter(const AsyncFunction &F, const FrameLayout &Layout,
                    const GeneratedNames &Names, const SourceRanges &Ranges,
                    SourceEdits &Edits, Diagnostics &Diags)
      : Names(Names), Ranges(Ranges), Edits(Edits), Diags(Diags),
        ThisDoneOutside(F.ThisRewrittenByEnclosing), Bindings(Layout.Bindings) {
    // (A parameter pack is no field: in MoveNext its name is the pack that
    // ExpandParameterPack hands back, which lambdas capture as they are.)
    for (const ParmVarDecl *P : F.Function->parameters())
      if (!P->isParameterPack())
        Fields[P] = {P->getNameAsString(), P->getNameAsString()};
    for (const AsyncFunction::Capture &C : F.Captures)
      Fields[C.Var] = {C.Var->getNameAsString(), C.Var->getNameAsString()};
    for (const auto &[Var, Id] : Layout.Hoisted) {
      const FrameSlot &Slot = Layout.slot(Id);
      Fields[Var] = {Slot.Name, Slot.use()};
      if (Slot.WrappedArray)
        Arrays.insert(Var);
    }
  }

  bool Failed = false;

  // Sema's expansion of an await repeats its operand; visit the operand once.
  bool TraverseCoawaitExpr(CoawaitExpr *E) { return TraverseStmt(E->getOperand()); }
  bool TraverseCoyieldExpr(CoyieldExpr *E) { return TraverseStmt(E->getOperand()); }
  bool TraverseDependentCoawaitExpr(DependentCoawaitExpr *E) {
    return TraverseStmt(E->getOperand());
  }
  bool TraverseCoreturnStmt(CoreturnStmt *S) { return TraverseStmt(S->getOperand()); }

  bool VisitMemberExpr(MemberExpr *E) {
    if (ThisDoneOutside)
      return true;
    if (!E->isImplicitAccess() || !isa<CXXThisExpr>(E->getBase()->IgnoreImplicit()))
      return true;
    // A replacement, not an insertion: what lowering later puts in front of
    // the statement (an await's prelude) or around the expression (a
    // temporary kept in the frame) must see `sm_this->member` as one piece.
    // (Inside a lambda that captured `*this`, the member is the copy's.)
    if (auto R = Ranges.tokens(E->getSourceRange()))
      Edits.replace(R->first, R->second,
                    (insideCopy() ? Names.selfCopy() + "." : Names.self() + "->") +
                        Edits.print(R->first, R->second));
    else
      error(E->getBeginLoc(), "member '" + E->getMemberDecl()->getNameAsString() +
                                  "' used inside a macro body; the tool cannot "
                                  "rewrite it to go through the saved 'this'");
    return true;
  }

  bool VisitCXXThisExpr(CXXThisExpr *E) {
    if (E->isImplicit() || ThisDoneOutside)
      return true;
    if (auto R = Ranges.tokens(E->getSourceRange()))
      Edits.replace(R->first, R->second,
                    insideCopy() ? "(&" + Names.selfCopy() + ")" : Names.self());
    else
      error(E->getBeginLoc(), "'this' inside a macro body cannot be rewritten");
    return true;
  }

  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (const auto *B = dyn_cast<BindingDecl>(E->getDecl())) {
      auto It = Bindings.find(B);
      if (It == Bindings.end())
        return true;
      if (auto R = Ranges.tokens(E->getNameInfo().getSourceRange()))
        Edits.replace(R->first, R->second, It->second);
      else
        error(E->getBeginLoc(), "structured binding '" + B->getNameAsString() +
                                    "' used inside a macro body cannot be renamed");
      return true;
    }
    const auto *V = dyn_cast<VarDecl>(E->getDecl());
    auto It = V ? Fields.find(V) : Fields.end();
    if (It == Fields.end())
      return true;
    // Inside a lambda that copied it into an init-capture, the name is the
    // capture's.
    bool Captured = false;
    for (const auto &Set : CapturedByInit)
      Captured |= Set.count(V) != 0;
    const std::string &Spelling =
        Captured && !Arrays.count(V) ? It->second.Name : It->second.Use;
    if (Spelling == V->getName())
      return true;
    if (auto R = Ranges.tokens(E->getNameInfo().getSourceRange()))
      Edits.replace(R->first, R->second, Spelling);
    else
      error(E->getBeginLoc(), "local '" + V->getNameAsString() +
                                  "' used inside a macro body cannot be renamed");
    return true;
  }

  bool TraverseLambdaExpr(LambdaExpr *L) {
    CapturedByInit.emplace_back();
    rewriteCaptures(L);
    CopiesThis.push_back(llvm::any_of(L->captures(), [](const LambdaCapture &C) {
      return C.getCaptureKind() == LCK_StarThis;
    }));
    bool Result = RecursiveASTVisitor::TraverseLambdaExpr(L);
    CopiesThis.pop_back();
    CapturedByInit.pop_back();
    return Result;
  }

  // True inside a lambda that captured `*this` (or one nested in it): there
  // `this` is the closure's copy of the object, `sm_this_copy`.
  bool insideCopy() const { return llvm::is_contained(CopiesThis, true); }

  // A simple capture's initializer (`this`, `x`, `&x`) is the capture's own
  // token, which rewriteCaptures made an init-capture: not a use to rewrite
  // again. An init-capture's initializer is the user's expression.
  bool TraverseLambdaCapture(LambdaExpr *L, const LambdaCapture *C, Expr *Init) {
    if (C->capturesThis() || (C->capturesVariable() && !L->isInitCapture(C)))
      return true;
    return RecursiveASTVisitor::TraverseLambdaCapture(L, C, Init);
  }

  void rewriteCaptures(LambdaExpr *L) {
    std::string Implicit; // init-captures added after the capture default
    for (const LambdaCapture &C : L->captures()) {
      if (C.capturesThis()) {
        if (ThisDoneOutside)
          continue;
        // [this] -> [sm_this = sm_this], [*this] -> [sm_this_copy = *sm_this];
        // inside a copy, `this` is the copy's address: [this] takes the
        // copy by reference, [*this] copies it again.
        std::string Copy = Names.selfCopy();
        if (C.getCaptureKind() == LCK_StarThis) {
          std::string Init = Copy + " = " + (insideCopy() ? Copy : "*" + Names.self());
          if (auto R = starThisTokens(C.getLocation()))
            Edits.replace(R->first, R->second, Init);
          else
            error(C.getLocation(), "lambda capture inside a macro body cannot be "
                                   "rewritten");
          continue;
        }
        std::string Init = insideCopy() ? "&" + Copy + " = " + Copy
                                        : Names.self() + " = " + Names.self();
        if (C.isImplicit()) {
          Implicit += ", " + Init;
        } else if (auto R = Ranges.tokens({C.getLocation(), C.getLocation()})) {
          Edits.replace(R->first, R->second, Init);
        }
        continue;
      }
      if (!C.capturesVariable())
        continue;
      if (const auto *B = dyn_cast<BindingDecl>(C.getCapturedVar());
          B && Bindings.count(B) && (!C.isImplicit() || C.getCaptureKind() != LCK_ByRef)) {
        // (By reference through a capture default, it is reached through
        // the machine like any field.)
        error(C.getLocation(), "a lambda capturing structured binding '" +
                                   B->getNameAsString() +
                                   "', which lives across co_await, is not supported yet; "
                                   "copy it into a local first");
        continue;
      }
      const auto *V = dyn_cast<VarDecl>(C.getCapturedVar());
      auto It = V ? Fields.find(V) : Fields.end();
      if (It == Fields.end())
        continue;
      const std::string &Field = It->second.Name;
      const std::string &Use = It->second.Use;
      bool ByRef = C.getCaptureKind() == LCK_ByRef;
      // An array is captured as its frame wrapper (async::detail::ArrayOf):
      // a copy copies it element by element, as a capture copies an array,
      // and inside the lambda it is used as in MoveNext, through the capture
      // of the same name.
      const std::string &Captured = Arrays.count(V) ? Field : Use;
      if (C.isImplicit()) {
        if (!ByRef) { // by-reference goes through the captured machine
          Implicit += ", " + Field + " = " + Captured;
          CapturedByInit.back().insert(V);
        }
        continue;
      }
      CapturedByInit.back().insert(V);
      // [x] -> [x = x], [&x] -> [&x = x]: the name token becomes an init-capture.
      if (auto R = Ranges.tokens({C.getLocation(), C.getLocation()}))
        Edits.replace(R->first, R->second, Field + " = " + Captured);
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
  }

private:
  // The `*` and `this` tokens of a `*this` capture starting at Star.
  std::optional<std::pair<unsigned, unsigned>> starThisTokens(SourceLocation Star) {
    auto Begin = Ranges.tokens({Star, Star});
    if (!Begin)
      return std::nullopt;
    llvm::StringRef Rest = Ranges.text().substr(Begin->second).ltrim();
    if (!Rest.starts_with("this"))
      return std::nullopt;
    return std::make_pair(Begin->first, unsigned(Ranges.text().size() - Rest.size() + 4));
  }

  void error(SourceLocation Loc, const std::string &Message) {
    Diags.error(Loc, Message);
    Failed = true;
  }

  const GeneratedNames &Names;
  const SourceRanges &Ranges;
  SourceEdits &Edits;
  Diagnostics &Diags;
  // The enclosing ASYNC function rewrites `this` here (a nested lambda).
  bool ThisDoneOutside;
  // Hoisted locals of array type (FrameSlot::WrappedArray).
  llvm::DenseSet<const VarDecl *> Arrays;
  // What the names of hoisted structured bindings become.
  const llvm::DenseMap<const BindingDecl *, std::string> &Bindings;
  // The field of a parameter or hoisted local, and how a use spells it.
  struct Field {
    std::string Name, Use;
  };
  llvm::DenseMap<const VarDecl *, Field> Fields;
  // Per enclosing lambda: whether it captures `*this`.
  std::vector<bool> CopiesThis;
  // Per enclosing lambda: the variables it captures through an init-capture.
  std::vector<llvm::DenseSet<const VarDecl *>> CapturedByInit;
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
