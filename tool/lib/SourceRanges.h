// Turning Clang source locations into offsets in the main file's text, which
// is what SourceEdits works on. Locations inside macro arguments map to where
// the argument is spelled; a location inside a macro's own body has no
// offset (the tool then reports that it cannot edit there).
#pragma once

#include "clang/Basic/SourceManager.h"
#include "clang/Basic/LangOptions.h"

#include <optional>
#include <string>
#include <utility>

namespace asyncc {

class SourceRanges {
public:
  SourceRanges(const clang::SourceManager &SM, const clang::LangOptions &LO,
               bool LineDirectives)
      : SM(SM), LO(LO), Main(SM.getMainFileID()),
        LineDirectives(LineDirectives) {}

  // [begin of first token, end of last token) of R.
  std::optional<std::pair<unsigned, unsigned>> tokens(clang::SourceRange R) const;
  std::optional<unsigned> offset(clang::SourceLocation L) const;
  // The offset just after the ';' that ends the expression statement ending
  // at token End.
  std::optional<unsigned> afterSemicolon(clang::SourceLocation End) const;

  // Whitespace at the start of the line holding Offset.
  std::string indentationAt(unsigned Offset) const;
  unsigned lineAt(unsigned Offset) const;
  // `#line N "file"` for the text starting at Offset, on its own line; empty
  // when line directives are off.
  std::string lineDirectiveAt(unsigned Offset) const;
  std::string mainFileName() const;
  llvm::StringRef text() const { return SM.getBufferData(Main); }

private:
  const clang::SourceManager &SM;
  const clang::LangOptions &LO;
  clang::FileID Main;
  bool LineDirectives;
};

} // namespace asyncc
