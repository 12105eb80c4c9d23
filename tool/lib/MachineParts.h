// The parts of a state machine's text, each built by one small builder from
// the same per-function inputs (MachineInputs) and put together by
// emitStateMachine (StateMachineEmitter.cpp):
//
//   MachineMembers.cpp    the saved `this`, captures and parameters: fields,
//                         constructor, kickoff arguments
//   FrameSlotFields.cpp   hoisted locals and kept values: the frame unions
//   FrameUnwinder.cpp     sm_unwind_to, which destroys live slots
//   AwaitSiteTable.cpp    where each state is suspended (DumpPendingTasks)
//   MoveNextFunction.cpp  MoveNext: the resume dispatch, the body, completion
#pragma once

#include "AsyncFunctions.h"
#include "Diagnostics.h"
#include "FrameLayout.h"
#include "GeneratedNames.h"
#include "ParameterPacks.h"
#include "SourceEdits.h"
#include "SourceRanges.h"
#include "StateMachineEmitter.h"
#include "StatementLowering.h"

#include "clang/AST/ASTContext.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace asyncc {

// What every builder reads, for one function.
struct MachineInputs {
  const AsyncFunction &F;
  const FrameLayout &Layout;
  const GeneratedNames &Names;
  const SourceRanges &Ranges;
  SourceEdits &Edits;
  clang::ASTContext &Ctx;
  const EmitOptions &Options;
  Diagnostics &Diags;
};

// Indentation: the struct at I1 (inside the function's braces), its members
// at I2, their bodies at I3 and I4.
inline const std::string I1 = "  ", I2 = "    ", I3 = "      ", I4 = "        ";

// The saved `this`, the captures and the parameters.
struct MachineMembers {
  std::string Aliases;  // declared before the struct (types named through a parameter)
  std::string Fields;
  std::string CtorParams, CtorInits, KickoffArgs;  // each item preceded by ", "
  // The fields that own their object (by-value parameters, the pack), in
  // order: a machine without a destructor destroys them in sm_destroy().
  std::vector<std::string> OwnedFields;
  std::optional<ParameterPackMember> Pack;
};
// nullopt after reporting an error.
std::optional<MachineMembers> machineMembers(const MachineInputs &In);

// The frame: hoisted locals and the values full-expressions keep.
struct FrameSlotFields {
  std::string Aliases;     // closure factories, declared before the struct
  std::string LocalTypes;  // moved local type definitions (outside templates)
  std::string Slots;       // the unions
  std::size_t Recorded = 0; // most values one full-expression keeps
};
// nullopt after reporting an error. Also sets the text of the insertions
// that declare the type-erased slots of constexpr-if branches.
std::optional<FrameSlotFields> frameSlotFields(const MachineInputs &In);

// sm_unwind_to(level).
std::string frameUnwinder(const MachineInputs &In);

// The await-site table, or nothing when the machine has no await (or the
// runtime would not find the table under this machine's prefix).
std::string awaitSiteTable(const MachineInputs &In);

// MoveNext, from the lowered body's text (which starts at BodyOffset).
std::string moveNextFunction(const MachineInputs &In, const LoweredBody &Body,
                             const std::string &LoweredText, unsigned BodyOffset,
                             const std::optional<ParameterPackMember> &Pack,
                             bool DestroysItself);

} // namespace asyncc
