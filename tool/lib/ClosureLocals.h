// A local of lambda type that lives across co_await (`auto f = [&](int x) {
// ... };` then co_await, then `f(1)`). Its closure type has no name that a
// member declaration can write in C++17 (decltype of a lambda expression
// needs C++20), so the lambda expression itself moves into a factory
// declared before the machine:
//
//   static constexpr auto sm_make_f = [](int &x, C *&sm_this) { return <the lambda>; };
//   struct F_StateMachine ... {
//     union { decltype(sm_make_f(std::declval<decltype(x) &>(), ...)) f; };
//
// and MoveNext builds the field with `sm_make_f(x, sm_this)`. A lambda that
// is a temporary kept in the frame by its full-expression (`co_await
// async::Run([x] { ... })`) gets a factory the same way (ExpressionSpilling). The factory's
// parameters are the frame fields (and plain locals it captures) that the
// lowered lambda names, under the same names, by reference: captures copy or
// bind exactly what they did in place, and the lambda is the same lambda
// (generic, mutable, with init-captures), only created one call deeper. A
// parameter whose type only the machine can spell is `auto &`.
#pragma once

#include "AsyncFunctions.h"
#include "Diagnostics.h"
#include "FrameLayout.h"
#include "GeneratedNames.h"
#include "SourceEdits.h"
#include "SourceRanges.h"

#include "clang/AST/ASTContext.h"

#include <optional>
#include <string>

namespace asyncc {

// The lambda expression of `auto f = [...] {...};` (or of a reference bound
// to it, `const auto &f = [...] {...};`), else nullptr.
const clang::LambdaExpr *closureInitializer(const clang::VarDecl *V);

// The factory for lambda L: its declaration (before the machine), the type
// of what it creates, and the call that creates it (from MoveNext).
struct ClosureFactory {
  std::string Declaration, Type, Call;
};
// Named Name; Creates says what it creates (for the comment). nullopt after
// an error.
std::optional<ClosureFactory>
buildClosureFactory(const AsyncFunction &F, const FrameLayout &Layout,
                    const clang::LambdaExpr *L, const std::string &Name,
                    const std::string &Creates, const GeneratedNames &Names,
                    const SourceRanges &Ranges, const SourceEdits &Edits,
                    clang::ASTContext &Ctx, Diagnostics &Diags);

// For each closure slot of Layout: fills in its factory and field type, and
// replaces the lambda expression with the factory call. False after an error
// (the lambda names something declared in the function that the factory,
// placed before the machine, cannot see).
bool lowerClosureLocals(const AsyncFunction &F, FrameLayout &Layout,
                        const GeneratedNames &Names, const SourceRanges &Ranges,
                        SourceEdits &Edits, clang::ASTContext &Ctx, Diagnostics &Diags);

} // namespace asyncc
