// --emit=layout: each state machine's states (await number, source line,
// awaited expression) and fields (type, size, offset) with the total size.
// Sizes and offsets are the compiler's: the lowered text is parsed again and
// the record layouts of its *_StateMachine structs are read from Clang.
#pragma once

#include "TranslationUnitLowering.h"

#include "clang/Tooling/CompilationDatabase.h"

#include <string>

namespace asyncc {

// Parses File's lowered text with File's compile command and returns the
// report, or an empty string after printing Clang's errors.
std::string reportFrameLayouts(const clang::tooling::CompilationDatabase &Db,
                               const std::string &File, const LoweredFile &Lowered,
                               const clang::tooling::ArgumentsAdjuster &Adjust);

} // namespace asyncc
