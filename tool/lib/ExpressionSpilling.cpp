#include "ExpressionSpillerImpl.h"

#include "ClosureLocals.h"
#include "DependentTypes.h"
#include "RuntimeContract.h"
#include "StableOperands.h"
#include "SuspensionExprs.h"
#include "TypeSpelling.h"

#include "clang/AST/RecursiveASTVisitor.h"

namespace asyncc {

using namespace clang;

bool ExpressionSpiller::Impl::run() {
  // Inserted where the statement starts, after its indentation.
  Out = S.Names.live() + " = " + std::to_string(S.FE.Link) +
        "; // what this full-expression keeps in the frame dies at its end\n";
  lower(S.FE.Expr);
  S.Prelude = Out;
  return !Failed;
}

// --- Slots and generated text ----------------------------------------------

std::optional<ExpressionSlot> ExpressionSpiller::Impl::newSlot(const Expr *At, std::string Type,
                                                               QualType DeclType, bool Destroyed,
                                                               std::string Comment) {
  // The machine records slot indices in bytes (async::detail::Created).
  if (S.FE.Slots.size() == 255) {
    error(At->getBeginLoc(), "more than 255 values kept across co_await in "
                             "one full-expression");
    return std::nullopt;
  }
  S.FE.Slots.push_back({S.Names.temporary(S.TemporaryCounter++), std::move(Type), DeclType,
                        Destroyed, std::move(Comment)});
  return S.FE.Slots.back();
}

std::optional<ExpressionSlot> ExpressionSpiller::Impl::addSlot(QualType T, const Expr *At,
                                                               bool Destroyed,
                                                               const std::string &Comment) {
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
  return newSlot(At, *Type, T, Destroyed, Comment);
}

// A lambda temporary kept in the frame: its closure type has no name, so
// a factory declared before the machine creates it (ClosureLocals.h); the
// lambda's text becomes the factory's call.
std::optional<ExpressionSlot> ExpressionSpiller::Impl::addClosureSlot(const LambdaExpr *L,
                                                                      bool Destroyed,
                                                                      const std::string &Comment) {
  unsigned N = S.TemporaryCounter;
  std::optional<ExpressionSlot> Slot = newSlot(L, "", QualType(), Destroyed, Comment);
  if (!Slot)
    return std::nullopt;
  auto Factory = buildClosureFactory(S.F, S.Layout, L,
                                     S.Names.closureFactory("lambda" + std::to_string(N)),
                                     Slot->Name, S.Names, S.Ranges, S.Edits, S.Ctx, S.Diags);
  if (!Factory) {
    Failed = true;
    return std::nullopt;
  }
  S.FE.ClosureFactories.push_back(Factory->Declaration);
  replace(L, Factory->Call);
  S.FE.Slots.back().Type = Slot->Type = Factory->Type;
  return Slot;
}

void ExpressionSpiller::Impl::error(SourceLocation Loc, const std::string &Message) {
  S.Diags.error(Loc, Message);
  Failed = true;
}

bool ExpressionSpiller::Impl::containsAwait(const Stmt *E) {
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

std::optional<std::pair<unsigned, unsigned>> ExpressionSpiller::Impl::range(const Expr *E) {
  auto R = S.Ranges.tokens(E->getSourceRange());
  if (!R)
    error(E->getBeginLoc(), "this expression comes from a macro expansion; "
                            "the tool cannot move it out of its statement");
  return R;
}

std::string ExpressionSpiller::Impl::text(const Expr *E) {
  auto R = range(E);
  return R ? S.Edits.printInner(R->first, R->second) : "";
}

void ExpressionSpiller::Impl::replace(const Expr *E, const std::string &With) {
  if (auto R = range(E)) {
    S.Edits.replace(R->first, R->second, With);
    Replaced.insert(E);
  }
}

// A line of the prelude evaluating user code at E.
void ExpressionSpiller::Impl::step(const Expr *E, const std::string &Code) {
  if (auto R = S.Ranges.tokens(E->getSourceRange())) {
    unsigned Line = S.Ranges.lineAt(R->first);
    if (Line != LastLine)
      Out += S.Ranges.lineDirectiveAt(R->first);
    LastLine = Line;
  }
  Out += Indent + Code + "\n";
}

std::string ExpressionSpiller::Impl::record(unsigned Id) const {
  return S.Names.temporaryOrder() + "[" + S.Names.temporaryCount() + "++] = " +
         std::to_string(Id) + ";";
}

std::string ExpressionSpiller::Impl::newInSlot(const std::string &Name,
                                               const std::string &TypeAndInit) {
  return "::new (" + runtime::Storage + "(" + Name + ")) " + TypeAndInit;
}

std::string ExpressionSpiller::Impl::construct(const std::string &Name, const std::string &Type,
                                               const std::string &Init) const {
  return newInSlot(Name, asNewTypeId(Type) + "(" + Init + ")") + ";";
}

std::string ExpressionSpiller::Impl::createdInLastSlot(const std::string &Name,
                                                       const std::string &TypeAndInit) const {
  return runtime::Created + "(" + S.Names.temporaryOrder() + ", " +
         S.Names.temporaryCount() + ", " + std::to_string(lastId()) + ", *" +
         newInSlot(Name, TypeAndInit) + ")";
}

// --- Making an expression's text free of co_await ---------------------------

void ExpressionSpiller::Impl::lower(const Expr *E) {
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
    } else if (const auto *P = dyn_cast<BinaryOperator>(Callee); P && P->isPtrMemOp()) {
      // (o.*pm)(args): a bound member function is no value to keep; its
      // object and its pointer to member are (C++17: o before pm).
      Order.push_back(P->getLHS());
      Order.push_back(P->getRHS());
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
  // In templates: T(a, b), T{a, b} of a dependent T; (e).member of a
  // dependent e; a dependent declaration's (a, b).
  if (const auto *C = dyn_cast<CXXUnresolvedConstructExpr>(E))
    return lowerInOrder({C->arg_begin(), C->arg_end()});
  if (const auto *L = dyn_cast<ParenListExpr>(E)) {
    std::vector<const Expr *> Exprs;
    for (unsigned I = 0; I < L->getNumExprs(); ++I)
      Exprs.push_back(L->getExpr(I));
    return lowerInOrder(Exprs);
  }
  if (const auto *M = dyn_cast<CXXDependentScopeMemberExpr>(E))
    return lower(M->isImplicitAccess() ? nullptr : M->getBase());
  if (const auto *M = dyn_cast<UnresolvedMemberExpr>(E))
    return lower(M->isImplicitAccess() ? nullptr : M->getBase());
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
void ExpressionSpiller::Impl::lowerInOrder(std::vector<const Expr *> Operands) {
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

// --- Keeping a value for later ---------------------------------------------

// Evaluates E (already free of co_await) now, into a frame slot; E's text
// becomes a use of the slot with E's type and value category.
void ExpressionSpiller::Impl::spill(const Expr *E) {
  if (Failed || isStableOperand(E, S.Ctx))
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
    step(E, Slot->Name + " = " + runtime::AddressOf + "(" + Text + ");");
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
    if (!isMovableType(T)) {
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

// A temporary (bound to a reference, or whose member is used) created now
// in a frame slot, where it stays until the end of the full-expression.
void ExpressionSpiller::Impl::materializeNow(const MaterializeTemporaryExpr *M) {
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
void ExpressionSpiller::Impl::keepTemporariesInFrame(const Expr *E) {
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
    std::string Use = "static_cast<" + Type + Ref + ">(" + runtime::Created + "(" +
                      S.Names.temporaryOrder() + ", " + S.Names.temporaryCount() + ", " +
                      std::to_string(lastId()) + ", *::new (" + runtime::Storage + "(" +
                      Slot->Name + ")) " + asNewTypeId(Slot->Type) + "(" +
                      text(M->getSubExpr()) + ")))";
    replace(M, Use);
    KeptArguments.push_back({Use, "std::declval<" + Type + Ref + ">()"});
  }
}

// --- Awaits ------------------------------------------------------------------

const AwaitSite *ExpressionSpiller::Impl::siteOf(const Expr *A) const {
  for (unsigned I : S.FE.Awaits)
    if (S.Layout.Awaits[I].Await == A)
      return &S.Layout.Awaits[I];
  return nullptr;
}

// What co_await awaits, kept to the end of its full-expression when it is a
// prvalue: sets AwaiterOf (the operand's type for async::AwaiterOf) and
// AwaiterArg (what async::GetAwaiter is called with). co_yield e awaits
// the builder's YieldValue(e).
bool ExpressionSpiller::Impl::keepAwaited(const Expr *A, const Expr *Operand, std::string Text, unsigned Index,
                 std::string &AwaiterOf, std::string &AwaiterArg) {
  std::string Name = S.Names.awaitable(Index);
  std::string Comment = "awaited by await " + std::to_string(Index);
  if (Operand->isTypeDependent()) {
    // Known only once instantiated: decltype of the lowered text.
    if (isYield(A))
      Text = S.Names.builder() + "." + runtime::member::YieldValue + "(" + Text + ")";
    AwaiterOf = declaredTypeOf(forTypeOnly(Text));
    std::string Kept = runtime::Kept + "<" + AwaiterOf + ">";
    S.FE.Slots.push_back({Name, Kept, QualType(), true, Comment});
    step(Operand, "::new (" + runtime::Storage + "(" + Name + ")) " + Kept + "{" + Text + "}; " +
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
    AwaiterOf = "decltype(" + S.Names.builder() + "." + runtime::member::YieldValue + "(std::declval<" + Value +
                ">()))";
    AwaiterArg = S.Names.builder() + "." + runtime::member::YieldValue + "(" + Text + ")";
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

void ExpressionSpiller::Impl::lowerAwait(const Expr *A) {
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
  std::string AwaiterType = runtime::AwaiterOf + "<" + AwaiterOf + ">";
  S.FE.Slots.push_back({Awaiter, AwaiterType, QualType(), true,
                        "awaiter of await " + std::to_string(Site->Index)});
  step(Operand, construct(Awaiter, AwaiterType, runtime::GetAwaiter + "(" + AwaiterArg + ")") +
                    " " + record(lastId()));
  std::string N = std::to_string(Site->Index);
  Out += S.Ranges.generatedLinesFollow();
  LastLine = 0;
  Out += Indent + "if (!" + Awaiter + ".IsCompleted()) {\n";
  Out += Indent + "  " + S.Names.state() + " = " + N + ";\n";
  Out += Indent + "  " + S.Names.builder() + "." + runtime::member::AwaitUnsafeOnCompleted + "(" + Awaiter +
         ", *this);\n";
  Out += Indent + "  return;\n";
  Out += Indent + S.Names.resumeLabel(Site->Index) + ":\n";
  Out += Indent + "  " + S.Names.state() + " = -1;\n";
  Out += Indent + "}\n";
  replace(A, Awaiter + ".GetResult()");
}

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
