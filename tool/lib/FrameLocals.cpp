// Locals of an ASYNC body that live across co_await: each gets a frame slot
// (a field of the machine), in the chain of what is alive where.
#include "FrameAnalyzer.h"

#include "ClosureLocals.h"
#include "DependentTypes.h"
#include "RuntimeContract.h"
#include "StructuredBindings.h"
#include "SuspensionExprs.h"
#include "TypeSpelling.h"

#include "clang/AST/RecursiveASTVisitor.h"

namespace asyncc {

using namespace clang;

// True when V is a std::initializer_list whose array its braced
// initializer created (and whose lifetime it extends).
static bool ownsListArray(const VarDecl *V) {
  const Expr *Init = V->getInit();
  if (!Init)
    return false;
  struct Finder : RecursiveASTVisitor<Finder> {
    const VarDecl *V;
    bool Found = false;
    bool TraverseLambdaExpr(LambdaExpr *) { return true; }
    bool VisitMaterializeTemporaryExpr(MaterializeTemporaryExpr *E) {
      Found |= E->getExtendingDecl() == V && E->getType()->isArrayType();
      return !Found;
    }
  } F;
  F.V = V;
  F.TraverseStmt(const_cast<Expr *>(Init));
  if (F.Found)
    return true;
  // In a template: `auto l = {...}`, `std::initializer_list<T> l = {...}`.
  if (!isa<InitListExpr>(Init->IgnoreImplicit()) || V->getType()->isReferenceType())
    return false;
  if (V->getInitStyle() == VarDecl::CInit && V->getType()->getContainedDeducedType())
    return true;
  const auto *T = V->getType()->getAs<TemplateSpecializationType>();
  const TemplateDecl *D = T ? T->getTemplateName().getAsTemplateDecl() : nullptr;
  return D && D->isInStdNamespace() && D->getName() == "initializer_list";
}

// The temporary whose lifetime the reference V extends, if any.
static const MaterializeTemporaryExpr *extendedTemporary(const VarDecl *V) {
  struct Finder : RecursiveASTVisitor<Finder> {
    const VarDecl *V;
    const MaterializeTemporaryExpr *Found = nullptr;
    bool TraverseLambdaExpr(LambdaExpr *) { return true; }
    bool VisitMaterializeTemporaryExpr(MaterializeTemporaryExpr *E) {
      if (E->getExtendingDecl() == V && !Found)
        Found = E;
      return true;
    }
  } F;
  F.V = V;
  if (V->getInit())
    F.TraverseStmt(const_cast<Expr *>(V->getInit()));
  return F.Found;
}

// A declaration statement; returns the chain after it.
int FrameAnalyzer::handleDecl(const DeclStmt *DS, int Chain, bool ScopeHasSuspension) {
  std::vector<const VarDecl *> Vars;
  for (const Decl *D : DS->decls())
    if (const auto *V = dyn_cast<VarDecl>(D); V && V->hasLocalStorage())
      Vars.push_back(V);
  std::vector<const Expr *> Suspensions = suspensionsIn(DS);
  if (!Suspensions.empty()) {
    if (Vars.size() != 1 || !DS->isSingleDecl()) {
      error(Suspensions.front()->getBeginLoc(),
            "co_await in a declaration of several variables is not "
            "supported yet; declare one variable per statement");
      return Chain;
    }
    recordFullExpression(DS, Vars.front()->getInit(), Chain,
                         FullExpressionKind::Initializer);
  }
  int Inner = Chain;
  for (const VarDecl *V : Vars) {
    if (!ScopeHasSuspension)
      continue;
    if (int Id = hoistVariable(V, Inner, uniqueFieldName(V)))
      Inner = Id;
  }
  return Inner;
}

// The init-statement of a for, if or switch, declaring one variable whose
// initializer holds co_await: the variable becomes a frame slot, built
// before the statement (StatementLowering). Returns the chain after it.
int FrameAnalyzer::handleHeaderDecl(const Stmt *S, const DeclStmt *DS, int Chain) {
  const auto *V = DS->isSingleDecl() ? dyn_cast<VarDecl>(DS->getSingleDecl()) : nullptr;
  if (!V || !V->getInit()) {
    error(DS->getBeginLoc(), "co_await in an init-statement that declares "
                             "several variables is not supported yet; "
                             "declare one");
    return Chain;
  }
  recordFullExpression(S, V->getInit(), Chain, FullExpressionKind::ConditionVariable);
  int Id = hoistVariable(V, Chain, uniqueFieldName(V));
  return Id ? Id : Chain;
}

// Gives V a frame slot whose parent is Parent; 0 after an error.
int FrameAnalyzer::hoistVariable(const VarDecl *V, int Parent, const std::string &Name) {
  if (const auto *D = dyn_cast<DecompositionDecl>(V)) {
    int Id = hoistLocal(V, Parent, Name);
    if (!Id)
      return 0;
    if (V->getType()->isDependentType())
      return nameDependentBindings(D, Id) ? Id : 0;
    llvm::DenseMap<const BindingDecl *, std::string> ValueUses;
    int Last = hoistBindingValues(D, Id, ValueUses);
    if (!Last)
      return 0;
    if (!structuredBindingUses(D, Layout.slot(Id).use(), ValueUses, Layout.Bindings, Diags)) {
      Failed = true;
      return 0;
    }
    return Last;
  }
  return hoistLocal(V, Parent, Name);
}

// The names of a structured binding of a dependent type, whose object is
// slot Object: whether they are members, elements or tuple-like get results
// is known only on instantiation, so each use asks the language
// (async::detail::BoundPart, a structured binding over the frame's object).
bool FrameAnalyzer::nameDependentBindings(const DecompositionDecl *D, int Object) {
  const unsigned Count = D->bindings().size();
  if (Count > 12) {
    error(D->getLocation(), "structured binding of a dependent type with more than "
                            "12 names lives across co_await: this is not supported; "
                            "declare the object, then its parts");
    return false;
  }
  unsigned I = 0;
  for (const BindingDecl *B : D->bindings())
    Layout.Bindings[B] = "(" + runtime::BoundPart + "<" + std::to_string(I++) + ", " +
                         std::to_string(Count) + ">(" + Layout.slot(Object).use() + "))";
  return true;
}

// The names of D whose tuple-like get returns a value: a slot each, after
// the hidden variable's (Object), in order, built from the get call; their
// uses go to ValueUses. Returns the last slot (Object when there is none),
// 0 after an error.
int FrameAnalyzer::hoistBindingValues(const DecompositionDecl *D, int Object,
                                      llvm::DenseMap<const BindingDecl *, std::string> &ValueUses) {
  int Last = Object;
  unsigned I = 0;
  for (const BindingDecl *B : D->bindings()) {
    unsigned Index = I++;
    if (!bindsOwnValue(B))
      continue;
    const VarDecl *Holding = B->getHoldingVar();
    // The holding variable is a reference bound to get's result: the slot
    // holds the value it refers to (const seen through the use).
    QualType Value = Holding->getType().getNonReferenceType();
    std::string WhyNot;
    std::optional<std::string> Type = spellType(Value.getUnqualifiedType(), Ctx, WhyNot);
    if (!Type) {
      error(B->getLocation(), "structured binding '" + B->getNameAsString() +
                                  "' lives across co_await but its type cannot be "
                                  "named in the state machine: " + WhyNot);
      return 0;
    }
    std::string Get = tupleGetCall(B, Index, Layout.slot(Object).use(), Diags);
    if (Get.empty()) {
      Failed = true;
      return 0;
    }
    std::string Field = Layout.slot(Object).Name + "_" + B->getNameAsString();
    FrameSlot &Slot = newLocalSlot(Holding, Last, Field, *Type);
    Slot.DeclType = Value.getUnqualifiedType();
    Slot.ConstView = Value.isConstQualified();
    Slot.BindingValue = Get;
    Layout.Hoisted[Holding] = Slot.Id;
    ValueUses[B] = Slot.use();
    Last = Slot.Id;
  }
  return Last;
}

// The slot of a closure local (created by its factory) whose closure type
// is T, or 0: a copy of it, or a reference to it, can name its type.
int FrameAnalyzer::closureLocalOfType(QualType T) const {
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || !RD->isLambda())
    return 0;
  for (const FrameSlot &Slot : Layout.Slots)
    if (Slot.Closure && Slot.Closure->getLambdaClass() == RD)
      return Slot.Id;
  return 0;
}

int FrameAnalyzer::hoistLocal(const VarDecl *V, int Parent, const std::string &Name) {
  if (const LambdaExpr *L = closureInitializer(V)) {
    // Its type is named once the body is lowered (ClosureLocals.h).
    FrameSlot &Slot = newLocalSlot(V, Parent, Name, "decltype(" + Name + ")");
    Slot.DeclType = V->getType().getNonReferenceType();
    Slot.Closure = L;
    Slot.ConstView = Slot.DeclType.isConstQualified();
    Layout.Hoisted[V] = Slot.Id;
    return Slot.Id;
  }
  if (int Source = closureLocalOfType(V->getType().getNonReferenceType())) {
    // A copy of a closure local, or a reference to one (held by pointer).
    FrameSlot &Slot = newLocalSlot(V, Parent, Name, "decltype(" + Name + ")");
    Slot.DeclType = V->getType().getNonReferenceType();
    Slot.SameClosureAs = Source;
    Slot.HeldByPointer = V->getType()->isReferenceType();
    Slot.ConstView = !Slot.HeldByPointer && Slot.DeclType.isConstQualified();
    Layout.Hoisted[V] = Slot.Id;
    return Slot.Id;
  }
  if (ownsListArray(V)) {
    error(V->getLocation(), "local '" + V->getNameAsString() +
                                "' is a std::initializer_list that lives across "
                                "co_await: the array it refers to cannot be kept "
                                "in the state machine with it; use a std::array "
                                "or a std::vector");
    return 0;
  }
  if (needsTypeFromInitializer(V)) {
    // Declared once the body is lowered, from its initializer's text.
    FrameSlot &Slot = newLocalSlot(V, Parent, Name, "decltype(" + Name + ")");
    Slot.TypeFromInitializer = true;
    Slot.HeldByPointer = V->getType()->isReferenceType();
    Layout.Hoisted[V] = Slot.Id;
    return Slot.Id;
  }
  QualType Stored = V->getType();
  bool HeldByPointer = false;
  if (Stored->isReferenceType()) {
    QualType Referenced = Stored.getNonReferenceType();
    if (const MaterializeTemporaryExpr *MTE = extendedTemporary(V)) {
      // `const T& x = f();` keeps the temporary itself in the frame.
      if (!Ctx.hasSameUnqualifiedType(MTE->getType(), Referenced)) {
        error(V->getLocation(), "reference local '" + V->getNameAsString() +
                                    "' extends the lifetime of a temporary "
                                    "of another type; this is not "
                                    "supported yet");
        return 0;
      }
      Stored = Referenced;
    } else {
      Stored = Ctx.getPointerType(Referenced);
      HeldByPointer = true;
    }
  }
  std::string WhyNot;
  // (A type declared in the body moves into the machine: LocalTypes.h.)
  std::optional<std::string> Type = spellType(Stored, Ctx, WhyNot, F.Function);
  const bool Array = Stored->isArrayType();
  if (Array && Type)
    // A union member cannot be built by an array new-expression: the
    // array is the member of a struct (async::detail::ArrayOf).
    Type = runtime::ArrayOf + "<" + *Type + ">";
  if (!Type) {
    error(V->getLocation(), "local '" + V->getNameAsString() +
                                "' lives across co_await but its type "
                                "cannot be named in the state machine: " +
                                WhyNot);
    return 0;
  }
  FrameSlot &Slot = newLocalSlot(V, Parent, Name, *Type);
  Slot.DeclType = Stored;
  Slot.HeldByPointer = HeldByPointer;
  Slot.WrappedArray = Array;
  if (Array)
    Slot.SpelledType = *Type;
  Layout.Hoisted[V] = Slot.Id;
  return Slot.Id;
}

std::string FrameAnalyzer::uniqueFieldName(const VarDecl *V) {
  if (isa<DecompositionDecl>(V))
    return Names.structuredBinding(StructuredBindingCount++);
  std::string Base = V->getNameAsString();
  std::string Name = Base;
  for (unsigned N = 2; TakenNames.count(Name) || namesOtherEntity(Name, V);
       ++N)
    Name = Base + "_" + std::to_string(N);
  TakenNames.insert(Name);
  return Name;
}

// True when the body refers, by this name, to something that is not a
// local of the function (a global, a function), which a field of the same
// name would hide.
bool FrameAnalyzer::namesOtherEntity(const std::string &Name, const VarDecl *Self) {
  if (!ReferencedEntities) {
    ReferencedEntities.emplace();
    collectReferencedEntities();
  }
  auto It = ReferencedEntities->find(Name);
  return It != ReferencedEntities->end() && It->second != Self;
}

void FrameAnalyzer::collectReferencedEntities() {
  struct Collector : RecursiveASTVisitor<Collector> {
    std::map<std::string, const Decl *> *Out;
    bool VisitDeclRefExpr(DeclRefExpr *E) {
      const ValueDecl *D = E->getDecl();
      if (const auto *V = dyn_cast<VarDecl>(D); V && V->isLocalVarDeclOrParm())
        return true;
      if (isa<BindingDecl>(D))
        return true;
      Out->emplace(D->getNameAsString(), D);
      return true;
    }
  } C;
  C.Out = &*ReferencedEntities;
  C.TraverseStmt(F.Coroutine->getBody());
}

} // namespace asyncc
