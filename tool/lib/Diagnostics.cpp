#include "Diagnostics.h"

namespace asyncc {

void Diagnostics::report(clang::DiagnosticsEngine::Level Level,
                         clang::SourceLocation Loc, llvm::StringRef Message) {
  unsigned ID = Engine.getCustomDiagID(Level, "%0");
  Engine.Report(Loc, ID) << Message;
}

void Diagnostics::error(clang::SourceLocation Loc, llvm::StringRef Message) {
  ++Errors;
  report(clang::DiagnosticsEngine::Error, Loc, Message);
}

void Diagnostics::warning(clang::SourceLocation Loc, llvm::StringRef Message) {
  report(clang::DiagnosticsEngine::Warning, Loc, Message);
}


} // namespace asyncc
