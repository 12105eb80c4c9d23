// Pass: one full-expression holding co_await, in C++17's evaluation order
// (Roslyn's AwaitExpressionSpiller, in text).
//
// Everything sequenced before an await and used after it is evaluated first
// into a frame slot of the full-expression (a value, the address of a
// glvalue, a materialized temporary), and its text becomes a use of that
// slot; then the await suspends; what follows the last await stays in place.
// `a && co_await b`, `||` and `?:` keep their short-circuit: the branch's
// awaits sit in an `if`. Unsequenced operands (function arguments,
// arithmetic) are evaluated left to right, as Clang does; assignments
// evaluate their right operand first, as C++17 says.
//
// The result is a prelude (statements to put before the full-expression's
// statement) and edits that make the full-expression's own text the residual:
// the rest of the evaluation, with `sm_awaiterN.GetResult()` and slot uses
// in place of what the prelude computed.
#pragma once

#include "Diagnostics.h"
#include "FrameLayout.h"
#include "GeneratedNames.h"
#include "SourceEdits.h"
#include "SourceRanges.h"

#include "clang/AST/ASTContext.h"

#include <optional>
#include <string>

namespace asyncc {

class ExpressionSpiller {
public:
  ExpressionSpiller(const AsyncFunction &F, const FrameLayout &Layout, FullExpression &FE,
                    const GeneratedNames &Names, const SourceRanges &Ranges,
                    SourceEdits &Edits, clang::ASTContext &Ctx,
                    Diagnostics &Diags, unsigned &TemporaryCounter);

  // Lowers FE.Expr; the prelude's lines start with Indent. False after an
  // error has been reported.
  bool lower(const std::string &Indent);

  // Starts with `sm_live = <link>;`: from there on an exception or a
  // destroyed machine destroys what the prelude created.
  const std::string &prelude() const { return Prelude; }
  // FE.Expr's text with the edits applied: no co_await left.
  std::string residual() const;
  // A trivially destructible slot for a value computed from the residual
  // (a condition's value), or nullopt after an error.
  std::optional<std::string> valueSlot(clang::QualType T, const std::string &Comment);
  // The same with a spelled type (decltype-based, in a template).
  std::string valueSlot(const std::string &Type, const std::string &Comment);

private:
  class Impl;
  const AsyncFunction &F;
  const FrameLayout &Layout;
  FullExpression &FE;
  const GeneratedNames &Names;
  const SourceRanges &Ranges;
  SourceEdits &Edits;
  clang::ASTContext &Ctx;
  Diagnostics &Diags;
  unsigned &TemporaryCounter;
  std::string Prelude;
};

} // namespace asyncc
