// Locals that live in the frame: their declaration becomes a placement-new
// into their field, built from the initializer as the user wrote it.
#include "StatementLowerer.h"

#include "ExpressionSpilling.h"
#include "RuntimeContract.h"

#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/StringExtras.h"

namespace asyncc {

using namespace clang;

// The initializer as it follows the declarator (" = e", "(a, b)", "{a}")
// turned into what follows the type in a new-expression.
std::string StatementLowerer::newInitializer(const VarDecl *V) {
  if (!V->hasInit())
    return "";
  // The initializer follows the whole declarator: a structured binding's
  // `]`, an array's bounds, a function pointer's parameter list
  // (`int (*f)(int) = g;`), whichever of the name and the type ends last.
  const auto *Bindings = dyn_cast<DecompositionDecl>(V);
  SourceLocation Last = Bindings ? Bindings->bindings().back()->getLocation() : V->getLocation();
  if (!Bindings && V->getTypeSourceInfo()) {
    SourceLocation TypeEnd = V->getTypeSourceInfo()->getTypeLoc().getEndLoc();
    const SourceManager &SM = Ctx.getSourceManager();
    if (TypeEnd.isValid() && SM.isBeforeInTranslationUnit(SM.getExpansionLoc(Last),
                                                          SM.getExpansionLoc(TypeEnd)))
      Last = TypeEnd;
  }
  auto Name = Ranges.tokens({Last, Last});
  auto Whole = Ranges.tokens(V->getSourceRange());
  if (!Name || !Whole) {
    error(V->getLocation(), "declaration from a macro expansion cannot be "
                            "rewritten");
    return "";
  }
  std::optional<unsigned> End = Ranges.closingParens(Name->second, Whole->second);
  if (!End) {
    error(V->getLocation(), "cannot find where this declaration's initializer ends");
    return "";
  }
  std::string Text = Edits.print(Name->second, *End);
  llvm::StringRef T = llvm::StringRef(Text).trim();
  if (Bindings)
    T = T.drop_front().trim(); // the `]`
  if (T.consume_front("=")) {
    T = T.trim();
    if (T.starts_with("{"))
      return T.str();
    return "(" + T.str() + ")";
  }
  return T.str();
}

// g++ 12 crashes (internal compiler error in check_noexcept_r) on a
// new-expression in a template that aggregate-initializes an array of a
// class type named without template parameters when the list leaves
// elements to be value-initialized (`std::string s[2] = {"a"};`, `= {}`;
// test/fuzz/repro/gcc12-ice-template-class-array.cpp). Such a wrapper is
// built by a lambda's return statement instead, which g++ 12 compiles.
static bool hasArrayFiller(const InitListExpr *List) {
  if (List->hasArrayFiller())
    return true;
  for (const Expr *E : List->inits())
    if (const auto *Inner = dyn_cast_or_null<InitListExpr>(E ? E->IgnoreImplicit() : nullptr))
      if (hasArrayFiller(Inner))
        return true;
  return false;
}

static bool braceInitCrashesGxx12(const VarDecl *V, ASTContext &Ctx) {
  if (!V->getDeclContext()->isDependentContext() || V->getType()->isDependentType() ||
      !Ctx.getBaseElementType(V->getType())->isRecordType())
    return false;
  const Expr *Init = V->getInit();
  const auto *List = Init ? dyn_cast<InitListExpr>(Init->IgnoreImplicit()) : nullptr;
  if (!List)
    return false;
  if (const InitListExpr *Semantic = List->isSemanticForm() ? List : List->getSemanticForm())
    return hasArrayFiller(Semantic);
  return true;
}

void StatementLowerer::lowerHoistedDeclarations() {
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

void StatementLowerer::collectDeclStmts(const Stmt *S,
                             llvm::DenseMap<const VarDecl *, const DeclStmt *> &Owner) {
  if (!S)
    return;
  if (const auto *DS = dyn_cast<DeclStmt>(S))
    for (const Decl *D : DS->decls())
      if (const auto *V = dyn_cast<VarDecl>(D)) {
        Owner[V] = DS;
        // A tuple-like binding's own value is built with the declaration.
        if (const auto *Bindings = dyn_cast<DecompositionDecl>(V))
          for (const BindingDecl *B : Bindings->bindings())
            if (const VarDecl *Holding = B->getHoldingVar())
              Owner[Holding] = DS;
      }
  if (isa<LambdaExpr>(S))
    return;
  for (const Stmt *Child : S->children())
    collectDeclStmts(Child, Owner);
}

// The for, if or switch statement whose init-statement or condition
// variable DS is, if any.
const Stmt *StatementLowerer::statementDeclaring(const DeclStmt *DS, bool &IsConditionVariable) {
  struct Finder {
    const DeclStmt *Target;
    const Stmt *Found = nullptr;
    bool Condition = false;
    void walk(const Stmt *S) {
      if (!S || Found)
        return;
      const Stmt *Init = nullptr;
      const DeclStmt *CondVar = nullptr;
      if (const auto *For = dyn_cast<ForStmt>(S))
        Init = For->getInit();
      else if (const auto *If = dyn_cast<IfStmt>(S))
        Init = If->getInit(), CondVar = If->getConditionVariableDeclStmt();
      else if (const auto *Sw = dyn_cast<SwitchStmt>(S))
        Init = Sw->getInit(), CondVar = Sw->getConditionVariableDeclStmt();
      else if (const auto *W = dyn_cast<WhileStmt>(S))
        CondVar = W->getConditionVariableDeclStmt();
      if (Init == Target || CondVar == Target) {
        Found = S;
        Condition = CondVar == Target;
        return;
      }
      for (const Stmt *C : S->children())
        walk(C);
    }
  } Find{DS};
  Find.walk(F.Coroutine->getBody());
  IsConditionVariable = Find.Condition;
  return Find.Found;
}

void StatementLowerer::lowerDeclStmt(const DeclStmt *DS, const std::vector<const FrameSlot *> &Slots) {
  auto Range = Ranges.tokens(DS->getSourceRange());
  if (!Range) {
    error(DS->getBeginLoc(), "declaration from a macro expansion cannot be "
                             "rewritten");
    return;
  }
  bool IsConditionVariable = false;
  const Stmt *Owner = statementDeclaring(DS, IsConditionVariable);
  std::optional<std::pair<unsigned, unsigned>> OwnerRange;
  if (Owner && !(OwnerRange = statementRange(Owner)))
    return;
  std::string Text;
  // if (T x = e) / switch (T x = e) with co_await in e: e's prelude goes
  // before the statement, with x's construction.
  const FullExpression *FE = nullptr;
  if (auto It = Layout.FullExpressionOf.find(DS); It != Layout.FullExpressionOf.end())
    FE = &Layout.FullExpressions[It->second];
  // (A structured binding's values of a by-value get follow its slot.)
  if (Owner)
    if (auto It = Layout.FullExpressionOf.find(Slots.front()->Var->getInit());
        It != Layout.FullExpressionOf.end()) {
      FullExpression &Cond = Layout.FullExpressions[It->second];
      ExpressionSpiller Spiller(F, Layout, Cond, Names, Ranges, Edits, Ctx, Diags,
                                TemporaryCounter);
      if (!Spiller.lower(Ranges.indentationAt(OwnerRange->first))) {
        Failed = true;
        return;
      }
      Text += Spiller.prelude() + Ranges.indentationAt(OwnerRange->first);
      FE = &Cond;
    }
  for (const FrameSlot *Slot : Slots) {
    std::string Init = Slot->BindingValue.empty() ? newInitializer(Slot->Var)
                                                  : "(" + Slot->BindingValue + ")";
    if (Slot->WrappedArray && !Init.empty()) {
      std::string Inner = Init.substr(1, Init.size() - 2);
      if (isa<DecompositionDecl>(Slot->Var))
        // auto [a, b] = array: the elements copied one by one.
        Init = "(" + runtime::CopyArray + "<" + Slot->Type + ">(" + Inner + "))";
      else if (braceInitCrashesGxx12(Slot->Var, Ctx))
        Init = "([&]() -> " + Slot->Type + " { return {{" + Inner + "}}; }())";
      else
        // T a[N] = {...} / = "text": the wrapper's one member from that.
        Init = "{{" + Inner + "}}";
    }
    if (Slot->HeldByPointer && !Slot->TypeFromInitializer) {
      // T& r = e;  ->  the pointer field gets the address of e.
      if (llvm::StringRef(Init).starts_with("{"))
        Init = "(" + Init.substr(1, Init.size() - 2) + ")";
      Init = "(" + runtime::AddressOf + Init + ")";
    }
    if (!Text.empty() && Text.back() != ' ')
      Text += " ";
    Text += placementNew(Slot->Name, Slot->Type, Init);
    // Constructed from the full-expression's result; then what it kept dies
    // (before a structured binding's get calls, which follow it).
    if (FE && Slot == Slots.front())
      Text += " " + unwindTo(FE->ChainBefore);
    Text += " " + Names.live() + " = " + std::to_string(Slot->Id) + ";";
  }
  if (const auto *W = dyn_cast_or_null<WhileStmt>(Owner)) {
    // while (T x = e) body  ->  while (true) { <x built> if (!x) { <x dies>
    // break; } body <x dies> }
    const FrameSlot &Var = *Slots.front();
    auto Begin = Ranges.offset(W->getWhileLoc());
    auto RParen = Ranges.offset(W->getRParenLoc());
    auto Body = statementRange(W->getBody());
    if (!Begin || !RParen || !Body)
      return error(W->getBeginLoc(), "while loop from a macro expansion");
    std::string Indent = Ranges.indentationAt(OwnerRange->first);
    std::string Outside = unwindTo(Var.Parent);
    Edits.replace(*Begin, *RParen + 1,
                  "while (true) {\n" + Indent + Text + "\n" + Indent + "if (!(" +
                      use(Var) + ")) { " + Outside + " break; }\n" +
                      Ranges.lineDirectiveAt(Body->first) + Indent);
    Edits.insertAfter(Body->second, " " + Outside + " }");
    return;
  }
  if (Owner) {
    // for (T i = 0; ...), if (T x = ...; ...), if (T x = ...): x is
    // constructed before the statement (whose scope-end braces hold both).
    Edits.insertBefore(OwnerRange->first, Text + "\n" +
                                              Ranges.lineDirectiveAt(OwnerRange->first) +
                                              Ranges.indentationAt(OwnerRange->first));
    // (The declaration's range ends after its ';'.)
    if (IsConditionVariable)
      Edits.replace(Range->first, Range->second, "(" + use(*Slots.front()) + ")");
    else
      eraseInitStatement(Owner, Range->first, Range->second);
    return;
  }
  Edits.replace(Range->first, Range->second, Text);
}

// Constructs a frame slot from the expression text Init (the value, or for
// a reference slot what it binds to).
std::string StatementLowerer::construct(const FrameSlot &Slot, const std::string &Init) const {
  std::string Arg = Slot.HeldByPointer && !Slot.TypeFromInitializer
                        ? runtime::AddressOf + "(" + Init + ")"
                        : Init;
  return placementNew(Slot.Name, Slot.Type, "(" + Arg + ")") + " " + Names.live() +
         " = " + std::to_string(Slot.Id) + ";";
}

std::string StatementLowerer::use(const FrameSlot &Slot) {
  return Slot.use();
}

} // namespace asyncc
