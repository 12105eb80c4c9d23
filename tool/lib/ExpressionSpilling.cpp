#include "ExpressionSpilling.h"

#include "ClosureLocals.h"
#include "DependentTypes.h"
#include "SuspensionExprs.h"
#include "TemplateArguments.h"
#include "TypeSpelling.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringExtras.h"

#include <functional>

namespace asyncc {

using namespace clang;

class ExpressionSpiller::Impl {
public:
  Impl(ExpressionSpiller &S, const std::string &Indent) : S(S), Indent(Indent) {}

  bool run() {
    // Inserted where the statement starts, after its indentation.
    Out = S.Names.live() + " = " + std::to_string(S.FE.Link) +
          "; // what this full-expression keeps in the frame dies at its end\n";
    lower(S.FE.Expr);
    S.Prelude = Out;
    return !Failed;
  }

  std::optional<ExpressionSlot> addSlot(QualType T, const Expr *At,
                                        bool Destroyed, const std::string &Comment) {
    std::string WhyNot;
    std::optional<std::string> Type = spellType(T, S.Ctx, WhyNot);
    const auto *Lambda = dyn_cast<LambdaExpr>(At->IgnoreImplicit()->IgnoreParens());
    if (!Type && Lambda)
      return addClosureSlot(Lambda, Destroyed, Comment);
    if (!Type) {
      error(At->getBeginLoc(), "a value that must be kept across co_await has a "
                               "type that cannot be named in the state machine: " +
                                   WhyNot);
      return std::nullopt;
    }
    if (S.FE.Slots.size() == 255) {
      error(At->getBeginLoc(), "more than 255 values kept across co_await in "
                               "one full-expression");
      return std::nullopt;
    }
    ExpressionSlot Slot;
    Slot.Name = S.Names.temporary(S.TemporaryCounter++);
    Slot.Type = *Type;
    Slot.DeclType = T;
    Slot.Destroyed = Destroyed;
    Slot.Comment = Comment;
    S.FE.Slots.push_back(Slot);
    return Slot;
  }

  // A lambda temporary kept in the frame: its closure type has no name, so
  // a factory declared before the machine creates it (ClosureLocals.h); the
  // lambda's text becomes the factory's call.
  std::optional<ExpressionSlot> addClosureSlot(const LambdaExpr *L, bool Destroyed,
                                               const std::string &Comment) {
    if (S.FE.Slots.size() == 255) {
      error(L->getBeginLoc(), "more than 255 values kept across co_await in "
                              "one full-expression");
      return std::nullopt;
    }
    ExpressionSlot Slot;
    unsigned N = S.TemporaryCounter++;
    Slot.Name = S.Names.temporary(N);
    auto Factory = buildClosureFactory(S.F, S.Layout, L,
                                       S.Names.closureFactory("lambda" + std::to_string(N)),
                                       Slot.Name, S.Names, S.Ranges, S.Edits, S.Ctx, S.Diags);
    if (!Factory) {
      Failed = true;
      return std::nullopt;
    }
    S.FE.ClosureFactories.push_back(Factory->Declaration);
    replace(L, Factory->Call);
    Slot.Type = Factory->Type;
    Slot.Destroyed = Destroyed;
    Slot.Comment = Comment;
    S.FE.Slots.push_back(Slot);
    return Slot;
  }

private:
  void error(SourceLocation Loc, const std::string &Message) {
    S.Diags.error(Loc, Message);
    Failed = true;
  }

  static bool containsAwait(const Stmt *E) {
    if (!E)
      return false;
    if (isSuspension(E))
      return true;
    if (isa<LambdaExpr>(E))
      return false;
    for (const Stmt *C : E->children())
      if (containsAwait(C))
        return true;
    return false;
  }

  std::optional<std::pair<unsigned, unsigned>> range(const Expr *E) {
    auto R = S.Ranges.tokens(E->getSourceRange());
    if (!R)
      error(E->getBeginLoc(), "this expression comes from a macro expansion; "
                              "the tool cannot move it out of its statement");
    return R;
  }

  std::string text(const Expr *E) {
    auto R = range(E);
    return R ? S.Edits.printInner(R->first, R->second) : "";
  }

  void replace(const Expr *E, const std::string &With) {
    if (auto R = range(E)) {
      S.Edits.replace(R->first, R->second, With);
      Replaced.insert(E);
    }
  }

  // A line of the prelude evaluating user code at E.
  void step(const Expr *E, const std::string &Code) {
    if (auto R = S.Ranges.tokens(E->getSourceRange())) {
      unsigned Line = S.Ranges.lineAt(R->first);
      if (Line != LastLine)
        Out += S.Ranges.lineDirectiveAt(R->first);
      LastLine = Line;
    }
    Out += Indent + Code + "\n";
  }

  std::string record(unsigned Id) const {
    return S.Names.temporaryOrder() + "[" + S.Names.temporaryCount() + "++] = " +
           std::to_string(Id) + ";";
  }

  std::string construct(const std::string &Name, const std::string &Type,
                        const std::string &Init) const {
    return "::new (async::detail::Storage(" + Name + ")) " + asNewTypeId(Type) +
           "(" + Init + ");";
  }

  unsigned lastId() const { return S.FE.Slots.size() - 1; }

  // --- Making E's text free of co_await -----------------------------------

  void lower(const Expr *E) {
    if (Failed || !containsAwait(E))
      return;
    if (isSuspension(E))
      return lowerAwait(E);
    if (const auto *B = dyn_cast<BinaryOperator>(E)) {
      if (B->isLogicalOp() && containsAwait(B->getRHS()))
        return lowerShortCircuit(B);
      if (B->isAssignmentOp())
        return lowerInOrder({B->getRHS(), B->getLHS()});
      if (B->getOpcode() == BO_Comma && containsAwait(B->getRHS()))
        return lowerComma(B);
      return lowerInOrder({B->getLHS(), B->getRHS()});
    }
    if (const auto *C = dyn_cast<ConditionalOperator>(E)) {
      if (containsAwait(C->getTrueExpr()) || containsAwait(C->getFalseExpr()))
        return lowerConditional(C);
      return lower(C->getCond());
    }
    if (const auto *C = dyn_cast<CXXOperatorCallExpr>(E)) {
      std::vector<const Expr *> Args(C->arg_begin(), C->arg_end());
      if (C->isAssignmentOp() && Args.size() == 2)
        std::swap(Args[0], Args[1]);
      return lowerInOrder(Args);
    }
    if (const auto *C = dyn_cast<CXXMemberCallExpr>(E)) {
      std::vector<const Expr *> Order;
      const Expr *Callee = C->getCallee()->IgnoreParens();
      if (const auto *M = dyn_cast<MemberExpr>(Callee)) {
        if (!M->isImplicitAccess())
          Order.push_back(M->getBase());
      } else {
        Order.push_back(Callee);
      }
      Order.insert(Order.end(), C->arg_begin(), C->arg_end());
      return lowerInOrder(Order);
    }
    if (const auto *C = dyn_cast<CallExpr>(E)) {
      std::vector<const Expr *> Order{C->getCallee()};
      Order.insert(Order.end(), C->arg_begin(), C->arg_end());
      return lowerInOrder(Order);
    }
    if (const auto *C = dyn_cast<CXXConstructExpr>(E))
      return lowerInOrder({C->arg_begin(), C->arg_end()});
    if (const auto *L = dyn_cast<InitListExpr>(E))
      return lowerInOrder({L->inits().begin(), L->inits().end()});
    if (const auto *L = dyn_cast<CXXParenListInitExpr>(E)) {
      auto Inits = L->getInitExprs();
      return lowerInOrder({Inits.begin(), Inits.end()});
    }
    if (const auto *A = dyn_cast<ArraySubscriptExpr>(E))
      return lowerInOrder({A->getLHS(), A->getRHS()});
    if (const auto *R = dyn_cast<CXXRewrittenBinaryOperator>(E)) {
      auto D = R->getDecomposedForm();
      return lowerInOrder({D.LHS, D.RHS});
    }
    if (const auto *M = dyn_cast<MemberExpr>(E))
      return lower(M->getBase());
    if (const auto *C = dyn_cast<CastExpr>(E))
      return lower(C->getSubExpr());
    if (const auto *U = dyn_cast<UnaryOperator>(E))
      return lower(U->getSubExpr());
    if (const auto *P = dyn_cast<ParenExpr>(E))
      return lower(P->getSubExpr());
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
      return lower(M->getSubExpr());
    if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
      return lower(B->getSubExpr());
    if (const auto *F = dyn_cast<FullExpr>(E))
      return lower(F->getSubExpr());
    if (const auto *T = dyn_cast<CXXThrowExpr>(E))
      return lower(T->getSubExpr());
    if (const auto *D = dyn_cast<CXXDeleteExpr>(E))
      return lower(D->getArgument());
    if (const auto *L = dyn_cast<CXXStdInitializerListExpr>(E))
      return lower(L->getSubExpr());
    if (isa<PackExpansionExpr, CXXFoldExpr>(E))
      return error(E->getBeginLoc(),
                   "co_await inside a pack expansion or fold expression is not "
                   "supported: each element would be a suspension of its own; "
                   "await before the expansion, or loop over the elements");
    if (isa<CXXNewExpr>(E))
      return error(E->getBeginLoc(),
                   "co_await inside a new-expression is not supported (the "
                   "allocation is sequenced before the initializer); await "
                   "into a local first");
    error(E->getBeginLoc(), std::string("co_await inside a '") +
                                E->getStmtClassName() +
                                "' expression is not supported");
  }

  // Operands evaluated in this order: each one that comes before the last
  // operand holding an await is kept in the frame once evaluated.
  void lowerInOrder(std::vector<const Expr *> Operands) {
    int Last = -1;
    for (unsigned I = 0; I < Operands.size(); ++I)
      if (containsAwait(Operands[I]))
        Last = I;
    for (int I = 0; I < Last && !Failed; ++I) {
      lower(Operands[I]);
      spill(Operands[I]);
    }
    if (Last >= 0)
      lower(Operands[Last]);
  }

  // --- Keeping a value for later ------------------------------------------

  // True when evaluating E later gives the same result and has no effect:
  // constants, names of objects and functions, `this`.
  bool isStable(const Expr *E) {
    E = E->IgnoreParens();
    if (isa<CXXThisExpr, StringLiteral, CXXDefaultArgExpr, CXXDefaultInitExpr,
            ImplicitValueInitExpr, UnaryExprOrTypeTraitExpr, SizeOfPackExpr>(E))
      return true;
    if (E->isPRValue() && !E->getType()->isRecordType() &&
        !E->HasSideEffects(S.Ctx) && E->isEvaluatable(S.Ctx))
      return true;
    if (const auto *D = dyn_cast<DeclRefExpr>(E))
      return D->isGLValue();
    if (const auto *P = dyn_cast<PackExpansionExpr>(E))
      return isStable(P->getPattern());
    if (const auto *M = dyn_cast<MemberExpr>(E))
      return M->isGLValue() &&
             (isa<CXXThisExpr>(M->getBase()->IgnoreParenImpCasts()) ||
              (!M->isArrow() && isStable(M->getBase())));
    if (const auto *C = dyn_cast<ImplicitCastExpr>(E))
      switch (C->getCastKind()) {
      case CK_NoOp:
      case CK_FunctionToPointerDecay:
      case CK_ArrayToPointerDecay:
      case CK_DerivedToBase:
      case CK_UncheckedDerivedToBase:
        return isStable(C->getSubExpr());
      default:
        return false;
      }
    if (const auto *U = dyn_cast<UnaryOperator>(E))
      return U->getOpcode() == UO_AddrOf && isStable(U->getSubExpr());
    if (const auto *L = dyn_cast<CXXStdInitializerListExpr>(E)) {
      const auto *M = dyn_cast<MaterializeTemporaryExpr>(L->getSubExpr()->IgnoreImplicit());
      const auto *Inits = M ? dyn_cast<InitListExpr>(M->getSubExpr()->IgnoreImplicit()) : nullptr;
      if (!Inits)
        return false;
      for (const Expr *I : Inits->inits())
        if (!isStable(I))
          return false;
      return true;
    }
    if (const auto *L = dyn_cast<LambdaExpr>(E)) {
      for (const LambdaCapture &C : L->captures())
        if (C.getCaptureKind() == LCK_ByCopy || C.getCaptureKind() == LCK_StarThis)
          return false;
      for (const Expr *Init : L->capture_inits())
        if (Init && !isStable(Init))
          return false;
      return true;
    }
    return false;
  }

  static bool isMovable(QualType T) {
    const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
    if (!RD || !RD->hasDefinition())
      return true;
    if (RD->needsImplicitMoveConstructor() || RD->needsImplicitCopyConstructor())
      return true;
    for (const CXXConstructorDecl *C : RD->ctors())
      if ((C->isMoveConstructor() || C->isCopyConstructor()) && !C->isDeleted())
        return true;
    return false;
  }

  // Evaluates E (already free of co_await) now, into a frame slot; E's text
  // becomes a use of the slot with E's type and value category.
  void spill(const Expr *E) {
    if (Failed || isStable(E))
      return;
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E->IgnoreParens())) {
      materializeNow(M);
      return;
    }
    if (isa<CXXStdInitializerListExpr>(E->IgnoreParenImpCasts())) {
      error(E->getBeginLoc(), "a std::initializer_list evaluated before a "
                              "co_await in the same expression is not "
                              "supported; build it into a local first");
      return;
    }
    if (isa<PackExpansionExpr>(E)) {
      error(E->getBeginLoc(), "a pack expansion evaluated before a co_await in "
                              "the same expression is kept only when it names "
                              "the pack itself; build the values into locals first");
      return;
    }
    if (isa<LambdaExpr>(E->IgnoreParenImpCasts())) {
      error(E->getBeginLoc(), "a lambda that captures by copy, evaluated before "
                              "a co_await in the same expression, is not "
                              "supported; declare it in a local first");
      return;
    }
    keepTemporariesInFrame(E);
    std::string Text = text(E);
    QualType T = E->getType();
    if (E->isTypeDependent()) {
      keepDependent(E, Text);
      return;
    }
    if (E->isGLValue()) {
      if (E->refersToBitField()) {
        error(E->getBeginLoc(), "a bit-field evaluated before a co_await in "
                                "the same expression is not supported; read it "
                                "into a local first");
        return;
      }
      auto Slot = addSlot(S.Ctx.getPointerType(T), E, false, "address of an operand");
      if (!Slot)
        return;
      step(E, Slot->Name + " = async::detail::AddressOf(" + Text + ");");
      std::string WhyNot;
      std::optional<std::string> Type = spellType(T, S.Ctx, WhyNot);
      replace(E, E->isLValue() ? "(*" + Slot->Name + ")"
                               : "static_cast<" + Type.value_or("") + "&&>(*" +
                                     Slot->Name + ")");
      return;
    }
    if (T->isVoidType()) {
      step(E, Text + ";");
      replace(E, "void()");
      return;
    }
    if (T->isRecordType()) {
      if (!isMovable(T)) {
        error(E->getBeginLoc(), "an operand of a type that can be neither moved "
                                "nor copied, evaluated before a co_await in the "
                                "same expression, is not supported");
        return;
      }
      auto Slot = addSlot(T.getUnqualifiedType(), E, true, "operand");
      if (!Slot)
        return;
      step(E, construct(Slot->Name, Slot->Type, Text) + " " + record(lastId()));
      // One move: a prvalue cannot be handed on without one once it is kept.
      replace(E, "static_cast<" + Slot->Type + "&&>(" + Slot->Name + ")");
      return;
    }
    auto Slot = addSlot(T.getUnqualifiedType(), E, false, "operand");
    if (!Slot)
      return;
    step(E, Slot->Name + " = " + Text + ";");
    replace(E, Slot->Name);
  }

  // In a template, an operand whose type (and value category) is known
  // only on instantiation is kept as async::detail::Kept<decltype((e))>:
  // a prvalue in place, a glvalue by reference (a function argument keeps
  // its identity), and handed on with its category. An operator's operand
  // is an async::detail::KeptOperand: should the operator be built in, a
  // scalar's value is read now, as C++17 sequences it.
  void keepDependent(const Expr *E, const std::string &Text) {
    if (S.FE.Slots.size() == 255) {
      error(E->getBeginLoc(), "more than 255 values kept across co_await in "
                              "one full-expression");
      return;
    }
    std::string Type = declaredTypeOf(forTypeOnly(Text));
    std::string Kept = std::string(isOperatorOperand(E) ? "async::detail::KeptOperand<"
                                                        : "async::detail::Kept<") +
                       Type + ">";
    std::string Name = S.Names.temporary(S.TemporaryCounter++);
    S.FE.Slots.push_back({Name, Kept, QualType(), true, "operand of a dependent type"});
    step(E, "::new (async::detail::Storage(" + Name + ")) " + Kept + "{" + Text + "}; " +
                record(lastId()));
    replace(E, "static_cast<" + Type + "&&>(" + Name + ".value)");
  }

  bool isOperatorOperand(const Expr *E) {
    const Expr *Child = E;
    while (true) {
      DynTypedNodeList Parents = S.Ctx.getParents(*Child);
      const auto *P = Parents.empty() ? nullptr : Parents[0].get<Expr>();
      if (P && isa<ParenExpr, ImplicitCastExpr>(P)) {
        Child = P;
        continue;
      }
      if (const auto *Call = dyn_cast_or_null<CXXOperatorCallExpr>(P))
        return Call->getCallee()->IgnoreImplicit() != Child;
      return P && isa<BinaryOperator, UnaryOperator>(P);
    }
  }

  // A temporary (bound to a reference, or whose member is used) created now
  // in a frame slot, where it stays until the end of the full-expression.
  void materializeNow(const MaterializeTemporaryExpr *M) {
    const Expr *Sub = M->getSubExpr();
    keepTemporariesInFrame(Sub);
    auto Slot = addSlot(M->getType().getUnqualifiedType(), M, true, "temporary");
    if (!Slot)
      return;
    step(M, construct(Slot->Name, Slot->Type, text(Sub)) + " " + record(lastId()));
    std::string WhyNot;
    std::string Type = spellType(M->getType(), S.Ctx, WhyNot).value_or(Slot->Type);
    replace(M, "static_cast<" + Type + (M->isLValue() ? "&" : "&&") + ">(" +
                   Slot->Name + ")");
  }

  // Text about to move into the prelude: the temporaries it creates must
  // live to the end of the full-expression, not of the prelude's statement,
  // so they are created in frame slots, and the machine records each one as
  // it is created (the order of evaluation inside one expression is not
  // known). Innermost first.
  void keepTemporariesInFrame(const Expr *E) {
    struct Finder : RecursiveASTVisitor<Finder> {
      const llvm::DenseSet<const Expr *> *Replaced;
      std::vector<const MaterializeTemporaryExpr *> Found;
      bool shouldTraversePostOrder() const { return true; }
      bool TraverseLambdaExpr(LambdaExpr *) { return true; }
      bool dataTraverseStmtPre(Stmt *St) {
        const auto *X = dyn_cast<Expr>(St);
        return !X || !Replaced->count(X);
      }
      bool VisitMaterializeTemporaryExpr(MaterializeTemporaryExpr *M) {
        // (An initializer list's backing array is used where it is built.)
        if (!M->getExtendingDecl() && !M->getType()->isArrayType())
          Found.push_back(M);
        return true;
      }
    } Find;
    Find.Replaced = &Replaced;
    Find.TraverseStmt(const_cast<Expr *>(E));
    for (const MaterializeTemporaryExpr *M : Find.Found) {
      if (Replaced.count(M))
        continue;
      auto Slot = addSlot(M->getType().getUnqualifiedType(), M, true, "temporary");
      if (!Slot)
        return;
      // The use keeps the temporary's own type (a const temporary stays
      // const for overload resolution); the slot is plain.
      std::string WhyNot;
      std::string Type = spellType(M->getType(), S.Ctx, WhyNot).value_or(Slot->Type);
      std::string Ref = M->isLValue() ? "&" : "&&";
      replace(M, "static_cast<" + Type + Ref + ">(async::detail::Created(" +
                     S.Names.temporaryOrder() + ", " + S.Names.temporaryCount() +
                     ", " + std::to_string(lastId()) + ", *::new (async::detail::Storage(" +
                     Slot->Name + ")) " + asNewTypeId(Slot->Type) + "(" +
                     text(M->getSubExpr()) + ")))");
    }
  }

  // --- Awaits and short-circuits ------------------------------------------

  const AwaitSite *siteOf(const Expr *A) const {
    for (unsigned I : S.FE.Awaits)
      if (S.Layout.Awaits[I].Await == A)
        return &S.Layout.Awaits[I];
    return nullptr;
  }

  // What co_await awaits, kept to the end of its full-expression when it is a
  // prvalue: sets AwaiterOf (the operand's type for async::AwaiterOf) and
  // AwaiterArg (what async::GetAwaiter is called with). co_yield e awaits
  // the builder's YieldValue(e).
  bool keepAwaited(const Expr *A, const Expr *Operand, std::string Text, unsigned Index,
                   std::string &AwaiterOf, std::string &AwaiterArg) {
    std::string Name = S.Names.awaitable(Index);
    std::string Comment = "awaited by await " + std::to_string(Index);
    if (Operand->isTypeDependent()) {
      // Known only once instantiated: decltype of the lowered text.
      if (isYield(A))
        Text = S.Names.builder() + ".YieldValue(" + Text + ")";
      AwaiterOf = declaredTypeOf(forTypeOnly(Text));
      std::string Kept = "async::detail::Kept<" + AwaiterOf + ">";
      S.FE.Slots.push_back({Name, Kept, QualType(), true, Comment});
      step(Operand, "::new (async::detail::Storage(" + Name + ")) " + Kept + "{" + Text + "}; " +
                        record(lastId()));
      AwaiterArg = "static_cast<" + AwaiterOf + "&&>(" + Name + ".value)";
      return true;
    }
    std::string WhyNot;
    std::optional<std::string> OperandType = spellType(Operand->getType(), S.Ctx, WhyNot);
    if (!OperandType) {
      error(Operand->getBeginLoc(), "the awaited expression's type cannot be "
                                    "named in the state machine: " + WhyNot);
      return false;
    }
    AwaiterOf = *OperandType;
    AwaiterArg = Text;
    bool PRValueRecord = Operand->isPRValue() && Operand->getType()->isRecordType();
    if (isYield(A)) {
      // The yielded value goes to the builder, which gives back what is awaited.
      std::string Value = *OperandType + (Operand->isLValue() ? "&" : "&&");
      AwaiterOf = "decltype(" + S.Names.builder() + ".YieldValue(std::declval<" + Value + ">()))";
      AwaiterArg = S.Names.builder() + ".YieldValue(" + Text + ")";
      PRValueRecord = true;
    }
    if (PRValueRecord) {
      // The awaited prvalue lives to the end of the full-expression.
      S.FE.Slots.push_back({Name, AwaiterOf,
                            isYield(A) ? QualType() : Operand->getType().getUnqualifiedType(),
                            true, Comment});
      step(Operand, construct(Name, AwaiterOf, AwaiterArg) + " " + record(lastId()));
      AwaiterArg = "std::move(" + Name + ")";
    } else if (Operand->isLValue()) {
      AwaiterOf += "&";
    } else if (Operand->isXValue()) {
      AwaiterOf += "&&";
    }
    return true;
  }

  // In a template, an awaited call's arguments that may be temporaries live
  // in the frame to the end of the full-expression (TemplateArguments.h).
  bool keepTemplateArguments(const Expr *Operand) {
    std::vector<const Expr *> Keep;
    if (const Expr *Refused = templateArgumentsToKeep(Operand, Keep)) {
      error(Refused->getBeginLoc(),
            "in a template, the elements of a pack expansion passed to an "
            "awaited call may be temporaries that have to live until the "
            "await completes, and a pack of them has no place in the state "
            "machine: pass the pack itself, std::forward or std::move of it, "
            "or build the values into locals first");
      return false;
    }
    for (const Expr *Arg : Keep) {
      if (Replaced.count(Arg))
        continue;
      if (const auto *L = dyn_cast<LambdaExpr>(Arg)) {
        if (!keepLambdaArgument(L))
          return false;
        continue;
      }
      if (S.FE.Slots.size() == 255) {
        error(Arg->getBeginLoc(), "more than 255 values kept across co_await in "
                                  "one full-expression");
        return false;
      }
      std::string Text = text(Arg);
      std::string Type = declaredTypeOf(Text);
      std::string Kept = "async::detail::Kept<" + Type + ">";
      std::string Name = S.Names.temporary(S.TemporaryCounter++);
      S.FE.Slots.push_back({Name, Kept, QualType(), true, "argument that may be a temporary"});
      std::string Use = "static_cast<" + Type + "&&>(async::detail::Created(" +
                        S.Names.temporaryOrder() + ", " + S.Names.temporaryCount() + ", " +
                        std::to_string(lastId()) + ", *::new (async::detail::Storage(" + Name +
                        ")) " + Kept + "{" + Text + "}).value)";
      replace(Arg, Use);
      KeptArguments.push_back({Use, "std::declval<" + Type + ">()"});
    }
    return !Failed;
  }

  // A lambda passed to a dependent awaited call: created in a frame slot by
  // its closure factory, and passed on as an rvalue of its closure type.
  bool keepLambdaArgument(const LambdaExpr *L) {
    auto Slot = addClosureSlot(L, true, "lambda argument that may be bound");
    if (!Slot)
      return false;
    std::string Type = "decltype(" + Slot->Name + ")";
    std::string Use = "static_cast<" + Type + "&&>(async::detail::Created(" +
                      S.Names.temporaryOrder() + ", " + S.Names.temporaryCount() + ", " +
                      std::to_string(lastId()) + ", *::new (async::detail::Storage(" +
                      Slot->Name + ")) " + Type + "(" + text(L) + ")))";
    replace(L, Use);
    KeptArguments.push_back({Use, "std::declval<" + Type + ">()"});
    return true;
  }

  // Text for decltype only: each kept argument as std::declval of its type
  // (the same type and value category, and a readable field declaration).
  std::string forTypeOnly(std::string Text) const {
    for (auto It = KeptArguments.rbegin(); It != KeptArguments.rend(); ++It)
      for (size_t At = Text.find(It->first); At != std::string::npos;
           At = Text.find(It->first, At + It->second.size()))
        Text.replace(At, It->first.size(), It->second);
    return Text;
  }
  // (the text that keeps an argument, its std::declval), innermost first.
  std::vector<std::pair<std::string, std::string>> KeptArguments;

  void lowerAwait(const Expr *A) {
    const AwaitSite *Site = siteOf(A);
    if (!Site) {
      error(A->getBeginLoc(), "internal error: an await the analysis did not see");
      return;
    }
    const Expr *Operand = suspensionOperand(A);
    lower(Operand);
    keepTemporariesInFrame(Operand);
    if (Operand->isTypeDependent())
      keepTemplateArguments(Operand);
    if (Failed)
      return;
    std::string OperandText = text(Operand);
    // The comment shows the operand as the user wrote it.
    if (auto R = S.Ranges.tokens(Operand->getSourceRange()))
      Out += Indent + (isYield(A) ? "// co_yield " : "// co_await ") +
             S.Ranges.text().substr(R->first, R->second - R->first).split('\n').first.str() +
             "\n";
    std::string AwaiterOf, AwaiterArg;
    if (!keepAwaited(A, Operand, OperandText, Site->Index, AwaiterOf, AwaiterArg))
      return;
    std::string Awaiter = S.Names.awaiter(Site->Index);
    std::string AwaiterType = "async::AwaiterOf<" + AwaiterOf + ">";
    S.FE.Slots.push_back({Awaiter, AwaiterType, QualType(), true,
                          "awaiter of await " + std::to_string(Site->Index)});
    step(Operand, construct(Awaiter, AwaiterType, "async::GetAwaiter(" + AwaiterArg + ")") +
                      " " + record(lastId()));
    std::string N = std::to_string(Site->Index);
    Out += S.Ranges.generatedLinesFollow();
    LastLine = 0;
    Out += Indent + "if (!" + Awaiter + ".IsCompleted()) {\n";
    Out += Indent + "  " + S.Names.state() + " = " + N + ";\n";
    Out += Indent + "  " + S.Names.builder() + ".AwaitUnsafeOnCompleted(" + Awaiter +
           ", *this);\n";
    Out += Indent + "  return;\n";
    Out += Indent + S.Names.resumeLabel(Site->Index) + ":\n";
    Out += Indent + "  " + S.Names.state() + " = -1;\n";
    Out += Indent + "}\n";
    replace(A, Awaiter + ".GetResult()");
  }

  // a && b, a || b with an await in b: the await happens only when a does
  // not decide the result.
  void lowerShortCircuit(const BinaryOperator *B) {
    lower(B->getLHS());
    keepTemporariesInFrame(B->getLHS());
    auto Slot = addSlot(S.Ctx.BoolTy, B, false, "value of a short-circuit");
    if (!Slot)
      return;
    step(B->getLHS(), Slot->Name + " = static_cast<bool>(" + text(B->getLHS()) + ");");
    Out += Indent + "if (" + (B->getOpcode() == BO_LOr ? "!" : "") + Slot->Name + ") {\n";
    nested([&] {
      lower(B->getRHS());
      keepTemporariesInFrame(B->getRHS());
      step(B->getRHS(), Slot->Name + " = static_cast<bool>(" + text(B->getRHS()) + ");");
    });
    Out += Indent + "}\n";
    replace(B, Slot->Name);
  }

  // a, b with an await in b: a is evaluated for its effects, first.
  void lowerComma(const BinaryOperator *B) {
    lower(B->getLHS());
    keepTemporariesInFrame(B->getLHS());
    step(B->getLHS(), "static_cast<void>(" + text(B->getLHS()) + ");");
    replace(B->getLHS(), "void()");
    lower(B->getRHS());
  }

  // c ? x : y with an await in x or y: only the chosen branch is evaluated.
  void lowerConditional(const ConditionalOperator *C) {
    lower(C->getCond());
    keepTemporariesInFrame(C->getCond());
    QualType T = C->getType();
    std::optional<ExpressionSlot> Slot;
    std::string Use;
    std::function<std::string(const Expr *)> Assign;
    if (T->isVoidType()) {
      Assign = [&](const Expr *X) { return text(X) + ";"; };
      Use = "void()";
    } else if (C->isGLValue()) {
      if (C->refersToBitField())
        return error(C->getBeginLoc(), "a conditional whose result is a bit-field, "
                                       "with co_await in a branch, is not "
                                       "supported; assign in each branch instead");
      Slot = addSlot(S.Ctx.getPointerType(T), C, false, "address of a conditional's result");
      if (!Slot)
        return;
      std::string Name = Slot->Name;
      Assign = [this, Name](const Expr *X) {
        return Name + " = async::detail::AddressOf(" + text(X) + ");";
      };
      std::string WhyNot;
      Use = C->isLValue() ? "(*" + Name + ")"
                          : "static_cast<" + spellType(T, S.Ctx, WhyNot).value_or("") +
                                "&&>(*" + Name + ")";
    } else if (T->isRecordType()) {
      Slot = addSlot(T.getUnqualifiedType(), C, true, "a conditional's result");
      if (!Slot)
        return;
      ExpressionSlot Kept = *Slot;
      unsigned Id = lastId();
      Assign = [this, Kept, Id](const Expr *X) {
        return construct(Kept.Name, Kept.Type, text(X)) + " " + record(Id);
      };
      Use = "static_cast<" + Kept.Type + "&&>(" + Kept.Name + ")";
    } else {
      Slot = addSlot(T.getUnqualifiedType(), C, false, "a conditional's result");
      if (!Slot)
        return;
      std::string Name = Slot->Name;
      Assign = [this, Name](const Expr *X) { return Name + " = " + text(X) + ";"; };
      Use = Name;
    }
    if (Failed)
      return;
    step(C->getCond(), "if (" + text(C->getCond()) + ") {");
    for (const Expr *Branch : {C->getTrueExpr(), C->getFalseExpr()}) {
      nested([&] {
        lower(Branch);
        keepTemporariesInFrame(Branch);
        if (!Failed)
          step(Branch, Assign(Branch));
      });
      if (Branch == C->getTrueExpr())
        Out += Indent + "} else {\n";
    }
    Out += Indent + "}\n";
    replace(C, Use);
  }

  template <class F> void nested(F Body) {
    std::string Saved = Indent;
    Indent += "  ";
    Body();
    Indent = Saved;
  }

  ExpressionSpiller &S;
  std::string Indent;
  std::string Out;
  unsigned LastLine = 0; // of the last #line written
  bool Failed = false;
  // Expressions whose text was replaced: what is inside was handled.
  llvm::DenseSet<const Expr *> Replaced;
};

ExpressionSpiller::ExpressionSpiller(const AsyncFunction &F, const FrameLayout &Layout,
                                     FullExpression &FE, const GeneratedNames &Names,
                                     const SourceRanges &Ranges, SourceEdits &Edits,
                                     clang::ASTContext &Ctx, Diagnostics &Diags,
                                     unsigned &TemporaryCounter)
    : F(F), Layout(Layout), FE(FE), Names(Names), Ranges(Ranges), Edits(Edits), Ctx(Ctx),
      Diags(Diags), TemporaryCounter(TemporaryCounter) {}

bool ExpressionSpiller::lower(const std::string &Indent) {
  return Impl(*this, Indent).run();
}

std::string ExpressionSpiller::residual() const {
  auto R = Ranges.tokens(FE.Expr->getSourceRange());
  return R ? Edits.printInner(R->first, R->second) : "";
}

std::optional<std::string> ExpressionSpiller::valueSlot(clang::QualType T,
                                                        const std::string &Comment) {
  // (addSlot reports why it cannot.)
  if (std::optional<ExpressionSlot> Slot = Impl(*this, "").addSlot(T, FE.Expr, false, Comment))
    return Slot->Name;
  return std::nullopt;
}

std::string ExpressionSpiller::valueSlot(const std::string &Type, const std::string &Comment) {
  ExpressionSlot Slot;
  Slot.Name = Names.temporary(TemporaryCounter++);
  Slot.Type = Type;
  Slot.Destroyed = false;
  Slot.Comment = Comment;
  FE.Slots.push_back(Slot);
  return Slot.Name;
}

} // namespace asyncc
