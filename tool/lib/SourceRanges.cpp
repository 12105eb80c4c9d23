#include "SourceRanges.h"

#include "clang/Basic/FileManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/Support/Path.h"

namespace asyncc {

std::optional<std::pair<unsigned, unsigned>>
SourceRanges::tokens(clang::SourceRange R) const {
  clang::CharSourceRange Chars = clang::Lexer::makeFileCharRange(
      clang::CharSourceRange::getTokenRange(R), SM, LO);
  if (Chars.isInvalid())
    return std::nullopt;
  auto [BeginFile, Begin] = SM.getDecomposedLoc(Chars.getBegin());
  auto [EndFile, End] = SM.getDecomposedLoc(Chars.getEnd());
  if (BeginFile != Main || EndFile != Main)
    return std::nullopt;
  return std::make_pair(Begin, End);
}

std::optional<unsigned> SourceRanges::offset(clang::SourceLocation L) const {
  if (L.isMacroID()) {
    if (!SM.isMacroArgExpansion(L))
      return std::nullopt;
    L = SM.getSpellingLoc(L);
    if (L.isMacroID())
      return std::nullopt;
  }
  auto [File, Offset] = SM.getDecomposedLoc(L);
  if (File != Main)
    return std::nullopt;
  return Offset;
}

std::optional<unsigned>
SourceRanges::afterSemicolon(clang::SourceLocation End) const {
  // A statement that is a macro invocation, LOG(...);, ends at the macro's
  // closing parenthesis in the file.
  if (End.isMacroID()) {
    clang::SourceLocation MacroEnd;
    if (clang::Lexer::isAtEndOfMacroExpansion(End, SM, LO, &MacroEnd))
      End = MacroEnd;
    else if (SM.isMacroArgExpansion(End))
      End = SM.getSpellingLoc(End);
  }
  std::optional<std::pair<unsigned, unsigned>> Last = tokens({End, End});
  if (!Last)
    return std::nullopt;
  llvm::StringRef Text = text();
  size_t Pos = Last->second;
  // Skip whitespace and comments up to the ';'.
  while (Pos < Text.size()) {
    if (Text[Pos] == ';')
      return static_cast<unsigned>(Pos + 1);
    if (Text.substr(Pos).starts_with("//")) {
      Pos = Text.find('\n', Pos);
      if (Pos == llvm::StringRef::npos)
        return std::nullopt;
      continue;
    }
    if (Text.substr(Pos).starts_with("/*")) {
      Pos = Text.find("*/", Pos);
      if (Pos == llvm::StringRef::npos)
        return std::nullopt;
      Pos += 2;
      continue;
    }
    if (!isspace(static_cast<unsigned char>(Text[Pos])))
      return std::nullopt;
    ++Pos;
  }
  return std::nullopt;
}

std::optional<unsigned> SourceRanges::closingParens(unsigned Begin, unsigned End) const {
  llvm::StringRef Text = text();
  if (Begin > End || End > Text.size())
    return std::nullopt;
  clang::Lexer Lex(SM.getLocForStartOfFile(Main), LO, Text.begin(), Text.begin() + Begin,
                   Text.end());
  int Open = 0;
  clang::Token Tok;
  while (true) {
    Lex.LexFromRawLexer(Tok);
    if (Tok.is(clang::tok::eof))
      return Open == 0 ? std::optional<unsigned>(End) : std::nullopt;
    unsigned At = SM.getFileOffset(Tok.getLocation());
    if (At >= End) {
      if (Open <= 0)
        return End;
      if (!Tok.is(clang::tok::r_paren))
        return std::nullopt;
      End = At + Tok.getLength();
      if (--Open == 0)
        return End;
      continue;
    }
    if (Tok.is(clang::tok::l_paren))
      ++Open;
    else if (Tok.is(clang::tok::r_paren))
      --Open;
  }
}

std::string SourceRanges::indentationAt(unsigned Offset) const {
  llvm::StringRef Text = text();
  size_t LineStart = Text.rfind('\n', Offset == 0 ? 0 : Offset - 1);
  LineStart = LineStart == llvm::StringRef::npos ? 0 : LineStart + 1;
  size_t End = LineStart;
  while (End < Text.size() && (Text[End] == ' ' || Text[End] == '\t'))
    ++End;
  return Text.slice(LineStart, End).str();
}

unsigned SourceRanges::lineAt(unsigned Offset) const {
  return SM.getLineNumber(Main, Offset);
}

std::string SourceRanges::mainFileName() const {
  // Absolute, so that #line points at the source wherever the output is.
  llvm::SmallString<256> Path(SM.getFileEntryRefForID(Main)->getName());
  SM.getFileManager().makeAbsolutePath(Path);
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  return std::string(Path);
}

static const char GeneratedMarker[] = "#line ASYNCC-GENERATED";

std::string quoted(const std::string &Name) {
  std::string Out = "\"";
  for (char C : Name) {
    if (C == '"' || C == '\\')
      Out += '\\';
    Out += C;
  }
  return Out + "\"";
}

std::string SourceRanges::generatedLinesFollow() const {
  if (!LineDirectives || !MarkGenerated)
    return "";
  return std::string(GeneratedMarker) + "\n";
}

std::string resolveGeneratedLineMarkers(const std::string &Text,
                                        const std::string &OutputName) {
  std::string Out;
  unsigned Line = 1;
  llvm::StringRef Rest(Text);
  while (!Rest.empty()) {
    auto [Current, Next] = Rest.split('\n');
    bool Last = Rest.size() == Current.size();
    if (Current == GeneratedMarker) {
      Rest = Next;
      if (OutputName.empty())
        continue; // the line disappears: later lines move up
      Out += "#line " + std::to_string(Line + 1) + " " + quoted(OutputName);
    } else {
      Out += Current.str();
      Rest = Next;
    }
    if (!Last)
      Out += "\n";
    ++Line;
  }
  return Out;
}

unsigned SourceRanges::afterSpaces(unsigned Offset) const {
  llvm::StringRef Text = text();
  while (Offset < Text.size() && (Text[Offset] == ' ' || Text[Offset] == '\t'))
    ++Offset;
  return Offset;
}

std::string SourceRanges::lineDirectiveAt(unsigned Offset) const {
  if (!LineDirectives)
    return "";
  std::string Escaped;
  for (char C : shownFileName()) {
    if (C == '"' || C == '\\')
      Escaped += '\\';
    Escaped += C;
  }
  return "#line " + std::to_string(lineAt(Offset)) + " \"" + Escaped + "\"\n";
}

} // namespace asyncc
