// Lowering one translation unit: every ASYNC function of the main file is
// analysed and rewritten; the result is the main file's new text and the
// files it was built from (for -MD).
#pragma once

#include "clang/Tooling/Tooling.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace asyncc {

struct LoweringOptions {
  bool LineDirectives = true;
  // Absolute source path -> where its output goes; generated lines then
  // carry `#line` directives naming the output. No entry: standard output.
  std::map<std::string, std::string> OutputNames;
};

// What --emit=layout reports of one machine besides its fields: the states.
struct MachineStates {
  std::string Machine;  // the struct's name
  std::string Function; // the ASYNC function it lowers
  struct State {
    unsigned Index, Line;
    std::string Await; // the awaited expression, as written
  };
  std::vector<State> States;
};

struct LoweredFile {
  bool Succeeded = false;
  std::string Text;
  std::vector<std::string> Dependencies;
  std::vector<MachineStates> Machines;
};

// A factory for ClangTool::run: one action per source file, each storing its
// result in Results under the main file's name as Clang opened it.
std::unique_ptr<clang::tooling::FrontendActionFactory>
newLoweringActionFactory(const LoweringOptions &Options,
                         std::map<std::string, LoweredFile> &Results);

} // namespace asyncc
