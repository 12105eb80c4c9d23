// Questions the expression spiller asks about an operand evaluated before a
// co_await in the same expression: can it simply be evaluated again later,
// and can a kept copy of it be made at all.
#pragma once

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"

namespace asyncc {

// True when evaluating E later gives the same result and has no effect:
// constants, names of objects and functions, `this`, members of those,
// a lambda capturing only by reference. Such an operand is not kept.
bool isStableOperand(const clang::Expr *E, clang::ASTContext &Ctx);

// True unless T is a class whose copy and move constructors are all deleted
// (such a prvalue cannot be put into a frame slot and handed on).
bool isMovableType(clang::QualType T);

} // namespace asyncc
