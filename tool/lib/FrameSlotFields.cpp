// The frame's fields: a union per hoisted local, and per value a
// full-expression keeps across co_await.
//
// Full-expressions holding co_await never overlap, so outside templates the
// k-th value each one keeps shares a union with the k-th of every other. In
// a template, fields may be declared through decltype of earlier fields
// (DependentTypes.h), so each gets its own union, in source order. A slot
// of a constexpr-if branch (FrameSlot::Branch) is type-erased storage; the
// branch itself names the type and, over the storage, the slot.
#include "MachineParts.h"

#include "DependentTypes.h"
#include "LocalAliases.h"
#include "RuntimeContract.h"
#include "TypeSpelling.h"

#include <algorithm>
#include <utility>

namespace asyncc {
namespace {

using namespace clang;

using OffsetText = std::pair<unsigned, std::string>; // (source offset, declaration)

// The declarations being gathered.
struct FrameDeclarations {
  FrameSlotFields Out;
  bool SourceOrder = false;         // one union per slot, in source order (templates)
  std::vector<OffsetText> Ordered;  // those, with moved types and local aliases
  // Per constexpr-if branch: what it declares over its type-erased slots.
  std::vector<std::vector<OffsetText>> BranchDeclarations;
  std::vector<const Stmt *> BranchBodies; // where the function's local aliases do not reach
};

// A slot typed in its constexpr-if branch: the field is a BranchSlot; the
// branch declares `using T = <type>; T &name = storage.As<T>();`.
void declareInBranch(const MachineInputs &In, FrameDeclarations &D, unsigned Branch,
                     unsigned Offset, const std::string &Name, const std::string &Type,
                     const std::string &Comment) {
  std::string Alias = In.Names.erasedType(Name), Storage = In.Names.erasedSlot(Name);
  D.BranchDeclarations[Branch - 1].push_back(
      {Offset, "using " + Alias + " = " + Type + "; " + Alias + " &" + Name + " = " + Storage +
                   ".As<" + Alias + ">();"});
  D.Ordered.push_back({Offset, I2 + runtime::BranchSlot + " " + Storage + "; " + Comment +
                                   ", typed in its constexpr-if branch\n"});
}

// A hoisted local's declaration in the frame, and its type alone (for a
// slot of a constexpr-if branch). nullopt after reporting an error.
std::optional<std::pair<std::string, std::string>> localSlotDeclaration(const MachineInputs &In,
                                                                        const FrameSlot &Slot,
                                                                        std::string &Aliases) {
  std::string WhyNot;
  if (Slot.Closure) {
    Aliases += I1 + Slot.ClosureFactory;
    return std::make_pair(Slot.ClosureType + " " + Slot.Name, Slot.ClosureType);
  }
  if (Slot.SameClosureAs) {
    // The type its factory makes (the factory is declared before the
    // machine, so field order does not matter).
    std::string Closure = In.Layout.slot(Slot.SameClosureAs).ClosureType;
    std::string TypeId = Closure;
    if (Slot.HeldByPointer)
      Closure += Slot.DeclType.isConstQualified() ? " const *" : " *";
    else
      Closure += " ";
    if (Slot.HeldByPointer)
      TypeId = Closure;
    return std::make_pair(Closure + Slot.Name, TypeId);
  }
  if (Slot.BracedRange) {
    // decltype(async::detail::BracedList(a, b)), from the lowered text.
    auto R = In.Ranges.tokens(Slot.Var->getInit()->getSourceRange());
    if (!R) {
      In.Diags.error(Slot.Var->getLocation(), "a braced list from a macro expansion "
                                              "cannot be kept across co_await");
      return std::nullopt;
    }
    std::string TypeId = "decltype(" + In.Edits.printInner(R->first, R->second) + ")";
    return std::make_pair(TypeId + " " + Slot.Name, TypeId);
  }
  if (!Slot.SpelledType.empty())
    return std::make_pair(Slot.SpelledType + " " + Slot.Name, Slot.SpelledType);
  if (Slot.TypeFromInitializer) {
    std::optional<std::string> InitText;
    if (!Slot.InitializerText.empty())
      InitText = Slot.InitializerText;
    else if (auto R = In.Ranges.tokens(Slot.Var->getInit()->getSourceRange()))
      InitText = In.Edits.printInner(R->first, R->second);
    if (InitText)
      if (auto Type = frameTypeFromInitializer(Slot.Var, declaredTypeOf(*InitText), In.Ctx,
                                               WhyNot))
        return std::make_pair(*Type + " " + Slot.Name, *Type);
    if (!InitText)
      WhyNot = "its initializer comes from a macro expansion";
    In.Diags.error(Slot.Var->getLocation(),
                   "local '" + Slot.Var->getNameAsString() +
                       "' lives across co_await in a template and its type "
                       "cannot be spelled from its initializer: " + WhyNot +
                       "; write its type");
    return std::nullopt;
  }
  // A const local stays const.
  if (auto Decl = spellDeclaration(Slot.DeclType, Slot.Name, In.Ctx, WhyNot, In.F.Function))
    return std::make_pair(*Decl, Slot.BranchType);
  In.Diags.error(In.F.Function->getLocation(),
                 "frame slot '" + Slot.Name + "' cannot be declared: " + WhyNot);
  return std::nullopt;
}

bool declareLocalSlots(const MachineInputs &In, FrameDeclarations &D) {
  for (const FrameSlot &Slot : In.Layout.Slots) {
    if (Slot.Kind != SlotKind::Local)
      continue;
    auto Declaration = localSlotDeclaration(In, Slot, D.Out.Aliases);
    if (!Declaration)
      return false;
    const auto &[Decl, TypeId] = *Declaration;
    std::string Comment =
        "// local, slot " + std::to_string(Slot.Id) + ", line " +
        std::to_string(In.Ranges.lineAt(*In.Ranges.offset(Slot.Var->getLocation())));
    if (Slot.Branch && TypeId.empty()) {
      In.Diags.error(In.F.Function->getLocation(), "frame slot '" + Slot.Name +
                                                       "' cannot be declared in "
                                                       "its constexpr-if branch");
      return false;
    }
    // A range-for's slots after its range expression (the loop variable,
    // written before it, is typed from the begin iterator).
    auto Offset = [&] {
      return *In.Ranges.offset(Slot.RangeFor ? Slot.RangeFor->getRangeInit()->getEndLoc()
                                             : Slot.Var->getEndLoc());
    };
    std::string Line = I2 + "union { " + Decl + "; }; " + Comment + "\n";
    if (Slot.Branch)
      declareInBranch(In, D, Slot.Branch, Offset(), Slot.Name, TypeId, Comment);
    else if (D.SourceOrder)
      D.Ordered.push_back({Offset(), Line});
    else
      D.Out.Slots += Line;
  }
  return true;
}

bool declareExpressionSlots(const MachineInputs &In, FrameDeclarations &D) {
  std::size_t Shared = 0;
  for (const FullExpression &FE : In.Layout.FullExpressions)
    Shared = std::max(Shared, FE.Slots.size());
  for (std::size_t K = 0; K < Shared; ++K) {
    std::string Members;
    for (const FullExpression &FE : In.Layout.FullExpressions) {
      if (K >= FE.Slots.size())
        continue;
      const ExpressionSlot &E = FE.Slots[K];
      std::string WhyNot;
      std::optional<std::string> Decl =
          E.DeclType.isNull() ? std::optional<std::string>(E.Type + " " + E.Name)
                              : spellDeclaration(E.DeclType, E.Name, In.Ctx, WhyNot);
      if (!Decl) {
        In.Diags.error(In.F.Function->getLocation(),
                       "frame slot '" + E.Name + "' cannot be declared: " + WhyNot);
        return false;
      }
      unsigned Offset = *In.Ranges.offset(FE.Expr->getBeginLoc());
      std::string Comment = "// " + E.Comment + ", line " + std::to_string(In.Ranges.lineAt(Offset));
      if (FE.Branch) {
        std::optional<std::string> TypeId =
            E.DeclType.isNull() ? std::optional<std::string>(E.Type)
                                : spellType(E.DeclType, In.Ctx, WhyNot);
        if (!TypeId) {
          In.Diags.error(In.F.Function->getLocation(),
                         "frame slot '" + E.Name + "' cannot be declared: " + WhyNot);
          return false;
        }
        declareInBranch(In, D, FE.Branch, Offset, E.Name, *TypeId, Comment);
      } else if (D.SourceOrder)
        D.Ordered.push_back({Offset, I2 + "union { " + *Decl + "; }; " + Comment + "\n"});
      else
        Members += I3 + *Decl + "; " + Comment + "\n";
    }
    if (!D.SourceOrder)
      D.Out.Slots += I2 + "union { // value " + std::to_string(K) +
                     " kept by a full-expression\n" + Members + I2 + "};\n";
  }
  for (const FullExpression &FE : In.Layout.FullExpressions)
    D.Out.Recorded = std::max(D.Out.Recorded, FE.Slots.size());
  return true;
}

// In source order: the slots, the moved local types, and the local aliases
// the fields name.
bool appendInSourceOrder(const MachineInputs &In, FrameDeclarations &D) {
  if (D.SourceOrder && !declareLocalAliasesNamedByFields(
                           In.F.Function, In.F.Function->getBody(),
                           D.BranchBodies, D.Ordered, I2, In.Ranges,
                           In.Edits, In.Diags))
    return false;
  std::stable_sort(D.Ordered.begin(), D.Ordered.end(),
                   [](const auto &A, const auto &B) { return A.first < B.first; });
  for (const auto &[Offset, Line] : D.Ordered)
    D.Out.Slots += Line;
  return true;
}

// What each constexpr-if branch declares over its slots, at its start.
bool declareBranchSlots(const MachineInputs &In, FrameDeclarations &D) {
  for (unsigned B = 0; B < D.BranchDeclarations.size(); ++B) {
    auto &Declarations = D.BranchDeclarations[B];
    if (Declarations.empty())
      continue;
    const FrameLayout::ConstexprBranch &Branch = In.Layout.ConstexprBranches[B];
    if (!declareLocalAliasesNamedByFields(In.F.Function, Branch.Body,
                                          D.BranchBodies, Declarations, "",
                                          In.Ranges, In.Edits, In.Diags))
      return false;
    std::stable_sort(Declarations.begin(), Declarations.end(),
                     [](const auto &X, const auto &Y) { return X.first < Y.first; });
    std::string Text;
    for (const auto &[Offset, Declaration] : Declarations)
      Text += (Text.empty() ? "" : " ") + Declaration;
    // After the `{` of a block, or before the statement put in braces.
    bool Block = isa<CompoundStmt>(Branch.Body);
    In.Edits.setText(Branch.DeclarationsEdit, Block ? " " + Text : Text + " ");
  }
  return true;
}

} // namespace

std::optional<FrameSlotFields> frameSlotFields(const MachineInputs &In) {
  FrameDeclarations D;
  D.SourceOrder = In.F.Function->isTemplated();
  D.BranchDeclarations.resize(In.Layout.ConstexprBranches.size());
  for (const auto &Branch : In.Layout.ConstexprBranches)
    D.BranchBodies.push_back(Branch.Body);
  if (!declareLocalSlots(In, D))
    return std::nullopt;
  for (const FullExpression &FE : In.Layout.FullExpressions)
    for (const std::string &Factory : FE.ClosureFactories)
      D.Out.Aliases += I1 + Factory;
  if (!declareExpressionSlots(In, D))
    return std::nullopt;
  for (const MovedLocalType &Type : In.Options.LocalTypes) {
    if (D.SourceOrder)
      D.Ordered.push_back({Type.Offset, Type.Text});
    else
      D.Out.LocalTypes += Type.Text;
  }
  if (!appendInSourceOrder(In, D) || !declareBranchSlots(In, D))
    return std::nullopt;
  return std::move(D.Out);
}

} // namespace asyncc
