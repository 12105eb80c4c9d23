// Inside a template, types Clang cannot name before instantiation: an `auto`
// local deduced from a dependent initializer, a dependent awaited operand,
// a reference whose initializer may or may not be a temporary. They are
// spelled through decltype of the lowered text (which names frame fields, so
// a template's machine declares its fields in source order).
#pragma once

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"

#include <optional>
#include <string>

namespace asyncc {

// decltype((Text)): the type and value category of an expression.
std::string declaredTypeOf(const std::string &Text);

// True when local V, in a template, gets its frame type from its
// initializer's text: its type is deduced from a dependent initializer, or
// it is a reference whose initializer is dependent (a temporary or not is
// known only after instantiation).
bool needsTypeFromInitializer(const clang::VarDecl *V);

// The frame field type of such a V, given R = declaredTypeOf(initializer
// text): std::decay_t<R> for `auto`, async::detail::BoundReference<D, R> for
// a reference; nullopt with WhyNot for a declarator it cannot follow.
std::optional<std::string> frameTypeFromInitializer(const clang::VarDecl *V,
                                                    const std::string &R,
                                                    const clang::ASTContext &Ctx,
                                                    std::string &WhyNot);

// True when T involves a template parameter invented for an `auto`
// parameter (generic lambdas, abbreviated templates), which prints as `auto`
// and so is named through the parameter: decltype(x).
bool namesInventedTemplateParameter(clang::QualType T);

// True when T names an alias declared in a function body (`using T =
// decltype(x);`), which a closure factory's lambda cannot see.
bool namesFunctionLocalAlias(clang::QualType T);

// True when T names a function parameter or local (`decltype(value)`).
bool namesLocalEntity(clang::QualType T);

} // namespace asyncc
