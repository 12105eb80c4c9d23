// In a template, a field spelled as decltype of lowered text may name an
// alias the function declares in its body (`using T = decltype(p);` then
// `co_await Echo<T>(p)`). The machine class is declared before the body and
// cannot see it, so such aliases are declared in the machine too, among the
// fields in source order (an alias may itself name fields or other aliases).
#pragma once

#include "Diagnostics.h"
#include "SourceEdits.h"
#include "SourceRanges.h"

#include "clang/AST/Decl.h"

#include <string>
#include <utility>
#include <vector>

namespace asyncc {

// Members: the machine's fields as (source offset, declaration line). Adds a
// line for each local alias of Fn that a member names, directly or through
// another alias. False (with an error) when two such aliases share a name.
bool declareLocalAliasesNamedByFields(
    const clang::FunctionDecl *Fn,
    std::vector<std::pair<unsigned, std::string>> &Members,
    const std::string &Indent, const SourceRanges &Ranges,
    const SourceEdits &Edits, Diagnostics &Diags);

} // namespace asyncc
