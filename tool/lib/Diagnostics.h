// Errors and warnings from the lowering, printed by Clang's own diagnostic
// machinery so that they look like compiler messages (file:line:col, caret).
#pragma once

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/StringRef.h"

namespace asyncc {

class Diagnostics {
public:
  explicit Diagnostics(clang::DiagnosticsEngine &Engine) : Engine(Engine) {}

  // A construct the tool cannot lower: the function is not lowered and the
  // tool exits with status 1 without writing output.
  void error(clang::SourceLocation Loc, llvm::StringRef Message);
  void warning(clang::SourceLocation Loc, llvm::StringRef Message);

  unsigned errorCount() const { return Errors; }

private:
  void report(clang::DiagnosticsEngine::Level Level, clang::SourceLocation Loc,
              llvm::StringRef Message);
  clang::DiagnosticsEngine &Engine;
  unsigned Errors = 0;
};

} // namespace asyncc
