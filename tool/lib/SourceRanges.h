// Turning Clang source locations into offsets in the main file's text, which
// is what SourceEdits works on. Locations inside macro arguments map to where
// the argument is spelled; a location inside a macro's own body has no
// offset (the tool then reports that it cannot edit there).
#pragma once

#include "PathPrefixMap.h"

#include "clang/Basic/SourceManager.h"
#include "clang/Basic/LangOptions.h"

#include <optional>
#include <string>
#include <utility>

namespace asyncc {

class SourceRanges {
public:
  SourceRanges(const clang::SourceManager &SM, const clang::LangOptions &LO,
               bool LineDirectives, bool MarkGenerated, const PathPrefixMap &PathMap)
      : SM(SM), LO(LO), Main(SM.getMainFileID()),
        LineDirectives(LineDirectives), MarkGenerated(MarkGenerated), PathMap(PathMap) {}

  // [begin of first token, end of last token) of R.
  std::optional<std::pair<unsigned, unsigned>> tokens(clang::SourceRange R) const;
  std::optional<unsigned> offset(clang::SourceLocation L) const;
  // The offset just after the ';' that ends the expression statement ending
  // at token End.
  std::optional<unsigned> afterSemicolon(clang::SourceLocation End) const;
  // End, or, when parentheses opened in [Begin, End) are still open there,
  // the offset after the ')' tokens that close them: a direct initializer
  // of a scalar (`int k(5)`) ends at its expression, before its ')'.
  std::optional<unsigned> closingParens(unsigned Begin, unsigned End) const;
  // Offset past the spaces and tabs that start at Offset.
  unsigned afterSpaces(unsigned Offset) const;

  // Whitespace at the start of the line holding Offset.
  std::string indentationAt(unsigned Offset) const;
  unsigned lineAt(unsigned Offset) const;
  // `#line N "file"` for the text starting at Offset, on its own line; empty
  // when line directives are off.
  std::string lineDirectiveAt(unsigned Offset) const;
  // The main file's absolute path (what the output names map is keyed by).
  std::string mainFileName() const;
  // The main file as the output names it: mainFileName() through
  // --path-prefix-map.
  std::string shownFileName() const { return PathMap.apply(mainFileName()); }
  // Before generated lines: a marker that becomes `#line N "output"` once
  // the output's text is final (see resolveGeneratedLineMarkers), so that a
  // message about generated code points at the output file; empty when
  // there is no output file or line directives are off.
  std::string generatedLinesFollow() const;
  llvm::StringRef text() const { return SM.getBufferData(Main); }

private:
  const clang::SourceManager &SM;
  const clang::LangOptions &LO;
  clang::FileID Main;
  bool LineDirectives;
  bool MarkGenerated;
  const PathPrefixMap &PathMap;
};

// Text as a C string literal, for #line directives and the await-site table.
std::string quoted(const std::string &Text);

// Replaces each marker line in Text with `#line <its next line> "OutputName"`
// (drops it when OutputName is empty).
std::string resolveGeneratedLineMarkers(const std::string &Text,
                                        const std::string &OutputName);

} // namespace asyncc
