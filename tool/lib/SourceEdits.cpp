#include "SourceEdits.h"

#include <algorithm>

namespace asyncc {

unsigned SourceEdits::insertBefore(unsigned Offset, std::string S) {
  Edits.push_back({Offset, Offset, false, std::move(S), unsigned(Edits.size())});
  return Edits.back().Order;
}

unsigned SourceEdits::insertAfter(unsigned Offset, std::string S) {
  Edits.push_back({Offset, Offset, true, std::move(S), unsigned(Edits.size())});
  return Edits.back().Order;
}

void SourceEdits::setText(unsigned Edit, std::string S) { Edits[Edit].Text = std::move(S); }

void SourceEdits::replace(unsigned Begin, unsigned End, std::string S) {
  Edits.push_back({Begin, End, false, std::move(S), unsigned(Edits.size())});
}

std::string SourceEdits::print(unsigned Begin, unsigned End) const {
  return print(Begin, End, true);
}

std::string SourceEdits::printInner(unsigned Begin, unsigned End) const {
  return print(Begin, End, false);
}

std::string SourceEdits::print(unsigned Begin, unsigned End, bool WithEnds) const {
  // Edits that touch the range, in offset order; at one offset: text sticking
  // to what precedes, then text sticking to what follows, then a replacement
  // (the widest first, and of equal ones the last recorded), insertions in
  // the order they were recorded.
  std::vector<const Edit *> InRange;
  for (const Edit &E : Edits) {
    bool IsInsert = E.Begin == E.End;
    if (IsInsert) {
      if (E.StickToPrevious ? (E.Begin > Begin && (E.Begin < End || (WithEnds && E.Begin == End)))
                            : ((E.Begin > Begin || (WithEnds && E.Begin == Begin)) && E.Begin < End))
        InRange.push_back(&E);
    } else if (E.Begin >= Begin && E.End <= End) {
      InRange.push_back(&E);
    }
  }
  auto Rank = [](const Edit *E) {
    if (E->Begin == E->End)
      return E->StickToPrevious ? 0 : 1;
    return 2;
  };
  std::stable_sort(InRange.begin(), InRange.end(),
                   [&](const Edit *A, const Edit *B) {
                     if (A->Begin != B->Begin)
                       return A->Begin < B->Begin;
                     if (Rank(A) != Rank(B))
                       return Rank(A) < Rank(B);
                     if (Rank(A) == 2 && A->End != B->End)
                       return A->End > B->End;
                     // Of two replacements of one range, the later one was
                     // built from the earlier: it wins.
                     if (Rank(A) == 2)
                       return A->Order > B->Order;
                     return A->Order < B->Order;
                   });
  std::string Out;
  unsigned Pos = Begin;
  for (const Edit *E : InRange) {
    if (E->Begin < Pos)
      continue; // hidden inside a replacement already emitted
    Out.append(Text, Pos, E->Begin - Pos);
    Pos = E->Begin;
    Out += E->Text;
    Pos = E->End;
  }
  Out.append(Text, Pos, End - Pos);
  return Out;
}

} // namespace asyncc
