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

namespace asyncc {

// The definitions of the body's types that the frame's fields name, with
// the edits inside them applied, removed from the body; their text goes at
// the top of the machine. nullopt after an error.
std::optional<std::string> moveLocalTypesIntoMachine(const AsyncFunction &F,
                                                     const FrameLayout &Layout,
                                                     const SourceRanges &Ranges,
                                                     SourceEdits &Edits, Diagnostics &Diags);

} // namespace asyncc
