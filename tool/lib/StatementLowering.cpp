#include "StatementLowering.h"

#include "TypeSpelling.h"

#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/StringExtras.h"

namespace asyncc {
namespace {

using namespace clang;

class StatementLowerer {
public:
  StatementLowerer(const AsyncFunction &F, const FrameLayout &Layout,
                   const GeneratedNames &Names, const SourceRanges &Ranges,
                   SourceEdits &Edits, ASTContext &Ctx, Diagnostics &Diags)
      : F(F), Layout(Layout), Names(Names), Ranges(Ranges), Edits(Edits),
        Ctx(Ctx), Diags(Diags) {}

  std::optional<LoweredBody> run() {
    // Braces open first and close last, so that what is inserted at the same
    // place (a prelude, an unwind) lands inside them.
    for (const Stmt *S : Layout.NeedsBraces)
      if (auto R = statementRange(S))
        Edits.insertBefore(R->first, "{ ");
    // A goto that leaves frame slots alive lands on a label that destroys them.
    for (const auto &[Label, Chain] : Layout.LabelChains)
      if (std::optional<unsigned> At = Ranges.offset(Label->getSubStmt()->getBeginLoc()))
        Edits.insertBefore(*At, unwindTo(Chain) + " ");
    for (unsigned I = 0; I < Layout.Tries.size(); ++I)
      lowerTry(I);
    for (const AwaitSite &Site : Layout.Awaits)
      lowerAwait(Site);
    lowerHoistedDeclarations();
    for (const FrameLayout::RangeForLoop &Loop : Layout.RangeFors)
      lowerRangeFor(Loop);
    for (const auto &[S, Chains] : Layout.Jumps)
      lowerJump(S, Chains.first, Chains.second);
    for (const auto &[S, Chains] : Layout.ScopeEnds)
      lowerScopeEnd(S, Chains.second);
    for (const Stmt *S : Layout.NeedsBraces)
      if (auto R = statementRange(S))
        Edits.insertAfter(R->second, " }");
    if (Failed)
      return std::nullopt;
    return Result;
  }

private:
  void error(SourceLocation Loc, const std::string &Message) {
    Diags.error(Loc, Message);
    Failed = true;
  }

  std::string unwindTo(int Level) const {
    return Names.unwindTo() + "(" + std::to_string(Level) + ");";
  }

  // The statement's text range, with the ';' of an expression statement.
  std::optional<std::pair<unsigned, unsigned>> statementRange(const Stmt *S) {
    auto R = Ranges.tokens(S->getSourceRange());
    if (!R) {
      error(S->getBeginLoc(), "this statement comes from a macro expansion; "
                              "the tool cannot rewrite it");
      return std::nullopt;
    }
    if (isa<Expr>(S) || isa<BreakStmt>(S) || isa<ContinueStmt>(S) ||
        isa<GotoStmt>(S) || isa<CoreturnStmt>(S) || isa<DoStmt>(S)) {
      std::optional<unsigned> End = Ranges.afterSemicolon(S->getEndLoc());
      if (!End) {
        error(S->getEndLoc(), "cannot find the ';' that ends this statement");
        return std::nullopt;
      }
      R->second = *End;
    }
    return R;
  }

  std::string operandText(const Expr *E) {
    auto R = Ranges.tokens(E->getSourceRange());
    if (!R) {
      error(E->getBeginLoc(), "expression from a macro expansion; the tool "
                              "cannot rewrite it");
      return "";
    }
    return Edits.print(R->first, R->second);
  }

  std::string placementNew(const std::string &Field, const std::string &Type,
                           const std::string &Init) const {
    return "::new (async::detail::Storage(" + Field + ")) " + asNewTypeId(Type) +
           Init + ";";
  }

  void lowerAwait(const AwaitSite &Site) {
    auto Stmt = statementRange(Site.Statement);
    if (!Stmt)
      return;
    const FrameSlot &Awaiter = Layout.slot(Site.AwaiterSlot);
    std::string AwaiterName = Names.awaiter(Site.Index);
    std::string Indent = Ranges.indentationAt(Stmt->first);
    std::string Comment = "// " + std::string("co_await ") +
                          llvm::StringRef(operandText(Site.Await->getOperand()))
                              .split('\n')
                              .first.str() +
                          "\n";
    for (int Id : Site.TemporarySlots)
      materializeInFrame(Layout.slot(Id));
    std::string Operand = operandText(Site.Await->getOperand());

    // The lines that evaluate the operand keep the user's line; the rest of
    // the prelude is generated code.
    std::string Prelude = Comment + Ranges.lineDirectiveAt(Stmt->first) + Indent;
    if (!Site.TemporarySlots.empty())
      Prelude += Names.live() + " = " + std::to_string(Site.TemporarySlots.back()) +
                 "; // the temporaries below live to the end of the statement\n" +
                 Indent;
    std::string AwaiterArg = Operand;
    if (Site.AwaitableSlot) {
      const FrameSlot &Awaitable = Layout.slot(Site.AwaitableSlot);
      std::string Name = Names.awaitable(Site.Index);
      Prelude += placementNew(Name, Awaitable.Type, "(" + Operand + ")") + " " +
                 Names.live() + " = " + std::to_string(Awaitable.Id) + ";\n" +
                 Indent;
      AwaiterArg = "std::move(" + Name + ")";
    }
    Prelude += placementNew(AwaiterName, Awaiter.Type,
                            "(async::GetAwaiter(" + AwaiterArg + "))") +
               " " + Names.live() + " = " + std::to_string(Awaiter.Id) + ";\n";
    std::string N = std::to_string(Site.Index);
    Prelude += Ranges.generatedLinesFollow();
    Prelude += Indent + "if (!" + AwaiterName + ".IsCompleted()) {\n";
    Prelude += Indent + "  " + Names.state() + " = " + N + ";\n";
    Prelude += Indent + "  " + Names.builder() + ".AwaitUnsafeOnCompleted(" +
               AwaiterName + ", *this);\n";
    Prelude += Indent + "  return;\n";
    Prelude += Indent + Names.resumeLabel(Site.Index) + ":\n";
    Prelude += Indent + "  " + Names.state() + " = -1;\n";
    Prelude += Indent + "}\n";
    Prelude += Ranges.lineDirectiveAt(Stmt->first) + Indent;
    Edits.insertBefore(Stmt->first, Prelude);

    auto AwaitRange = Ranges.tokens(Site.Await->getSourceRange());
    if (!AwaitRange) {
      error(Site.Await->getBeginLoc(), "co_await from a macro expansion "
                                       "cannot be rewritten");
      return;
    }
    Edits.replace(AwaitRange->first, AwaitRange->second,
                  AwaiterName + ".GetResult()");

    // The awaiter (and the awaited temporary) die at the end of the
    // full-expression. A hoisted initialised local and co_return do it
    // themselves.
    bool HoistedInit = false;
    if (Site.Form == AwaitForm::Initializer)
      for (const Decl *D : cast<DeclStmt>(Site.Statement)->decls())
        if (const auto *V = dyn_cast<VarDecl>(D); V && Layout.Hoisted.count(V))
          HoistedInit = true;
    if (Site.Form != AwaitForm::Return && !HoistedInit)
      Edits.insertAfter(Stmt->second, " " + unwindTo(Site.ChainBefore));
  }

  // A try block holding awaits: resuming enters it through a label before
  // `try` and a dispatch switch at the top of its block (a goto may not jump
  // into a try block); its handlers first destroy the frame slots of the
  // block, as unwinding destroys its locals before a handler runs.
  void lowerTry(unsigned Index) {
    const FrameLayout::TryBlock &T = Layout.Tries[Index];
    auto Begin = Ranges.offset(T.Try->getTryLoc());
    auto Block = Ranges.offset(T.Try->getTryBlock()->getLBracLoc());
    if (!Begin || !Block) {
      error(T.Try->getBeginLoc(), "try statement from a macro expansion");
      return;
    }
    Edits.insertBefore(*Begin, Names.tryLabel(Index) + ": ");
    std::string Dispatch = " switch (" + Names.state() + ") {";
    for (const AwaitSite &Site : Layout.Awaits) {
      auto &Tries = Site.EnclosingTries;
      auto It = std::find(Tries.begin(), Tries.end(), Index);
      if (It == Tries.end())
        continue;
      std::string Target = std::next(It) == Tries.end()
                               ? Names.resumeLabel(Site.Index)
                               : Names.tryLabel(*std::next(It));
      Dispatch += " case " + std::to_string(Site.Index) + ": goto " + Target + ";";
    }
    Dispatch += " default: break; }";
    Edits.insertAfter(*Block + 1, Dispatch);
    for (unsigned I = 0; I < T.Try->getNumHandlers(); ++I) {
      const CXXCatchStmt *Handler = T.Try->getHandler(I);
      const auto *HB = dyn_cast<CompoundStmt>(Handler->getHandlerBlock());
      if (auto At = HB ? Ranges.offset(HB->getLBracLoc()) : std::nullopt)
        Edits.insertAfter(*At + 1, " " + unwindTo(T.ChainBefore));
    }
  }

  // A temporary of the operand is created in its frame slot instead, and the
  // machine records that it exists.
  void materializeInFrame(const FrameSlot &Slot) {
    const MaterializeTemporaryExpr *MTE = Slot.Temporary;
    auto R = Ranges.tokens(MTE->getSourceRange());
    if (!R) {
      error(MTE->getBeginLoc(), "a temporary from a macro expansion cannot be "
                                "kept across co_await");
      return;
    }
    std::string Name = Names.temporary(Slot.TemporaryBit);
    std::string Ref = MTE->isLValue() ? "&" : "&&";
    std::string Text = "static_cast<" + Slot.Type + Ref + ">(async::detail::Created(" +
                       Names.temporaryOrder() + ", " + Names.temporaryCount() + ", " +
                       std::to_string(Slot.TemporaryBit) +
                       ", *::new (async::detail::Storage(" + Name + ")) " +
                       asNewTypeId(Slot.Type) + "(" + Edits.print(R->first, R->second) +
                       ")))";
    Edits.replace(R->first, R->second, Text);
  }

  // The initializer as it follows the declarator (" = e", "(a, b)", "{a}")
  // turned into what follows the type in a new-expression.
  std::string newInitializer(const VarDecl *V) {
    if (!V->hasInit())
      return "";
    auto Name = Ranges.tokens({V->getLocation(), V->getLocation()});
    auto Whole = Ranges.tokens(V->getSourceRange());
    if (!Name || !Whole) {
      error(V->getLocation(), "declaration from a macro expansion cannot be "
                              "rewritten");
      return "";
    }
    std::string Text = Edits.print(Name->second, Whole->second);
    llvm::StringRef T = llvm::StringRef(Text).trim();
    if (T.consume_front("=")) {
      T = T.trim();
      if (T.starts_with("{"))
        return T.str();
      return "(" + T.str() + ")";
    }
    return T.str();
  }

  void lowerHoistedDeclarations() {
    // Group the hoisted variables by their declaration statement.
    llvm::DenseMap<const DeclStmt *, std::vector<const FrameSlot *>> ByStmt;
    std::vector<const DeclStmt *> Order;
    llvm::DenseMap<const VarDecl *, const DeclStmt *> Owner;
    collectDeclStmts(F.Coroutine->getBody(), Owner);
    for (const FrameSlot &Slot : Layout.Slots) {
      if (Slot.Kind != SlotKind::Local || Slot.RangeFor)
        continue;
      const DeclStmt *DS = Owner.lookup(Slot.Var);
      if (!DS) {
        error(Slot.Var->getLocation(), "cannot find the declaration of this "
                                       "local");
        continue;
      }
      if (!ByStmt.count(DS))
        Order.push_back(DS);
      ByStmt[DS].push_back(&Slot);
    }
    for (const DeclStmt *DS : Order)
      lowerDeclStmt(DS, ByStmt[DS]);
  }

  static void collectDeclStmts(const Stmt *S,
                               llvm::DenseMap<const VarDecl *, const DeclStmt *> &Owner) {
    if (!S)
      return;
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (const auto *V = dyn_cast<VarDecl>(D))
          Owner[V] = DS;
    if (isa<LambdaExpr>(S))
      return;
    for (const Stmt *Child : S->children())
      collectDeclStmts(Child, Owner);
  }

  const ForStmt *forWithInit(const DeclStmt *DS) {
    struct Finder {
      const DeclStmt *Target;
      const ForStmt *Found = nullptr;
      void walk(const Stmt *S) {
        if (!S || Found)
          return;
        if (const auto *For = dyn_cast<ForStmt>(S); For && For->getInit() == Target) {
          Found = For;
          return;
        }
        for (const Stmt *C : S->children())
          walk(C);
      }
    } Find{DS};
    Find.walk(F.Coroutine->getBody());
    return Find.Found;
  }

  void lowerDeclStmt(const DeclStmt *DS, const std::vector<const FrameSlot *> &Slots) {
    auto Range = Ranges.tokens(DS->getSourceRange());
    if (!Range) {
      error(DS->getBeginLoc(), "declaration from a macro expansion cannot be "
                               "rewritten");
      return;
    }
    std::string Text;
    auto AwaitIt = Layout.AwaitOfStatement.find(DS);
    for (const FrameSlot *Slot : Slots) {
      std::string Init = newInitializer(Slot->Var);
      if (Slot->HeldByPointer) {
        // T& r = e;  ->  the pointer field gets the address of e.
        if (llvm::StringRef(Init).starts_with("{"))
          Init = "(" + Init.substr(1, Init.size() - 2) + ")";
        Init = "(async::detail::AddressOf" + Init + ")";
      }
      if (!Text.empty())
        Text += " ";
      Text += placementNew(Slot->Name, Slot->Type, Init);
      if (AwaitIt != Layout.AwaitOfStatement.end()) {
        // Constructed from the awaiter's result; then the awaiter dies.
        const AwaitSite &Site = Layout.Awaits[AwaitIt->second];
        Text += " " + unwindTo(Site.ChainBefore);
      }
      Text += " " + Names.live() + " = " + std::to_string(Slot->Id) + ";";
    }
    if (const ForStmt *For = forWithInit(DS)) {
      // for (T i = 0; ...) with i hoisted: construct it before the loop.
      auto ForRange = statementRange(For);
      if (!ForRange)
        return;
      Edits.insertBefore(ForRange->first, "{ " + Text + "\n" +
                                              Ranges.lineDirectiveAt(ForRange->first) +
                                              Ranges.indentationAt(ForRange->first));
      Edits.replace(Range->first, Range->second, ";");
      return;
    }
    Edits.replace(Range->first, Range->second, Text);
  }

  // Jumps destroy the frame slots they leave where they land, after the jump
  // itself has destroyed the plain locals it leaves (those are always inner
  // to every live frame slot): co_return at the exit, break after the loop or
  // switch, continue at a label closing the loop body, goto at its label.
  // Constructs a frame slot from the expression text Init (the value, or for
  // a reference slot what it binds to).
  std::string construct(const FrameSlot &Slot, const std::string &Init) const {
    std::string Arg = Slot.HeldByPointer ? "async::detail::AddressOf(" + Init + ")" : Init;
    return placementNew(Slot.Name, Slot.Type, "(" + Arg + ")") + " " + Names.live() +
           " = " + std::to_string(Slot.Id) + ";";
  }

  static std::string use(const FrameSlot &Slot) {
    return Slot.HeldByPointer ? "(*" + Slot.Name + ")" : Slot.Name;
  }

  // for (decl : range) body
  //   -> { range, begin, end constructed in their slots;
  //        for (; begin != end; ++begin) { decl constructed from *begin; body ... } ... }
  void lowerRangeFor(const FrameLayout::RangeForLoop &Loop) {
    const CXXForRangeStmt *RF = Loop.Loop;
    const FrameSlot &Range = Layout.slot(Loop.RangeSlot);
    const FrameSlot &Begin = Layout.slot(Loop.BeginSlot);
    const FrameSlot &End = Layout.slot(Loop.EndSlot);
    const FrameSlot &Var = Layout.slot(Loop.LoopVarSlot);
    auto Header = Ranges.tokens({RF->getForLoc(), RF->getRParenLoc()});
    auto RangeText = Ranges.tokens(RF->getRangeInit()->getSourceRange());
    auto Body = Ranges.tokens(RF->getBody()->getSourceRange());
    if (!Header || !RangeText || !Body) {
      error(RF->getBeginLoc(), "range-based for loop from a macro expansion");
      return;
    }
    // How begin and end are found: members, ADL, or an array's bounds.
    std::string R = use(Range);
    std::string BeginInit, EndInit;
    const Expr *BeginCall = cast<VarDecl>(RF->getBeginStmt()->getSingleDecl())->getInit();
    BeginCall = BeginCall->IgnoreImplicit();
    if (isa<CXXMemberCallExpr>(BeginCall)) {
      BeginInit = R + ".begin()";
      EndInit = R + ".end()";
    } else if (isa<CallExpr>(BeginCall)) {
      BeginInit = "begin(" + R + ")";
      EndInit = "end(" + R + ")";
    } else if (const auto *Array = Ctx.getAsConstantArrayType(
                   Range.Var->getType().getNonReferenceType())) {
      BeginInit = R;
      EndInit = R + " + " + std::to_string(Array->getSize().getZExtValue());
    } else {
      error(RF->getBeginLoc(), "cannot tell how this range-based for loop "
                               "finds begin and end");
      return;
    }
    std::string Indent = Ranges.indentationAt(Header->first);
    std::string Text = "{ // " + llvm::StringRef(Edits.print(Header->first, Header->second))
                                     .split('\n').first.str() + "\n";
    Text += Indent + "  " + construct(Range, Edits.print(RangeText->first, RangeText->second)) + "\n";
    Text += Indent + "  " + construct(Begin, BeginInit) + "\n";
    Text += Indent + "  " + construct(End, EndInit) + "\n";
    Text += Ranges.lineDirectiveAt(Header->first) + Indent;
    Text += "for (; " + use(Begin) + " != " + use(End) + "; ++" + use(Begin) + ")";
    Edits.replace(Header->first, Header->second, Text);
    Edits.insertBefore(Body->first, "{ " + construct(Var, "*" + use(Begin)) + " ");
    Edits.insertAfter(Body->second, " " + unwindTo(Var.Parent) + " }");
    Edits.insertAfter(Body->second, " " + unwindTo(Loop.ChainBefore) + " }");
  }

  void lowerJump(const Stmt *S, int From, int To) {
    auto Range = statementRange(S);
    if (!Range)
      return;
    if (const auto *R = dyn_cast<CoreturnStmt>(S)) {
      Result.UsesExitLabel = true;
      std::string Text = "{ ";
      if (const Expr *Op = R->getOperand(); Op && !Op->getType()->isVoidType()) {
        std::string Value = operandText(Op);
        // co_return of a local or parameter moves it (implicitly movable).
        const auto *Ref = dyn_cast<DeclRefExpr>(Op->IgnoreParenImpCasts());
        const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
        if (V && V->isLocalVarDeclOrParm() && !V->getType()->isReferenceType() &&
            !V->getType().isVolatileQualified())
          Value = "std::move(" + Value + ")";
        Text += Names.builder() + ".SetReturnValue(" + Value + "); ";
      } else if (const Expr *Op = R->getOperand()) {
        Text += operandText(Op) + "; ";
      }
      Text += "goto " + Names.exitLabel() + "; }";
      Edits.replace(Range->first, Range->second, Text);
      return;
    }
    if (From == To)
      return;
    const Stmt *Target = Layout.JumpTargets.lookup(S);
    if (isa<BreakStmt>(S) && Target) {
      if (!WrappedBreakTargets.insert(Target).second)
        return;
      if (auto T = statementRange(Target)) {
        Edits.insertBefore(T->first, "{ ");
        Edits.insertAfter(T->second, " " + unwindTo(To) + " }");
      }
      return;
    }
    if (isa<ContinueStmt>(S) && Target) {
      const Stmt *Body = nullptr;
      if (const auto *W = dyn_cast<WhileStmt>(Target)) Body = W->getBody();
      else if (const auto *RF = dyn_cast<CXXForRangeStmt>(Target)) Body = RF->getBody();
      else if (const auto *D = dyn_cast<DoStmt>(Target)) Body = D->getBody();
      else if (const auto *F = dyn_cast<ForStmt>(Target)) Body = F->getBody();
      const auto *CS = dyn_cast_or_null<CompoundStmt>(Body);
      if (!CS) {
        error(S->getBeginLoc(), "continue that leaves live locals of a loop "
                                "whose body is not a block");
        return;
      }
      auto [It, New] = ContinueLabels.try_emplace(Target, ContinueLabels.size());
      std::string Label = Names.continueLabel(It->second);
      if (New) {
        // { body } becomes { { body } sm_continueN:; <unwind> }: the label
        // is outside the body's own declarations.
        auto L = Ranges.offset(CS->getLBracLoc());
        auto R = Ranges.offset(CS->getRBracLoc());
        if (!L || !R) {
          error(S->getBeginLoc(), "loop body from a macro expansion");
          return;
        }
        Edits.insertAfter(*L + 1, " {");
        Edits.insertBefore(*R, "} " + Label + ":; ");
        if (!Layout.ScopeEnds.count(CS))
          Edits.insertBefore(*R, unwindTo(To) + " ");
      }
      Edits.replace(Range->first, Range->second, "goto " + Label + ";");
      return;
    }
    // goto: its label destroys what it leaves (see run()).
  }

  // { stmts } becomes { { stmts } sm_unwind_to(K); }: the plain locals
  // declared after the block's last await are destroyed first, by the inner
  // block's end, as C++ destroys locals in reverse order of declaration.
  void lowerScopeEnd(const Stmt *S, int Outer) {
    if (const auto *CS = dyn_cast<CompoundStmt>(S)) {
      std::optional<unsigned> L = Ranges.offset(CS->getLBracLoc());
      std::optional<unsigned> R = Ranges.offset(CS->getRBracLoc());
      if (!L || !R) {
        error(CS->getRBracLoc(), "block from a macro expansion");
        return;
      }
      Edits.insertAfter(*L + 1, " {");
      Edits.insertBefore(*R, "} " + unwindTo(Outer) + " ");
      return;
    }
    if (const auto *For = dyn_cast<ForStmt>(S)) {
      if (auto R = statementRange(For))
        Edits.insertAfter(R->second, " " + unwindTo(Outer) + " }");
    }
  }

  const AsyncFunction &F;
  const FrameLayout &Layout;
  const GeneratedNames &Names;
  const SourceRanges &Ranges;
  SourceEdits &Edits;
  ASTContext &Ctx;
  Diagnostics &Diags;
  LoweredBody Result;
  bool Failed = false;
  llvm::DenseSet<const Stmt *> WrappedBreakTargets;
  llvm::DenseMap<const Stmt *, unsigned> ContinueLabels;
};

} // namespace

std::optional<LoweredBody> lowerStatements(const AsyncFunction &F,
                                           const FrameLayout &Layout,
                                           const GeneratedNames &Names,
                                           const SourceRanges &Ranges,
                                           SourceEdits &Edits,
                                           clang::ASTContext &Ctx,
                                           Diagnostics &Diags) {
  return StatementLowerer(F, Layout, Names, Ranges, Edits, Ctx, Diags).run();
}

} // namespace asyncc
