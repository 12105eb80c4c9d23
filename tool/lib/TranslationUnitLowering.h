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

struct LoweredFile {
  bool Succeeded = false;
  std::string Text;
  std::vector<std::string> Dependencies;
};

// A factory for ClangTool::run: one action per source file, each storing its
// result in Results under the main file's name as Clang opened it.
std::unique_ptr<clang::tooling::FrontendActionFactory>
newLoweringActionFactory(const LoweringOptions &Options,
                         std::map<std::string, LoweredFile> &Results);

} // namespace asyncc
