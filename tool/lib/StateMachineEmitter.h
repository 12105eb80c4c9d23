// Pass: the text that replaces an ASYNC function's body: the state-machine
// struct (builder, state, saved `this`, parameters, hoisted slots, the
// destructor, sm_unwind_to, MoveNext with its dispatch switch) followed by
// the kickoff that creates the machine, starts it and returns its task.
// Each part has a builder of its own (MachineParts.h).
#pragma once

#include "AsyncFunctions.h"
#include "Diagnostics.h"
#include "FrameLayout.h"
#include "GeneratedNames.h"
#include "LocalTypes.h"
#include "SourceEdits.h"
#include "SourceRanges.h"
#include "StatementLowering.h"

#include <optional>
#include <string>

namespace asyncc {

struct EmitOptions {
  bool LineDirectives = true;
  // Definitions of types declared in the body, moved into the machine
  // (LocalTypes.h).
  std::vector<MovedLocalType> LocalTypes;
};

// The name of a parameter's field: its own, or a generated one for an
// unnamed parameter (which the kickoff's signature then gets).
std::string parameterName(const clang::ParmVarDecl *P, const GeneratedNames &Names);

// The struct's name: FunctionName_StateMachine, LambdaN_StateMachine.
std::string machineTypeName(const AsyncFunction &F, const SourceRanges &Ranges);

// The new body, braces included; nullopt after reporting an error. (It
// sets the text of the insertions that declare the type-erased slots of
// constexpr-if branches, FrameLayout::ConstexprBranch.)
std::optional<std::string>
emitStateMachine(const AsyncFunction &F, const FrameLayout &Layout,
                 const LoweredBody &Body, const GeneratedNames &Names,
                 const SourceRanges &Ranges, SourceEdits &Edits,
                 clang::ASTContext &Ctx, const EmitOptions &Options,
                 Diagnostics &Diags);

} // namespace asyncc
