// The await-site table: where each state is suspended, which
// async::DumpPendingTasks prints for a pending task.
#include "MachineParts.h"

#include "RuntimeContract.h"

namespace asyncc {

std::string awaitSiteTable(const MachineInputs &In) {
  const GeneratedNames &Names = In.Names;
  // (The runtime reads the state as `sm_state`: with another prefix, the
  // table is left out and the dump shows no location.)
  if (In.Layout.Awaits.empty() || Names.state() != runtime::generated::State)
    return "";
  const SourceRanges &Ranges = In.Ranges;
  std::string Function =
      In.F.Lambda ? "lambda at line " +
                        std::to_string(Ranges.lineAt(*Ranges.offset(In.F.Lambda->getBeginLoc())))
                  : In.F.Function->getQualifiedNameAsString();
  std::string Out = I2 + "// Where each state is suspended (async::DumpPendingTasks).\n";
  Out += I2 + "static const " + runtime::AwaitSite + " *" + Names.awaitSites() + "() noexcept {\n";
  Out += I3 + "static constexpr " + runtime::AwaitSite + " sites[] = {\n";
  for (const AwaitSite &Site : In.Layout.Awaits)
    Out += I4 + "{" + quoted(Function) + ", " + quoted(Ranges.shownFileName()) + ", " +
           std::to_string(Ranges.lineAt(*Ranges.offset(Site.Await->getBeginLoc()))) +
           "}, // await " + std::to_string(Site.Index) + "\n";
  Out += I3 + "};\n" + I3 + "return sites;\n" + I2 + "}\n\n";
  return Out;
}

} // namespace asyncc
