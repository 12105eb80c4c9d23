// In a template, what the spiller keeps whose type is known only on
// instantiation: operands evaluated before a co_await, and the arguments of
// a dependent awaited call that may be temporaries. Their slots are spelled
// through decltype of the lowered text.
#include "ExpressionSpillerImpl.h"

#include "ClosureLocals.h"
#include "DependentTypes.h"
#include "RuntimeContract.h"
#include "TemplateArguments.h"

#include "clang/AST/ParentMapContext.h"

namespace asyncc {

using namespace clang;

// True when E (through parentheses and implicit casts) is an operand of an
// operator, built in or overloaded, rather than a call's argument.
static bool isOperatorOperand(const Expr *E, ASTContext &Ctx) {
  const Expr *Child = E;
  while (true) {
    DynTypedNodeList Parents = Ctx.getParents(*Child);
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

// An operand whose type (and value category) is known only on
// instantiation is kept as async::detail::Kept<decltype((e))>: a prvalue in
// place, a glvalue by reference (a function argument keeps its identity),
// and handed on with its category. An operator's operand is an
// async::detail::KeptOperand: should the operator be built in, a scalar's
// value is read now, as C++17 sequences it.
void ExpressionSpiller::Impl::keepDependent(const Expr *E, const std::string &Text) {
  std::string Type = declaredTypeOf(forTypeOnly(Text));
  std::string Kept = std::string(isOperatorOperand(E, S.Ctx) ? runtime::KeptOperand + "<"
                                                             : runtime::Kept + "<") +
                     Type + ">";
  auto Slot = newSlot(E, Kept, QualType(), true, "operand of a dependent type");
  if (!Slot)
    return;
  step(E, newInSlot(Slot->Name, Kept + "{" + Text + "}") + "; " + record(lastId()));
  replace(E, "static_cast<" + Type + "&&>(" + Slot->Name + ".value)");
}

// c ? x : y of a dependent type with an await in a branch: the chosen
// branch's result is kept as async::detail::Kept<decltype((c ? x : y))>
// (a prvalue in place, a glvalue by reference), spelled from the lowered
// branches, which name the fields of their own awaits: so the slot is made
// after the branches are lowered, and its field declared after theirs. A
// conditional whose value is not used has no slot (it may be void).
void ExpressionSpiller::Impl::lowerDependentConditional(const ConditionalOperator *C) {
  std::string Before = std::move(Out), Branches[2];
  const Expr *Arms[2] = {C->getTrueExpr(), C->getFalseExpr()};
  for (int I = 0; I < 2; ++I) {
    Out.clear();
    LastLine = 0;
    nested([&] {
      lower(Arms[I]);
      keepTemporariesInFrame(Arms[I]);
    });
    Branches[I] = std::move(Out);
  }
  Out = std::move(Before);
  if (Failed)
    return;
  const bool Unused = C == S.FE.Expr->IgnoreParens() && S.FE.Kind == FullExpressionKind::Statement;
  std::string Type = declaredTypeOf(forTypeOnly(text(C)));
  std::string Kept = runtime::Kept + "<" + Type + ">";
  std::optional<ExpressionSlot> Slot;
  if (!Unused && !(Slot = newSlot(C, Kept, QualType(), true, "a conditional's result")))
    return;
  unsigned Id = lastId();
  step(C->getCond(), ifCondition(C->getCond()));
  for (int I = 0; I < 2; ++I) {
    Out += Branches[I];
    nested([&] {
      step(Arms[I], Unused ? "static_cast<void>(" + text(Arms[I]) + ");"
                           : newInSlot(Slot->Name, Kept + "{static_cast<" + Type + ">(" +
                                                        text(Arms[I]) + ")}") +
                                 "; " + record(Id));
    });
    Out += Indent + (I == 0 ? "} else {\n" : "}\n");
  }
  replace(C, Unused ? "void()" : "static_cast<" + Type + "&&>(" + Slot->Name + ".value)");
}

// An awaited call's arguments that may be temporaries live in the frame to
// the end of the full-expression (TemplateArguments.h).
bool ExpressionSpiller::Impl::keepTemplateArguments(const Expr *Operand) {
  std::vector<KeptArgument> Keep;
  const Expr *Refused = templateArgumentsToKeep(Operand, Keep);
  if (Refused && isa<InitListExpr>(Refused)) {
    error(Refused->getBeginLoc(),
          "in a template, a braced list passed to an awaited call that may "
          "take it by reference makes a temporary that has to live until the "
          "await completes, and its type is known only on instantiation: "
          "name the type (Box<T>{...}), or build the value into a local first");
    return false;
  }
  if (Refused) {
    error(Refused->getBeginLoc(),
          "in a template, the elements of a pack expansion passed to an "
          "awaited call may be temporaries that have to live until the "
          "await completes, and a pack of them has no place in the state "
          "machine: pass the pack itself, std::forward or std::move of it, "
          "or build the values into locals first");
    return false;
  }
  for (const KeptArgument &K : Keep) {
    const Expr *Arg = K.Arg;
    if (Replaced.count(Arg))
      continue;
    if (const auto *L = dyn_cast<LambdaExpr>(Arg)) {
      if (!keepLambdaArgument(L))
        return false;
      continue;
    }
    std::string Text = text(Arg);
    // (The type is spelled without the construction of an argument kept
    // inside this one: clang warns about side effects in decltype.)
    std::string Type = declaredTypeOf(forTypeOnly(Text));
    std::string Init = Text;
    // A reference parameter of another type binds a temporary converted
    // from the argument: that temporary is kept (TemplateArguments.h).
    if (K.NamedCallee) {
      Type = runtime::BoundArgument + "<" + Type +
             ", " + runtime::ParameterOf + "<decltype(&" + forTypeOnly(text(K.NamedCallee)) +
             "), " + std::to_string(K.ParameterIndex) + ">>";
      Init = "static_cast<" + Type + ">(" + Text + ")";
    }
    std::string Kept = runtime::Kept + "<" + Type + ">";
    auto Slot = newSlot(Arg, Kept, QualType(), true, "argument that may be a temporary");
    if (!Slot)
      return false;
    std::string Use = "static_cast<" + Type + "&&>(" +
                      createdInLastSlot(Slot->Name, Kept + "{" + Init + "}") + ".value)";
    replace(Arg, Use);
    KeptArguments.push_back({Use, "std::declval<" + Type + ">()"});
  }
  return !Failed;
}

// A lambda passed to a dependent awaited call: created in a frame slot by
// its closure factory, and passed on as an rvalue of its closure type.
bool ExpressionSpiller::Impl::keepLambdaArgument(const LambdaExpr *L) {
  auto Slot = addClosureSlot(L, true, "lambda argument that may be bound");
  if (!Slot)
    return false;
  // (In a constexpr-if branch the slot's name is a reference: its type is
  // the closure's.)
  std::string Type = S.FE.Branch ? Slot->Type : "decltype(" + Slot->Name + ")";
  std::string Use = "static_cast<" + Type + "&&>(" +
                    createdInLastSlot(Slot->Name, Type + "(" + text(L) + ")") + ")";
  replace(L, Use);
  KeptArguments.push_back({Use, "std::declval<" + Type + ">()"});
  return true;
}

std::string ExpressionSpiller::Impl::forTypeOnly(std::string Text) const {
  for (auto It = KeptArguments.rbegin(); It != KeptArguments.rend(); ++It)
    for (size_t At = Text.find(It->first); At != std::string::npos;
         At = Text.find(It->first, At + It->second.size()))
      Text.replace(At, It->first.size(), It->second);
  return Text;
}

} // namespace asyncc
