// sm_unwind_to(level): destroys the live frame slots, innermost first, until
// `level` is the innermost. A full-expression's slot stands for the values
// it keeps, which die in reverse order of creation (sm_temporary_order).
#include "MachineParts.h"

#include "RuntimeContract.h"

namespace asyncc {
namespace {

// How the unwinder destroys one value: a slot of a constexpr-if branch
// through its storage, as the type cannot be named outside the branch.
std::string destroyCall(const GeneratedNames &Names, const std::string &Name, unsigned Branch) {
  return Branch ? Names.erasedSlot(Name) + ".Destroy()" : runtime::Destroy + "(" + Name + ")";
}

std::string unwindFullExpression(const GeneratedNames &Names, const FrameSlot &Slot,
                                 const FullExpression &FE) {
  std::string Out = I4 + "case " + std::to_string(Slot.Id) + ": " + Names.live() + " = " +
                    std::to_string(Slot.Parent) + ";\n";
  Out += I4 + "  while (" + Names.temporaryCount() + ") {\n";
  Out += I4 + "    switch (" + Names.temporaryOrder() + "[--" + Names.temporaryCount() + "]) {\n";
  for (size_t K = 0; K < FE.Slots.size(); ++K)
    if (FE.Slots[K].Destroyed)
      Out += I4 + "    case " + std::to_string(K) + ": " +
             destroyCall(Names, FE.Slots[K].Name, FE.Branch) + "; break;\n";
  Out += I4 + "    }\n" + I4 + "  }\n" + I4 + "  break;\n";
  return Out;
}

} // namespace

std::string frameUnwinder(const MachineInputs &In) {
  const GeneratedNames &Names = In.Names;
  if (In.Layout.Slots.empty())
    return I2 + "void " + Names.unwindTo() + "(int) {}\n";
  std::string Out =
      I2 + "// Destroys the live frame slots, innermost first, until `level` is innermost.\n";
  Out += I2 + "void " + Names.unwindTo() + "(int level) {\n";
  Out += I3 + "while (" + Names.live() + " != level) {\n";
  Out += I4 + "switch (" + Names.live() + ") {\n";
  for (auto It = In.Layout.Slots.rbegin(); It != In.Layout.Slots.rend(); ++It) {
    if (It->Kind == SlotKind::Expression) {
      Out += unwindFullExpression(Names, *It, In.Layout.FullExpressions[It->FullExpression]);
      continue;
    }
    Out += I4 + "case " + std::to_string(It->Id) + ": " + Names.live() + " = " +
           std::to_string(It->Parent) + "; " + destroyCall(Names, It->Name, It->Branch) +
           "; break;\n";
  }
  Out += I4 + "}\n" + I3 + "}\n" + I2 + "}\n";
  return Out;
}

} // namespace asyncc
