// In a template, Clang records a lambda's implicit captures (those of a
// capture default, [=] or [&]) only when it instantiates the lambda: the
// pattern lists the explicit ones alone. What such a lambda captures is
// found here from what its body names.
#pragma once

#include "clang/AST/ExprCXX.h"

#include <vector>

namespace asyncc {

struct ImplicitCaptures {
  // Variables of enclosing functions named outside unevaluated operands
  // (in L's body or in lambdas nested in it), in order of first use, less
  // those L captures explicitly.
  std::vector<const clang::ValueDecl *> Variables;
  // `this`, explicitly or through an implicit member access.
  bool This = false;
};

// What lambda L captures through its capture default; empty without one.
ImplicitCaptures implicitCapturesOf(const clang::LambdaExpr *L);

} // namespace asyncc
