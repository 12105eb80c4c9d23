// Lowering one translation unit: every ASYNC function of the main file is
// analysed and rewritten; the result is the main file's new text and the
// files it was built from (for -MD).
#pragma once

#include "PathPrefixMap.h"

#include "clang/Tooling/Tooling.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace asyncc {

struct LoweringOptions {
  bool LineDirectives = true;
  // --emit=dot: also compute each machine's state graph (MachineStates::Graph).
  bool StateGraphs = false;
  // Absolute source path -> where its output goes; generated lines then
  // carry `#line` directives naming the output. No entry: standard output.
  std::map<std::string, std::string> OutputNames;
  // How the output writes the paths it embeds (--path-prefix-map).
  PathPrefixMap PathMap;
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
  // --emit=dot: what can follow what. From is -1 (the start) or an await's
  // state; To is an await's state, Done or Faulted.
  static constexpr int Done = -2, Faulted = -3;
  struct Edge {
    int From, To;
    bool OnlyViaException; // reached only through a caught exception
  };
  struct Graph {
    bool Computed = false;
    std::vector<Edge> Edges; // sorted by From, then To
  };
  Graph StateGraph;
  unsigned Line = 0; // the function's line
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
