// Pass: the statements of the body, rewritten in place for MoveNext().
//
//   - a full-expression holding co_await gets its prelude in front of its
//     statement (ExpressionSpilling: each await constructs its awaiter, and
//     if it is not complete records the state, hands the machine to the
//     builder and returns; the resume label sits right there), and what it
//     kept in the frame dies at its end; conditions of if and switch keep
//     their value in a slot, loop conditions and increments move into the
//     loop's body;
//   - a hoisted local's declaration becomes a placement-new into its field;
//   - the end of a scope, break, continue, goto and co_return destroy the
//     hoisted locals they leave (sm_unwind_to), co_return then jumps to the
//     exit, where the task is completed.
#pragma once

#include "AsyncFunctions.h"
#include "Diagnostics.h"
#include "FrameLayout.h"
#include "GeneratedNames.h"
#include "SourceEdits.h"
#include "SourceRanges.h"

namespace asyncc {

struct LoweredBody {
  bool UsesExitLabel = false;
};

// Returns nullopt after reporting an error.
std::optional<LoweredBody> lowerStatements(const AsyncFunction &F,
                                           FrameLayout &Layout,
                                           const GeneratedNames &Names,
                                           const SourceRanges &Ranges,
                                           SourceEdits &Edits,
                                           clang::ASTContext &Ctx,
                                           Diagnostics &Diags);

} // namespace asyncc
