// Scope and lifetime analysis of one ASYNC body: which locals are hoisted into
// the frame, where each await is and how its statement is shaped, and which
// frame slots are alive at every scope exit and jump.
//
// Liveness is a chain: every frame slot (hoisted local, awaited temporary,
// awaiter) has an id and a parent, the slot that was innermost-alive when it
// was constructed. The machine keeps the innermost live id in `sm_live`;
// destroying back to any ancestor id (end of scope, break, co_return, an
// exception, destroying a suspended machine) walks the chain. Ids are
// assigned in source order, so a parent always has a smaller id.
#pragma once

#include "AsyncFunctions.h"
#include "Diagnostics.h"
#include "GeneratedNames.h"

#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <optional>
#include <string>
#include <vector>

namespace asyncc {

enum class SlotKind { Local, Temporary, Awaitable, Awaiter };

struct FrameSlot {
  SlotKind Kind;
  int Id;
  int Parent;
  const clang::VarDecl *Var = nullptr; // Local
  unsigned AwaitIndex = 0;             // Temporary, Awaitable, Awaiter
  // Temporary: the materialized temporary and its number; the machine
  // records the order in which they are created (argument evaluation order
  // is unspecified) and destroys them in reverse.
  const clang::MaterializeTemporaryExpr *Temporary = nullptr;
  unsigned TemporaryBit = 0;
  std::string Name;                    // the field's name
  std::string Type;                    // the field's type, spelled
  clang::QualType DeclType;            // Local, Awaitable: for the declarator
  // Local: a reference kept as a pointer to what it binds (uses become
  // `(*name)`). A reference that extends a temporary's lifetime holds the
  // temporary itself instead.
  bool HeldByPointer = false;
  // Set for the hidden variables of a range-based for (range, begin, end)
  // and its loop variable, which the range-for lowering constructs.
  const clang::CXXForRangeStmt *RangeFor = nullptr;
};

// How the statement holding an await uses its result.
enum class AwaitForm {
  Discarded,   // co_await e;
  Initializer, // T x = co_await e;
  Assignment,  // x = co_await e;  x += co_await e;
  Return,      // co_return co_await e;
};

struct AwaitSite {
  const clang::CoawaitExpr *Await;
  const clang::Stmt *Statement;
  unsigned Index; // the state number while suspended here
  AwaitForm Form;
  int ChainBefore;       // innermost live slot before the statement
  // Temporaries materialized in the operand, innermost first; they live to
  // the end of the statement, across the suspension.
  std::vector<int> TemporarySlots;
  int AwaitableSlot = 0; // the awaited prvalue, kept alive to the statement's end
  // The try blocks around the await, outermost first: a goto cannot enter a
  // try block, so resuming goes through a dispatch switch at the top of each.
  std::vector<unsigned> EnclosingTries;
  int AwaiterSlot = 0;
};

struct FrameLayout {
  std::vector<FrameSlot> Slots; // Slots[Id - 1]
  std::vector<AwaitSite> Awaits;
  llvm::DenseMap<const clang::VarDecl *, int> Hoisted;
  llvm::DenseMap<const clang::Stmt *, unsigned> AwaitOfStatement;
  // break, continue, goto, co_return: the chain at the jump and at its target.
  llvm::DenseMap<const clang::Stmt *, std::pair<int, int>> Jumps;
  // break and continue: the loop or switch they leave or continue.
  llvm::DenseMap<const clang::Stmt *, const clang::Stmt *> JumpTargets;
  // Try statements whose block holds an await, in source order, with the
  // chain outside them (their handlers start by unwinding to it).
  struct TryBlock {
    const clang::CXXTryStmt *Try;
    int ChainBefore;
  };
  std::vector<TryBlock> Tries;
  // Range-based for loops holding an await: their hidden variables and loop
  // variable become frame slots.
  struct RangeForLoop {
    const clang::CXXForRangeStmt *Loop;
    int ChainBefore;
    int RangeSlot, BeginSlot, EndSlot, LoopVarSlot;
  };
  std::vector<RangeForLoop> RangeFors;
  // Labels some goto reaches from where more frame slots are alive.
  llvm::DenseMap<const clang::LabelStmt *, int> LabelChains;
  // A block or a for statement whose hoisted locals end with it: the chain
  // at its end and outside it.
  llvm::DenseMap<const clang::Stmt *, std::pair<int, int>> ScopeEnds;
  // Substatements of if/else/while/do/for that are not blocks but get
  // statements added around them, so they need braces.
  llvm::DenseSet<const clang::Stmt *> NeedsBraces;

  unsigned TemporaryCount = 0;
  unsigned MaxTemporariesPerStatement = 0;

  const FrameSlot &slot(int Id) const { return Slots[Id - 1]; }
};

// Names of the parameters' fields (in order; unnamed parameters are refused).
std::optional<FrameLayout> analyzeFrame(const AsyncFunction &F,
                                        const GeneratedNames &Names,
                                        clang::ASTContext &Ctx,
                                        Diagnostics &Diags);

// True when S contains a co_await or co_yield of this function (lambda bodies
// are other functions and are not searched).
bool containsSuspension(const clang::Stmt *S);

} // namespace asyncc
