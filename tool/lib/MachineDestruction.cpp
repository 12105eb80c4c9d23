#include "MachineDestruction.h"

namespace asyncc {

bool machineDestroysItself(const AsyncFunction &F) {
  // Templated: a lambda in a template, or a generic lambda (whose call
  // operator is a template even outside one).
  return F.Lambda && F.Function->isTemplated();
}

} // namespace asyncc
