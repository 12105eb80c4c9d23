// Private to the expression spiller: the state of lowering one
// full-expression, shared by the files that implement it:
//   ExpressionSpilling.cpp        evaluation order, kept operands and
//                                 temporaries, the awaits themselves
//   ShortCircuitSpilling.cpp      &&, ||, ?: and the comma operator
//   DependentOperandSpilling.cpp  in templates: operands and awaited-call
//                                 arguments whose type is known only on
//                                 instantiation
#pragma once

#include "ExpressionSpilling.h"

#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/DenseSet.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace asyncc {

class ExpressionSpiller::Impl {
public:
  Impl(ExpressionSpiller &S, const std::string &Indent) : S(S), Indent(Indent) {}

  bool run();

  // A slot for a value of type T created at At (named through
  // TypeSpelling, or through a closure factory for a lambda); nullopt once
  // reported.
  std::optional<ExpressionSlot> addSlot(clang::QualType T, const clang::Expr *At,
                                        bool Destroyed, const std::string &Comment);

private:
  // --- Slots and generated text (ExpressionSpilling.cpp) -----------------
  // Every slot of the full-expression is made here: a name, and its index
  // in FE.Slots, which the machine records when the slot is created.
  std::optional<ExpressionSlot> newSlot(const clang::Expr *At, std::string Type,
                                        clang::QualType DeclType, bool Destroyed,
                                        std::string Comment);
  std::optional<ExpressionSlot> addClosureSlot(const clang::LambdaExpr *L, bool Destroyed,
                                               const std::string &Comment);
  void error(clang::SourceLocation Loc, const std::string &Message);
  static bool containsAwait(const clang::Stmt *E);
  std::optional<std::pair<unsigned, unsigned>> range(const clang::Expr *E);
  std::string text(const clang::Expr *E);
  // `if (<c>) {` for the condition C of a conditional operator being split
  // into branches, without C's own outer parentheses (`if ((a == b))` draws
  // clang's -Wparentheses-equality).
  std::string ifCondition(const clang::Expr *C);
  void replace(const clang::Expr *E, const std::string &With);
  void step(const clang::Expr *E, const std::string &Code);
  std::string record(unsigned Id) const;
  // `::new (async::detail::Storage(Name)) TypeAndInit`
  static std::string newInSlot(const std::string &Name, const std::string &TypeAndInit);
  std::string construct(const std::string &Name, const std::string &Type,
                        const std::string &Init) const;
  // An expression that creates the last slot from TypeAndInit and records
  // it then: for a creation inside an expression, whose order among the
  // others is not known.
  std::string createdInLastSlot(const std::string &Name, const std::string &TypeAndInit) const;
  unsigned lastId() const { return S.FE.Slots.size() - 1; }

  // --- Evaluation order (ExpressionSpilling.cpp) -------------------------
  void lower(const clang::Expr *E);
  void lowerInOrder(std::vector<const clang::Expr *> Operands);
  void spill(const clang::Expr *E);
  void materializeNow(const clang::MaterializeTemporaryExpr *M);
  void keepTemporariesInFrame(const clang::Expr *E);
  const AwaitSite *siteOf(const clang::Expr *A) const;
  bool keepAwaited(const clang::Expr *A, const clang::Expr *Operand, std::string Text,
                   unsigned Index, std::string &AwaiterOf, std::string &AwaiterArg);
  void lowerAwait(const clang::Expr *A);

  // --- Short-circuits (ShortCircuitSpilling.cpp) --------------------------
  void lowerShortCircuit(const clang::BinaryOperator *B);
  void lowerComma(const clang::BinaryOperator *B);
  void lowerConditional(const clang::ConditionalOperator *C);
  template <class F> void nested(F Body) {
    std::string Saved = Indent;
    Indent += "  ";
    Body();
    Indent = Saved;
  }

  // --- Templates (DependentOperandSpilling.cpp) ---------------------------
  void keepDependent(const clang::Expr *E, const std::string &Text);
  void lowerDependentConditional(const clang::ConditionalOperator *C);
  bool keepTemplateArguments(const clang::Expr *Operand);
  bool keepLambdaArgument(const clang::LambdaExpr *L);
  // Text for decltype only: each kept argument as std::declval of its type
  // (the same type and value category, and a readable field declaration).
  std::string forTypeOnly(std::string Text) const;
  // (the text that keeps an argument or a temporary, its std::declval),
  // innermost first.
  std::vector<std::pair<std::string, std::string>> KeptArguments;

  ExpressionSpiller &S;
  std::string Indent;
  std::string Out;
  unsigned LastLine = 0; // of the last #line written
  bool Failed = false;
  // Expressions whose text was replaced: what is inside was handled.
  llvm::DenseSet<const clang::Expr *> Replaced;
};

} // namespace asyncc
