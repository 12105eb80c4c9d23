// A function parameter pack (`template <class... Ts> ASYNC Task<int>
// Sum(Ts... xs)`). A pack cannot be a data member, so the machine keeps it
// as one object holding the parameters' copies (or references) in order,
//
//   async::detail::ParameterPack<Ts...> sm_xs_pack;
//
// and MoveNext's body runs inside a lambda that takes the elements back as
// a pack of the same name (async::detail::ExpandParameterPack):
//
//   async::detail::ExpandParameterPack(sm_xs_pack, [&](Ts &...xs) { <body> });
//
// A by-value element comes back as an lvalue reference to the frame's copy,
// a reference element as itself (`Ts &&...xs` stays an rvalue reference).
// Field types that the lowering spells through decltype of lowered text
// name `xs` at class scope, where it is the function's own parameter pack:
// an unevaluated use, which a local class may make.
#pragma once

#include "AsyncFunctions.h"
#include "Diagnostics.h"
#include "GeneratedNames.h"
#include "SourceEdits.h"
#include "SourceRanges.h"

#include "clang/AST/ASTContext.h"

#include <optional>
#include <string>

namespace asyncc {

// What the machine declares for the pack parameter P (named Name).
struct ParameterPackMember {
  std::string Field;          // async::detail::ParameterPack<Ts...> sm_xs_pack
  std::string CtorParameter;  // async::detail::ForwardedPack<Ts...> sm_xs_pack
  std::string CtorInit;       // sm_xs_pack(std::move(sm_xs_pack))
  std::string KickoffArgument; // async::detail::ForwardedPack<Ts...>(std::forward<Ts>(xs)...)
  std::string BodyOpen;       // async::detail::ExpandParameterPack(sm_xs_pack, [&](Ts &...xs) {
  std::string BodyClose;      // });
};
// nullopt, with the reason in WhyNot, when the pattern's type cannot be
// named in the machine.
std::optional<ParameterPackMember> parameterPackMember(const clang::ParmVarDecl *P,
                                                       const std::string &Name,
                                                       const GeneratedNames &Names,
                                                       clang::ASTContext &Ctx,
                                                       std::string &WhyNot);

// In the body, `decltype(xs)` of a by-value pack names the declared type
// (Ts); the lambda's element is a reference (Ts &), so the lowering writes
// std::remove_reference_t<decltype(xs)>. False after an error.
bool rewritePackDecltypes(const AsyncFunction &F, const SourceRanges &Ranges,
                          SourceEdits &Edits, Diagnostics &Diags);

} // namespace asyncc
