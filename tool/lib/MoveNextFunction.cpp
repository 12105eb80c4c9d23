// MoveNext: the dispatch that resumes at the await the machine is suspended
// at, the lowered body, and the completion of the task (a result, or the
// exception that left the body, after the frame is unwound).
#include "MachineParts.h"

#include "RuntimeContract.h"

namespace asyncc {
namespace {

// switch (sm_state): each await's resume label, or the label of the
// outermost try block or constexpr-if branch around it, which dispatches
// further inside (TryBlockLowering, ConstexprBranchLowering).
std::string resumeDispatch(const MachineInputs &In) {
  const GeneratedNames &Names = In.Names;
  if (In.Layout.Awaits.empty())
    return "";
  std::string Out = I4 + "switch (" + Names.state() + ") {\n";
  for (const AwaitSite &Site : In.Layout.Awaits) {
    std::string Target = Names.resumeLabel(Site.Index);
    if (!Site.EnclosingRegions.empty()) {
      const DispatchRegion &Outer = Site.EnclosingRegions.front();
      Target = Outer.Kind == DispatchRegion::Try
                   ? Names.tryLabel(Outer.Index)
                   : Names.constexprIfLabel(In.Layout.ConstexprBranches[Outer.Index].If);
    }
    Out += I4 + "case " + std::to_string(Site.Index) + ": goto " + Target + ";\n";
  }
  Out += I4 + "default: break;\n" + I4 + "}\n";
  return Out;
}

} // namespace

std::string moveNextFunction(const MachineInputs &In, const LoweredBody &Body,
                             const std::string &LoweredText, unsigned BodyOffset,
                             const std::optional<ParameterPackMember> &Pack,
                             bool DestroysItself) {
  const GeneratedNames &Names = In.Names;
  std::string Out = I2 + "void " + runtime::generated::MoveNext +
                    (DestroysItself ? "() {\n" : "() override {\n");
  if (Pack)
    Out += I2 + Pack->BodyOpen;
  Out += I3 + "try {\n";
  Out += resumeDispatch(In);
  if (In.Options.LineDirectives)
    Out += In.Ranges.lineDirectiveAt(BodyOffset);
  Out += I4 + LoweredText + "\n" + In.Ranges.generatedLinesFollow();
  if (Body.UsesExitLabel)
    Out += I2 + Names.exitLabel() + ":\n" + I4 + Names.unwindTo() + "(0);\n";
  Out += I3 + "} catch (...) {\n";
  Out += I4 + Names.unwindTo() + "(0);\n";
  Out += I4 + Names.state() + " = -2;\n";
  Out += I4 + Names.builder() + "." + runtime::member::SetException + "(std::current_exception());\n";
  Out += I4 + "return;\n";
  Out += I3 + "}\n";
  Out += I3 + Names.state() + " = -2;\n";
  Out += I3 + Names.builder() + "." + runtime::member::SetResult + "();\n";
  if (Pack)
    Out += I2 + Pack->BodyClose;
  Out += I2 + "}\n";
  return Out;
}

} // namespace asyncc
