// Pass: the statements of the body, rewritten in place for MoveNext().
//
//   - an await becomes its prelude (construct the awaiter, and if it is not
//     complete: record the state, hand the machine to the builder, return;
//     the resume label sits right there) and `sm_awaiterN.GetResult()` in
//     place of the co_await expression, the awaiter being destroyed at the
//     end of the statement;
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
                                           const FrameLayout &Layout,
                                           const GeneratedNames &Names,
                                           const SourceRanges &Ranges,
                                           SourceEdits &Edits,
                                           clang::ASTContext &Ctx,
                                           Diagnostics &Diags);

} // namespace asyncc
