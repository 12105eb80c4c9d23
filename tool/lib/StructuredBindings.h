// A structured binding whose scope holds co_await (`auto [key, value] =
// co_await Lookup(k);`). Its hidden variable (the object the initializer
// gives) becomes a frame slot like any local, sm_bindingN, and each name it
// introduces becomes what the language says it names:
//
//   a data member:   key   ->  (sm_binding0.key)
//   an element:      key   ->  (sm_binding0[0])
//   tuple-like:      key   ->  (::std::get<0>(sm_binding0))   or (sm_binding0.get<0>())
//
// A tuple-like get must return a reference (into the hidden variable): a get
// that returns a value makes a variable of its own per name, which is refused.
#pragma once

#include "Diagnostics.h"

#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/DenseMap.h"

#include <string>

namespace asyncc {

// Adds to Uses, for each name of D, the text a use of it becomes, given Use,
// the text that names the hidden variable. False after an error.
bool structuredBindingUses(const clang::DecompositionDecl *D, const std::string &Use,
                           llvm::DenseMap<const clang::BindingDecl *, std::string> &Uses,
                           Diagnostics &Diags);

} // namespace asyncc
