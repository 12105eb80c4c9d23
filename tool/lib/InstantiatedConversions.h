// In a template, an awaited call's argument that a reference parameter of
// another type binds is converted to a temporary that must live until the
// await completes; which arguments are converted is known only on
// instantiation. The lowering keeps the converted temporary where the
// callee's parameter types can be named (TemplateArguments.h); elsewhere
// (an overload set, a deduced or member callee) it keeps the argument as
// written, which would leave the callee a dangling reference. This check
// reads the instantiations in the translation unit and reports each such
// argument as an error, at the argument, naming the instantiation.
#pragma once

#include "Diagnostics.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"

#include <vector>

namespace asyncc {

// The instantiations of Pattern in the translation unit: a function
// template's (a member template's, a generic lambda's) specializations, a
// class template's member function in each specialization.
std::vector<const clang::FunctionDecl *>
templateInstantiationsOf(const clang::FunctionDecl *Pattern);

// Reports every awaited argument converted to a temporary in an
// instantiation of Pattern that its lowering would not keep. Returns false
// when it reported one.
bool checkConvertedAwaitArguments(const clang::FunctionDecl *Pattern, Diagnostics &Diags);

} // namespace asyncc
