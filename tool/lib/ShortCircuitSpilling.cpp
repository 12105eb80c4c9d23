// &&, ||, ?: and the comma operator with co_await in an operand: the
// operands are evaluated, and awaited, only as the operator would.
#include "ExpressionSpillerImpl.h"

#include "RuntimeContract.h"
#include "TypeSpelling.h"

#include <functional>

namespace asyncc {

using namespace clang;

// a && b, a || b with an await in b: the await happens only when a does
// not decide the result.
void ExpressionSpiller::Impl::lowerShortCircuit(const BinaryOperator *B) {
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
void ExpressionSpiller::Impl::lowerComma(const BinaryOperator *B) {
  lower(B->getLHS());
  keepTemporariesInFrame(B->getLHS());
  step(B->getLHS(), "static_cast<void>(" + text(B->getLHS()) + ");");
  replace(B->getLHS(), "void()");
  lower(B->getRHS());
}

// c ? x : y with an await in x or y: only the chosen branch is evaluated.
void ExpressionSpiller::Impl::lowerConditional(const ConditionalOperator *C) {
  lower(C->getCond());
  keepTemporariesInFrame(C->getCond());
  if (C->isTypeDependent())
    return lowerDependentConditional(C);
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
      return Name + " = " + runtime::AddressOf + "(" + text(X) + ");";
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
  step(C->getCond(), ifCondition(C->getCond()));
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

std::string ExpressionSpiller::Impl::ifCondition(const Expr *C) {
  std::string Text = text(C);
  // A parenthesized condition not replaced as a whole still reads (...).
  const auto *P = dyn_cast<ParenExpr>(C->IgnoreImpCasts());
  if (P && !Replaced.count(C) && !Replaced.count(P) && Text.size() >= 2 &&
      Text.front() == '(' && Text.back() == ')')
    Text = Text.substr(1, Text.size() - 2);
  return "if (" + Text + ") {";
}

} // namespace asyncc
