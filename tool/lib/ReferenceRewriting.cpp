#include "ReferenceRewriting.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/SaveAndRestore.h"

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
      if (Slot.Branch && Slot.use() == Slot.Name)
        BranchTypes[Var] = Slot.Type;
    }
    for (const FrameSlot &Slot : Layout.Slots)
      if (Slot.Closure)
        ClosureLocals.insert(Slot.Closure);
  }

  bool Failed = false;

  // Sema's expansion of an await repeats its operand; visit the operand once.
  bool TraverseCoawaitExpr(CoawaitExpr *E) { return TraverseStmt(E->getOperand()); }
  bool TraverseCoyieldExpr(CoyieldExpr *E) { return TraverseStmt(E->getOperand()); }
  bool TraverseDependentCoawaitExpr(DependentCoawaitExpr *E) {
    return TraverseStmt(E->getOperand());
  }
  bool TraverseCoreturnStmt(CoreturnStmt *S) { return TraverseStmt(S->getOperand()); }

  // A class declared in the body: `this` and members inside it are the
  // local object's own (a function's locals cannot be named there).
  bool TraverseCXXRecordDecl(CXXRecordDecl *D) {
    return D->isLambda() ? RecursiveASTVisitor::TraverseCXXRecordDecl(D) : true;
  }

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
      // (Inside a lambda that copied it, the name is the capture's.)
      if (It == Bindings.end() || capturedByInit(B))
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
    const std::string &Spelling =
        capturedByInit(V) && !Arrays.count(V) ? It->second.Name : It->second.Use;
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
    bool Result;
    {
      llvm::SaveAndRestore<bool> Inside(InsideClosureLocal,
                                        InsideClosureLocal || ClosureLocals.count(L));
      Result = RecursiveASTVisitor::TraverseLambdaExpr(L);
    }
    CopiesThis.pop_back();
    CapturedByInit.pop_back();
    return Result;
  }

  // True inside a lambda that captured D through an init-capture (or one
  // nested in it).
  bool capturedByInit(const ValueDecl *D) const {
    return llvm::any_of(CapturedByInit, [D](const auto &Set) { return Set.count(D) != 0; });
  }

  // decltype(x) of a structured binding copied into an init-capture: the
  // binding's declared type natively, the capture's deduced type here.
  bool VisitDecltypeTypeLoc(DecltypeTypeLoc TL) {
    const auto *R = dyn_cast<DeclRefExpr>(TL.getUnderlyingExpr());
    // decltype(x) of a local of a constexpr-if branch, which the branch
    // names through a reference: the type it declares for it.
    if (const auto *V = R ? dyn_cast<VarDecl>(R->getDecl()) : nullptr;
        V && BranchTypes.count(V) && !capturedByInit(V)) {
      if (auto Whole = Ranges.tokens(TL.getSourceRange()))
        Edits.replace(Whole->first, Whole->second, BranchTypes.lookup(V));
      else
        error(R->getLocation(), "decltype of local '" + V->getNameAsString() +
                                    "' inside a macro body cannot be rewritten");
      return true;
    }
    const auto *B = R ? dyn_cast<BindingDecl>(R->getDecl()) : nullptr;
    if (B && Bindings.count(B) && capturedByInit(B) && !capturedTypeIsDeclared(B))
      error(R->getLocation(), "decltype of structured binding '" + B->getNameAsString() +
                                  "', which a lambda copies and which lives across "
                                  "co_await, is not supported: its type is const or a "
                                  "reference; write the type");
    return true;
  }

  // True when an init-capture copying B has B's own type (not const, not a
  // reference, not an array, which `auto` would decay).
  static bool capturedTypeIsDeclared(const BindingDecl *B) {
    QualType T = B->getType();
    return !T.isNull() && !T->isDependentType() && !T.isConstQualified() &&
           !T->isReferenceType() && !T->isArrayType() && !T->isFunctionType();
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
      const ValueDecl *D = C.getCapturedVar();
      if (!isFrameEntity(D))
        continue;
      if (!C.isImplicit())
        rewriteExplicitCapture(L, C, D);
      else if (C.getCaptureKind() != LCK_ByRef) // by reference: through the machine
        copyImplicitly(L, D, C.getLocation(), Implicit);
    }
    // In a template, Clang records a capture default's implicit captures
    // only on instantiation: what a `[=]` lambda names from the frame is
    // copied here, or it would be read through the machine. (In a closure
    // local's factory the fields are parameters, which `[=]` copies itself,
    // unless a use is not the field: a reference held by pointer, a
    // structured binding.)
    bool FieldsAreParameters = InsideClosureLocal || ClosureLocals.count(L);
    if (L->getCaptureDefault() == LCD_ByCopy && L->getCallOperator()->isDependentContext())
      for (const auto &[D, Loc] : namedFromFrame(L->getBody()))
        if (!(FieldsAreParameters && usedAsField(D)) &&
            !llvm::any_of(L->captures(), [D = D](const LambdaCapture &C) {
              return C.capturesVariable() && C.getCapturedVar() == D;
            }))
          copyImplicitly(L, D, Loc, Implicit);
    if (!Implicit.empty()) {
      auto R = Ranges.tokens({L->getCaptureDefaultLoc(), L->getCaptureDefaultLoc()});
      if (R)
        Edits.insertAfter(R->second, Implicit);
      else
        error(L->getBeginLoc(), "lambda inside a macro body cannot be rewritten");
    }
  }

  // A parameter, hoisted local or hoisted structured binding.
  bool isFrameEntity(const ValueDecl *D) const {
    if (const auto *B = dyn_cast<BindingDecl>(D))
      return Bindings.count(B);
    const auto *V = dyn_cast<VarDecl>(D);
    return V && Fields.count(V);
  }

  // True when D is a field that its uses name as it is (or an array's
  // wrapper): copying the field copies what D is.
  bool usedAsField(const ValueDecl *D) const {
    const auto *V = dyn_cast<VarDecl>(D);
    if (!V)
      return false;
    const Field &F = Fields.find(V)->second;
    return F.Use == F.Name || Arrays.count(V);
  }

  // The init-capture that captures frame entity D under its own name:
  // `x = x` (a field), `r = (*r)` (a reference held by pointer), `a = a` (an
  // array's wrapper, used as `(a.items)` inside too), `k = (sm_binding0.k)`
  // (a structured binding, which C++17 cannot capture).
  std::string initCapture(const ValueDecl *D) const {
    if (const auto *B = dyn_cast<BindingDecl>(D))
      return B->getNameAsString() + " = " + Bindings.lookup(B);
    const auto *V = cast<VarDecl>(D);
    const Field &F = Fields.find(V)->second;
    return F.Name + " = " + (Arrays.count(V) ? F.Name : F.Use);
  }

  // An init-capture copies with `auto`: it drops const and decays an array.
  // A structured binding's copy would differ from the native capture there.
  bool checkCopyOf(const LambdaExpr *L, const ValueDecl *D, SourceLocation Loc) {
    const auto *B = dyn_cast<BindingDecl>(D);
    if (!B || B->getType().isNull() ||
        !(B->getType()->isArrayType() || (L->isMutable() && B->getType().isConstQualified())))
      return true;
    error(Loc, "a lambda copying structured binding '" + B->getNameAsString() +
                   "', which lives across co_await, is not supported when the binding is "
                   "an array or, in a mutable lambda, const; copy it into a local first");
    return false;
  }

  // [x] -> [x = x], [&x] -> [&x = x], [k] -> [k = (sm_binding0.k)]: the name
  // token becomes an init-capture, and inside the lambda the name is the
  // capture's. Inside a lambda that copied D already, the capture captures
  // that copy, as it is.
  void rewriteExplicitCapture(const LambdaExpr *L, const LambdaCapture &C, const ValueDecl *D) {
    if (capturedByInit(D) ||
        (C.getCaptureKind() != LCK_ByRef && !checkCopyOf(L, D, C.getLocation())))
      return;
    CapturedByInit.back().insert(D);
    if (auto R = Ranges.tokens({C.getLocation(), C.getLocation()}))
      Edits.replace(R->first, R->second, initCapture(D));
    else
      error(C.getLocation(), "lambda capture inside a macro body cannot be rewritten");
  }

  // A copy through the capture default `=`: `, x = x` after the default.
  void copyImplicitly(const LambdaExpr *L, const ValueDecl *D, SourceLocation Loc,
                      std::string &Implicit) {
    if (capturedByInit(D) || !checkCopyOf(L, D, Loc))
      return;
    CapturedByInit.back().insert(D);
    Implicit += ", " + initCapture(D);
  }

  // The frame entities that Body names outside unevaluated operands, in
  // order of first use, with that use's location.
  std::vector<std::pair<const ValueDecl *, SourceLocation>> namedFromFrame(Stmt *Body) {
    struct Finder : RecursiveASTVisitor<Finder> {
      const ReferenceRewriter &R;
      explicit Finder(const ReferenceRewriter &R) : R(R) {}
      std::vector<std::pair<const ValueDecl *, SourceLocation>> Found;
      unsigned Unevaluated = 0;
      bool TraverseUnaryExprOrTypeTraitExpr(UnaryExprOrTypeTraitExpr *E) {
        llvm::SaveAndRestore<unsigned> Inside(Unevaluated, Unevaluated + 1);
        return RecursiveASTVisitor::TraverseUnaryExprOrTypeTraitExpr(E);
      }
      bool TraverseDecltypeTypeLoc(DecltypeTypeLoc TL) {
        llvm::SaveAndRestore<unsigned> Inside(Unevaluated, Unevaluated + 1);
        return RecursiveASTVisitor::TraverseDecltypeTypeLoc(TL);
      }
      bool TraverseCXXNoexceptExpr(CXXNoexceptExpr *E) {
        llvm::SaveAndRestore<unsigned> Inside(Unevaluated, Unevaluated + 1);
        return RecursiveASTVisitor::TraverseCXXNoexceptExpr(E);
      }
      bool VisitDeclRefExpr(DeclRefExpr *E) {
        const ValueDecl *D = E->getDecl();
        if (!Unevaluated && R.isFrameEntity(D) &&
            llvm::none_of(Found, [D](const auto &P) { return P.first == D; }))
          Found.push_back({D, E->getLocation()});
        return true;
      }
    } F(*this);
    F.TraverseStmt(Body);
    return F.Found;
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
  // Locals of constexpr-if branches named as they are: their type's alias.
  llvm::DenseMap<const VarDecl *, std::string> BranchTypes;
  // What the names of hoisted structured bindings become.
  const llvm::DenseMap<const BindingDecl *, std::string> &Bindings;
  // The field of a parameter or hoisted local, and how a use spells it.
  struct Field {
    std::string Name, Use;
  };
  llvm::DenseMap<const VarDecl *, Field> Fields;
  // The lambdas of closure locals, which factories build (ClosureLocals.h),
  // and whether the traversal is inside one.
  llvm::DenseSet<const LambdaExpr *> ClosureLocals;
  bool InsideClosureLocal = false;
  // Per enclosing lambda: whether it captures `*this`.
  std::vector<bool> CopiesThis;
  // Per enclosing lambda: the variables and structured bindings it captures
  // through an init-capture.
  std::vector<llvm::DenseSet<const ValueDecl *>> CapturedByInit;
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
