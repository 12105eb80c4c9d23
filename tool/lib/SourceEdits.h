// Text edits on one source buffer, printed on demand for any sub-range.
//
// Clang's Rewriter keeps one rewritten buffer and cannot re-read a sub-range
// with nested edits reliably; lowering needs exactly that (the text of an
// await's operand, with its own edits applied, goes into the prelude). So the
// edits are recorded against original offsets and a range is printed by
// walking it: an insertion is emitted at its offset, a replacement hides every
// edit nested inside it (its text was built from the inner edits already).
#pragma once

#include <string>
#include <vector>

namespace asyncc {

class SourceEdits {
public:
  explicit SourceEdits(std::string Original) : Text(std::move(Original)) {}

  // Text that belongs to what follows Offset (emitted before the original
  // text at Offset when the printed range starts at or before Offset).
  // Both return the edit's number, for setText.
  unsigned insertBefore(unsigned Offset, std::string S);
  // Text that belongs to what precedes Offset (emitted when the printed range
  // ends at or after Offset).
  unsigned insertAfter(unsigned Offset, std::string S);
  // The text of insertion Edit, known only after later edits were made; it
  // keeps its place among the insertions at its offset.
  void setText(unsigned Edit, std::string S);
  // Replaces [Begin, End) with S.
  void replace(unsigned Begin, unsigned End, std::string S);

  // The text of [Begin, End) with every edit inside it applied.
  std::string print(unsigned Begin, unsigned End) const;
  // The same without the insertions at its two ends: for the text of an
  // expression moved elsewhere, as what is inserted at its ends belongs to
  // the statement around it (braces, an await's prelude, an unwind).
  std::string printInner(unsigned Begin, unsigned End) const;

private:
  std::string print(unsigned Begin, unsigned End, bool WithEnds) const;

  struct Edit {
    unsigned Begin, End; // End == Begin for insertions
    bool StickToPrevious; // insertAfter
    std::string Text;
    unsigned Order;
  };
  std::string Text;
  std::vector<Edit> Edits;
};

} // namespace asyncc
