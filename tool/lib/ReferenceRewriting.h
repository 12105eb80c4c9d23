// Pass: references that mean something else once the body is inside
// MoveNext(). Implicit member accesses get the saved object (`sm_this->`),
// `this` becomes `sm_this`, a hoisted local whose field was renamed (two
// locals of one name) is renamed at every use, and lambdas that capture a
// hoisted local, a parameter or `this` capture the field explicitly so that a
// by-copy capture stays a copy.
#pragma once

#include "AsyncFunctions.h"
#include "Diagnostics.h"
#include "FrameLayout.h"
#include "GeneratedNames.h"
#include "SourceEdits.h"
#include "SourceRanges.h"

namespace asyncc {

// Returns false after reporting an error.
bool rewriteReferences(const AsyncFunction &F, const FrameLayout &Layout,
                       const GeneratedNames &Names, const SourceRanges &Ranges,
                       SourceEdits &Edits, Diagnostics &Diags);

} // namespace asyncc
