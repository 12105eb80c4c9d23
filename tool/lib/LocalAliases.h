// In a template, a field spelled as decltype of lowered text may name an
// alias the function declares in its body (`using T = decltype(p);` then
// `co_await Echo<T>(p)`). The machine class is declared before the body and
// cannot see it, so such aliases are declared in the machine too, among the
// fields in source order (an alias may itself name fields or other aliases).
// (The alias stays where it was as well.)
#pragma once

#include "Diagnostics.h"
#include "SourceEdits.h"
#include "SourceRanges.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/ArrayRef.h"

#include <string>
#include <utility>
#include <vector>

namespace asyncc {

// Members: the machine's fields as (source offset, declaration line). Adds a
// line for each local alias of Fn declared in Scope, outside the statements
// Excluded (other than Scope itself), that a member names, directly or
// through another alias. False (with an error) when two such aliases share
// a name.
//
// The branches of an `if constexpr` declare their slots' types at their top
// (FrameSlot::Branch), before the aliases of the branch's body: the same
// call, with the branch as Scope, declares those there. The machine's own
// call excludes the branches, whose aliases may be ill-formed where the
// branch is discarded; a branch's call excludes the other branches.
bool declareLocalAliasesNamedByFields(
    const clang::FunctionDecl *Fn, const clang::Stmt *Scope,
    llvm::ArrayRef<const clang::Stmt *> Excluded,
    std::vector<std::pair<unsigned, std::string>> &Members,
    const std::string &Indent, const SourceRanges &Ranges,
    const SourceEdits &Edits, Diagnostics &Diags);

} // namespace asyncc
