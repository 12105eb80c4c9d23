// Finding the functions marked ASYNC in the main file (free functions,
// members, static and const ones, templates, lambdas and generic lambdas,
// operators) and checking that their kind and their return type are ones
// the lowering supports.
#pragma once

#include "Diagnostics.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/StmtCXX.h"

#include <optional>
#include <vector>

namespace asyncc {

struct AsyncFunction {
  const clang::FunctionDecl *Function = nullptr;
  const clang::CoroutineBodyStmt *Coroutine = nullptr;
  // The type of `this` in the body: a non-static member function's, or the
  // enclosing object's for a lambda that captures `this`; null otherwise.
  clang::QualType ThisType;
  // An ASYNC lambda nested in an ASYNC function that captures `this`: the
  // enclosing function's lowering rewrites `this` in the lambda's body too
  // (to its saved object, which the lambda captures by that name), so this
  // one leaves it alone and keeps the object under the same name.
  bool ThisRewrittenByEnclosing = false;
  // ASYNC lambdas: the lambda, and what its body names through captures
  // (kept in the machine as references to the closure's members or to the
  // captured objects, as the native coroutine sees them through `this`).
  const clang::LambdaExpr *Lambda = nullptr;
  struct Capture {
    const clang::VarDecl *Var;
    clang::QualType FieldType; // a reference type
  };
  std::vector<Capture> Captures;
  // T of async::Task<T> / async::ValueTask<T>; void for Task<> / ValueTask<>.
  clang::QualType ResultType;
  // The builder class template for the task type, as C#'s
  // AsyncTaskMethodBuilder / AsyncValueTaskMethodBuilder; empty for another
  // task type R, whose builder is async::AsyncMethodBuilder<R>::type (C#'s
  // [AsyncMethodBuilder]), ResultType then being null.
  std::string BuilderTemplate;
};

// Definitions carrying ASYNC (annotate("async")) written in the main file, in
// source order. Those that are not coroutines get the "runs synchronously"
// warning and are left alone.
std::vector<const clang::FunctionDecl *>
findAsyncFunctions(clang::ASTContext &Ctx, Diagnostics &Diags);

// Checks one function; reports an error and returns nullopt when its kind or
// return type cannot be lowered.
std::optional<AsyncFunction> classifyAsyncFunction(const clang::FunctionDecl *F,
                                                   Diagnostics &Diags);

} // namespace asyncc
