// Every name the lowering invents comes from here. One prefix per function,
// chosen so that no identifier of the user's function starts with it; names
// are never reserved identifiers (no leading underscore, no double
// underscore).
#pragma once

#include "RuntimeContract.h"

#include "llvm/ADT/StringSet.h"

#include <string>

namespace asyncc {

class GeneratedNames {
public:
  // UsedIdentifiers: every identifier declared or referenced in the function.
  explicit GeneratedNames(const llvm::StringSet<> &UsedIdentifiers);

  std::string state() const { return Prefix + "state"; }
  std::string live() const { return Prefix + "live"; }
  std::string builder() const { return Prefix + "builder"; }
  std::string self() const { return Self.empty() ? Prefix + "this" : Self; }
  // A nested ASYNC lambda keeps the enclosing function's name for the saved
  // object (AsyncFunction::ThisRewrittenByEnclosing).
  void useSelfName(const std::string &Name) { Self = Name; }
  // A lambda's copy of the object, in a lambda that captures `*this`.
  std::string selfCopy() const { return Prefix + "this_copy"; }
  std::string unwindTo() const { return Prefix + "unwind_to"; }
  // The runtime looks for this name (async/diagnostics.h).
  std::string awaitSites() const { return runtime::generated::AwaitSites; }
  // Read by the runtime's box under this name (MachineDestruction.h).
  std::string destroyItself() const { return runtime::generated::DestroyItself; }
  std::string exitLabel() const { return Prefix + "exit"; }
  std::string machineVar() const { return Prefix + "machine"; }
  std::string taskVar() const { return Prefix + "task"; }
  std::string awaiter(unsigned N) const { return Prefix + "awaiter" + std::to_string(N); }
  std::string temporary(unsigned N) const { return Prefix + "tmp" + std::to_string(N); }
  std::string temporaryOrder() const { return Prefix + "temporary_order"; }
  std::string temporaryCount() const { return Prefix + "temporary_count"; }
  std::string awaitable(unsigned N) const { return Prefix + "awaitable" + std::to_string(N); }
  std::string resumeLabel(unsigned N) const { return Prefix + "resume" + std::to_string(N); }
  std::string rangeVar(unsigned N) const { return Prefix + "range" + std::to_string(N); }
  std::string beginVar(unsigned N) const { return Prefix + "begin" + std::to_string(N); }
  std::string endVar(unsigned N) const { return Prefix + "end" + std::to_string(N); }
  std::string tryLabel(unsigned N) const { return Prefix + "try" + std::to_string(N); }
  std::string continueLabel(unsigned N) const { return Prefix + "continue" + std::to_string(N); }
  // Before the N-th `if constexpr` holding co_await in a template: resuming
  // goes there, then through its branch's dispatch switch.
  std::string constexprIfLabel(unsigned N) const { return Prefix + "if" + std::to_string(N); }
  // A frame slot kept in a branch of such an `if constexpr`: the field is
  // the type-erased storage, and the branch declares the type and the name
  // (FieldName, a user's local or a generated name) over it.
  std::string erasedSlot(const std::string &FieldName) const {
    return erasedBase(FieldName) + "_slot";
  }
  std::string erasedType(const std::string &FieldName) const {
    return erasedBase(FieldName) + "_type";
  }
  // The hidden variable of the N-th structured binding kept in the frame.
  std::string structuredBinding(unsigned N) const { return Prefix + "binding" + std::to_string(N); }
  std::string unnamedParameter(unsigned N) const { return Prefix + "arg" + std::to_string(N); }
  // The type of a generic lambda's `auto` parameter, named before the machine.
  std::string parameterType(const std::string &Parameter) const {
    return Prefix + Parameter + "_type";
  }
  // A dependent task type that names a parameter, named before the machine.
  std::string taskType() const { return Prefix + "task_type"; }
  std::string resultType() const { return Prefix + "result_type"; }
  // The tuple that keeps a function parameter pack (ParameterPacks.h).
  std::string parameterPack(const std::string &Parameter) const {
    return Prefix + Parameter + "_pack";
  }
  // The factory that creates a lambda-typed local kept across co_await.
  std::string closureFactory(const std::string &Local) const {
    return Prefix + "make_" + Local;
  }
  // The struct's name: FunctionName_StateMachine.
  static std::string machineType(const std::string &FunctionName) {
    return FunctionName + "_StateMachine";
  }

private:
  // A generated name keeps its prefix; a user's local gets it, and one that
  // would then spell a generated name (a local `tmp3` beside `sm_tmp3`)
  // is told apart.
  std::string erasedBase(const std::string &FieldName) const;

  std::string Prefix;
  std::string Self;
};

} // namespace asyncc
