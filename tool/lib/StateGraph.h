// --emit=dot: the state graph of one ASYNC function, computed on Clang's CFG
// of its body, and the Graphviz text for a file's machines.
//
// States are those of the machine: -1 (running, from the start), N (suspended
// at await N), -2 (done), and the faulted exit (also state -2 in the machine,
// reached through an exception; drawn as its own node). An edge S -> T says
// that, from the start (S = -1) or from resuming at await S, the body can
// next reach await T, or finish (done), or let an exception escape (faulted),
// without passing another await. docs/lowering/11-emit-layout-and-dot.md section 27.
// ASYNCC_DUMP_CFG=1 in the environment prints each CFG to stderr (debugging).
#pragma once

#include "AsyncFunctions.h"
#include "FrameLayout.h"
#include "TranslationUnitLowering.h"

#include "clang/AST/ASTContext.h"

#include <optional>
#include <string>

namespace asyncc {

// Fills Graph (edges and CanFault) from the CFG of F's body; false when Clang
// cannot build a CFG for it.
bool computeStateGraph(const AsyncFunction &F, const FrameLayout &Layout,
                       clang::ASTContext &Ctx, MachineStates::Graph &Graph);

// One `digraph` for the source file, one cluster per machine.
std::string printStateGraphs(llvm::StringRef SourceName, const LoweredFile &File);

} // namespace asyncc
