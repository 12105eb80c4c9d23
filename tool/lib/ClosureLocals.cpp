#include "ClosureLocals.h"

#include "DependentTypes.h"
#include "StateMachineEmitter.h"
#include "TypeSpelling.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace asyncc {

using namespace clang;

const LambdaExpr *closureInitializer(const VarDecl *V) {
  // (A reference binds the lambda's temporary, whose lifetime it extends.)
  if (!V->getInit() || isa<ParmVarDecl>(V))
    return nullptr;
  return dyn_cast<LambdaExpr>(V->getInit()->IgnoreImplicit()->IgnoreParens());
}

namespace {

// What one lambda names from the function around it.
class ClosureFactoryBuilder : public RecursiveASTVisitor<ClosureFactoryBuilder> {
public:
  ClosureFactoryBuilder(const AsyncFunction &F, const FrameLayout &Layout,
                        const LambdaExpr *L, const GeneratedNames &Names,
                        ASTContext &Ctx, Diagnostics &Diags)
      : F(F), Layout(Layout), L(L), Names(Names), Ctx(Ctx), Diags(Diags) {
    for (const LambdaCapture &C : L->captures())
      if (C.capturesVariable())
        if (const auto *V = dyn_cast<VarDecl>(C.getCapturedVar()))
          Captured.insert(V);
  }

  bool Failed = false;
  // The factory's parameters, in order of first use: the fields the lambda
  // names, with their types in the machine class (without the `&`); a
  // function parameter pack is a pack of the factory's too. Declared is the
  // parameter's reference type as the function body before the machine can
  // spell it, or empty where only the machine can (the parameter is then
  // `auto &`).
  struct Parameter {
    std::string Name, Type;
    bool Pack = false;
    std::string Declared;
  };
  std::vector<Parameter> Parameters;

  bool VisitCXXThisExpr(CXXThisExpr *) {
    // The lowered lambda says sm_this (ReferenceRewriting).
    if (!F.ThisType.isNull()) {
      std::string WhyNot;
      auto This = spellType(F.ThisType, Ctx, WhyNot);
      addField(Names.self(), false, This ? *This + " &" : "");
    }
    return true;
  }

  bool VisitDeclRefExpr(DeclRefExpr *E) {
    const ValueDecl *D = E->getDecl();
    if (declaredInside(D))
      return true;
    // A hoisted structured binding's name is spelled through a frame field
    // (ReferenceRewriting), in the lambda's captures or, through a capture
    // default by reference, in its body.
    if (const auto *B = dyn_cast<BindingDecl>(D))
      if (int Id = Layout.bindingSlot(B))
        return addField(Layout.slot(Id).Name, false, "");
    const auto *V = dyn_cast<VarDecl>(D);
    // A name the lambda does not capture is a constant it reads without an
    // odr-use; a factory parameter would need a capture.
    // (In a template, Clang records a capture default's implicit captures
    // only on instantiation: with a default, what the lambda names from the
    // function is captured.)
    bool Captures = V && (Captured.count(V) || InInitCapture ||
                          L->getCaptureDefault() != LCD_None);
    if (V && !Captures && (Layout.Hoisted.count(V) || declaredInFunction(D)))
      return notVisible(E->getLocation(), D);
    if (V) {
      if (auto It = Layout.Hoisted.find(V); It != Layout.Hoisted.end())
        return addField(Layout.slot(It->second).Name, false,
                        declaredType(Layout.slot(It->second)));
      // A parameter or a capture is in scope where the factory is declared,
      // and decltype((name)) is the lvalue type the body sees.
      if (const auto *P = dyn_cast<ParmVarDecl>(V);
          P && P->getDeclContext() == F.Function)
        return addField(parameterName(P, Names), P->isParameterPack(),
                        P->getIdentifier() ? "decltype((" + P->getNameAsString() + "))" : "");
      for (const AsyncFunction::Capture &C : F.Captures)
        if (C.Var == V)
          return addField(V->getNameAsString(), false,
                          "decltype((" + V->getNameAsString() + "))");
    }
    if (!declaredInFunction(D))
      return true;
    if (V && V->hasLocalStorage()) {
      std::string WhyNot;
      auto Type = spellType(V->getType().getNonReferenceType(), Ctx, WhyNot);
      if (!Type)
        return error(E->getLocation(), "local '" + V->getNameAsString() +
                                           "' has a type that cannot be named: " + WhyNot);
      addParameter(V->getNameAsString(), *Type, false, *Type + " &");
      return true;
    }
    return notVisible(E->getLocation(), D);
  }

  bool TraverseLambdaCapture(LambdaExpr *LE, const LambdaCapture *C, Expr *Init) {
    bool Outer = LE == L;
    if (Outer)
      InInitCapture = true;
    bool Result = RecursiveASTVisitor::TraverseLambdaCapture(LE, C, Init);
    if (Outer)
      InInitCapture = false;
    return Result;
  }

  bool VisitTypeLoc(TypeLoc TL) {
    const NamedDecl *D = nullptr;
    if (auto T = TL.getAs<TypedefTypeLoc>())
      D = T.getTypedefNameDecl();
    else if (auto T = TL.getAs<TagTypeLoc>())
      D = T.getDecl();
    if (D && !declaredInside(D) && declaredInFunction(D) &&
        !(isa<CXXRecordDecl>(D) && cast<CXXRecordDecl>(D)->isLambda()))
      return error(TL.getBeginLoc(),
                   "type '" + D->getNameAsString() +
                       "' is declared in the function and named by a lambda that "
                       "lives across co_await; such a lambda is created before the "
                       "state machine, where it is not visible");
    return true;
  }

private:
  bool addField(const std::string &Name, bool Pack, const std::string &Declared) {
    addParameter(Name, "decltype(" + Name + ")", Pack, Declared);
    return true;
  }
  void addParameter(const std::string &Name, const std::string &Type, bool Pack,
                    const std::string &Declared) {
    for (const auto &P : Parameters)
      if (P.Name == Name)
        return;
    Parameters.push_back({Name, Type, Pack, Declared});
  }
  // A hoisted local's field as a reference type spelled outside the machine:
  // only a field of the variable's own type, which names nothing declared in
  // the function (spellType refuses local classes and aliases).
  std::string declaredType(const FrameSlot &S) const {
    if (!S.Var || S.HeldByPointer || S.WrappedArray || S.ConstView ||
        S.TypeFromInitializer || S.BracedRange || S.RangeFor || !S.SpelledType.empty() ||
        S.Closure || S.SameClosureAs || S.Branch || !S.BindingValue.empty() ||
        S.Var->getType()->isReferenceType())
      return "";
    // (spellType writes a dependent local alias, `auto` and decltype of a
    // local by name; none is visible before the machine.)
    QualType T = S.Var->getType();
    if (namesFunctionLocalAlias(T) || namesInventedTemplateParameter(T) || namesLocalEntity(T))
      return "";
    std::string WhyNot;
    auto Spelled = spellType(T, Ctx, WhyNot);
    return Spelled ? *Spelled + " &" : "";
  }
  bool declaredInside(const Decl *D) const {
    for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent())
      if (DC == L->getCallOperator() || DC == L->getLambdaClass())
        return true;
    return false;
  }
  bool declaredInFunction(const Decl *D) const {
    for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent())
      if (DC == F.Function)
        return true;
    return false;
  }
  bool notVisible(SourceLocation Loc, const Decl *D) {
    return error(Loc, "'" + cast<NamedDecl>(D)->getNameAsString() +
                          "' is declared in the function and named, not captured, by a "
                          "lambda that lives across co_await; such a lambda is created "
                          "before the state machine, where it is not visible");
  }
  bool error(SourceLocation Loc, const std::string &Message) {
    Diags.error(Loc, Message);
    Failed = true;
    return false;
  }

  const AsyncFunction &F;
  const FrameLayout &Layout;
  const LambdaExpr *L;
  const GeneratedNames &Names;
  ASTContext &Ctx;
  Diagnostics &Diags;
  llvm::SmallPtrSet<const VarDecl *, 8> Captured;
  bool InInitCapture = false;
};

} // namespace

std::optional<ClosureFactory>
buildClosureFactory(const AsyncFunction &F, const FrameLayout &Layout, const LambdaExpr *L,
                    const std::string &Name, const std::string &Creates,
                    const GeneratedNames &Names, const SourceRanges &Ranges,
                    const SourceEdits &Edits, ASTContext &Ctx, Diagnostics &Diags) {
  ClosureFactoryBuilder B(F, Layout, L, Names, Ctx, Diags);
  B.TraverseLambdaExpr(const_cast<LambdaExpr *>(L));
  auto R = Ranges.tokens(L->getSourceRange());
  if (!R && !B.Failed)
    Diags.error(L->getBeginLoc(), "a lambda from a macro expansion that lives across "
                                  "co_await cannot be moved");
  if (!R || B.Failed)
    return std::nullopt;
  std::string Parameters, Arguments, Declvals;
  for (const auto &P : B.Parameters) {
    const char *Sep = Parameters.empty() ? "" : ", ";
    const char *Dots = P.Pack ? "..." : "";
    // Typed parameters where they can be spelled, for the reader; `auto &`
    // makes the factory generic, which the lambda's machine allows
    // (MachineDestruction.h).
    std::string Type = P.Declared.empty() ? "auto &" : P.Declared;
    Parameters += Sep + Type + Dots + (Type.back() == '&' && !P.Pack ? "" : " ") + P.Name;
    Arguments += Sep + P.Name + Dots;
    Declvals += Sep + ("std::declval<" + P.Type + " &>()" + Dots);
  }
  ClosureFactory Result;
  Result.Declaration = "static constexpr auto " + Name + " = [](" + Parameters +
                       ") { return " + Edits.printInner(R->first, R->second) + "; }; // creates " +
                       Creates + ", a lambda kept across co_await\n";
  Result.Type = "decltype(" + Name + "(" + Declvals + "))";
  Result.Call = Name + "(" + Arguments + ")";
  return Result;
}

bool lowerClosureLocals(const AsyncFunction &F, FrameLayout &Layout,
                        const GeneratedNames &Names, const SourceRanges &Ranges,
                        SourceEdits &Edits, ASTContext &Ctx, Diagnostics &Diags) {
  bool Ok = true;
  for (FrameSlot &Slot : Layout.Slots) {
    if (!Slot.Closure)
      continue;
    auto Factory = buildClosureFactory(
        F, Layout, Slot.Closure, Names.closureFactory(Slot.Name),
        "local '" + Slot.Var->getNameAsString() + "'", Names, Ranges, Edits, Ctx, Diags);
    if (!Factory) {
      Ok = false;
      continue;
    }
    Slot.ClosureFactory = Factory->Declaration;
    Slot.ClosureType = Factory->Type;
    auto R = Ranges.tokens(Slot.Closure->getSourceRange());
    Edits.replace(R->first, R->second, Factory->Call);
  }
  return Ok;
}

} // namespace asyncc
