// The three expressions that suspend an ASYNC body: co_await, co_await in a
// template whose promise type is dependent (Clang keeps it as a
// DependentCoawaitExpr until instantiation), and co_yield.
#pragma once

#include "clang/AST/ExprCXX.h"

#include <vector>

namespace asyncc {

// co_await e (resolved or dependent) or co_yield e.
bool isSuspension(const clang::Stmt *S);

// The e of co_await e or co_yield e: the only part the user wrote (the rest
// is Sema's expansion).
const clang::Expr *suspensionOperand(const clang::Expr *Suspension);

bool isYield(const clang::Expr *Suspension);

// Sema's expansion (await_ready/suspend/resume calls), or nullptr for a
// dependent co_await, which has none until instantiation.
const clang::CoroutineSuspendExpr *resolvedSuspension(const clang::Expr *Suspension);

// The awaits and yields of S in source order, not looking into lambdas.
std::vector<const clang::Expr *> suspensionsIn(const clang::Stmt *S);

// True when S contains a co_await or co_yield of this function (lambda bodies
// are other functions and are not searched).
bool containsSuspension(const clang::Stmt *S);

} // namespace asyncc
