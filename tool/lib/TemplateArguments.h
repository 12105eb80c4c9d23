// In a template, an awaited call's argument may be a temporary that must
// live until the await completes (bound to a `const T&` parameter that the
// callee reads after its own suspension); before instantiation neither the
// callee nor the argument's value category is known. So each argument that
// may be a prvalue is kept in the frame for the whole full-expression, as
// async::detail::Kept<decltype((arg))> (a prvalue in place, a glvalue by
// reference), and passed on as static_cast<decltype((arg))&&>(kept.value):
// a reference parameter binds the kept object, a by-value parameter is
// moved from it (one move more than the native build, for class types).
// Where the callee is one function whose parameter types can be named on
// instantiation (decltype(&callee)), a reference parameter of another type
// than the argument binds a temporary converted from it, and that converted
// temporary is what is kept (async::detail::BoundArgument), as the native
// build keeps it: a literal 42 passed to `const T&` with T = double.
// A lambda expression is kept the same way, created by a closure factory
// (ClosureLocals.h), as its type has no name.
#pragma once

#include "clang/AST/Expr.h"

#include <vector>

namespace asyncc {

// An argument to keep, and the call that binds it where its parameter's type
// can be named on instantiation: `decltype(&callee)` is one function type,
// and the argument is its parameter ParameterIndex.
struct KeptArgument {
  const clang::Expr *Arg = nullptr;
  const clang::Expr *NamedCallee = nullptr;
  unsigned ParameterIndex = 0;
};

// The callee of C when `decltype(&callee)` names one function type on
// instantiation, so that the types of its parameters can be named; else null.
const clang::Expr *calleeWithNamedParameters(const clang::CallExpr *C);

// The arguments inside Operand (a dependent awaited expression) to keep in
// the frame, innermost first. Returns nullptr, or an argument that cannot be
// kept (a pack expansion that may make temporaries, one per element, or a
// braced list that a reference parameter may bind).
const clang::Expr *templateArgumentsToKeep(const clang::Expr *Operand,
                                           std::vector<KeptArgument> &Keep);

} // namespace asyncc
