// Classes and enumerations declared in an ASYNC body whose values live
// across co_await: the machine, a local class declared before the body,
// cannot see them, so their definitions move into the machine, where
// MoveNext (a member) finds them under the same name.
#pragma once

#include "AsyncFunctions.h"
#include "Diagnostics.h"
#include "FrameLayout.h"
#include "SourceEdits.h"
#include "SourceRanges.h"

#include <optional>
#include <string>
#include <vector>

namespace asyncc {

// A definition moved into the machine: where it was in the source, and
// its text with the edits inside it applied.
struct MovedLocalType {
  unsigned Offset;
  std::string Text;
};

// The definitions of the body's types that the frame's fields name, in
// source order, removed from the body; they go into the machine (in a
// template among the fields in source order, so that the local aliases
// they name are declared before them). nullopt after an error.
std::optional<std::vector<MovedLocalType>> moveLocalTypesIntoMachine(const AsyncFunction &F,
                                                                     const FrameLayout &Layout,
                                                                     const SourceRanges &Ranges,
                                                                     SourceEdits &Edits,
                                                                     Diagnostics &Diags);

} // namespace asyncc
