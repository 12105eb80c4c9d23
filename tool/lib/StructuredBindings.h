// A structured binding whose scope holds co_await (`auto [key, value] =
// co_await Lookup(k);`). Its hidden variable (the object the initializer
// gives) becomes a frame slot like any local, sm_bindingN, and each name it
// introduces becomes what the language says it names:
//
//   a data member:   key   ->  (sm_binding0.key)
//   an element:      key   ->  (sm_binding0[0])
//   tuple-like:      key   ->  (::std::get<0>(sm_binding0))   or (sm_binding0.get<0>())
//
// A tuple-like get that returns a value makes a variable of its own per name
// (the binding's holding variable, a reference bound to get's result): that
// value gets a frame slot of its own, built from the get call right after
// the hidden variable, and the name becomes that slot.
#pragma once

#include "Diagnostics.h"

#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/DenseMap.h"

#include <string>

namespace asyncc {

// True when B is a tuple-like binding whose get returns a value.
bool bindsOwnValue(const clang::BindingDecl *B);

// The get call of tuple-like binding B (the I-th name), over Use: `get<I>(e)`
// or `e.get<I>()`; empty after an error.
std::string tupleGetCall(const clang::BindingDecl *B, unsigned I, const std::string &Use,
                         Diagnostics &Diags);

// Adds to Uses, for each name of D, the text a use of it becomes, given Use,
// the text that names the hidden variable; ValueUses: the uses of the names
// that bind their own value (bindsOwnValue). False after an error.
bool structuredBindingUses(const clang::DecompositionDecl *D, const std::string &Use,
                           const llvm::DenseMap<const clang::BindingDecl *, std::string> &ValueUses,
                           llvm::DenseMap<const clang::BindingDecl *, std::string> &Uses,
                           Diagnostics &Diags);

} // namespace asyncc
