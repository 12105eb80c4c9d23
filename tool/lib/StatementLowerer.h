// Private to the statement lowering pass: the rewriting of one ASYNC body,
// shared by the files that implement it:
//   StatementLowering.cpp    full-expressions holding co_await: where each
//                            prelude goes and what becomes of its value
//   LoopLowering.cpp         loop conditions and increments with co_await;
//                            range-based for loops whose body suspends
//   TryBlockLowering.cpp     try blocks holding co_await (per-try dispatch)
//   ConstexprBranchLowering.cpp  branches of `if constexpr` in templates
//   HoistedDeclarations.cpp  declarations of locals that live in the frame
//   ScopeExitLowering.cpp    scope ends, break, continue, goto, co_return
#pragma once

#include "ExpressionSpilling.h"
#include "StatementLowering.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace asyncc {

class StatementLowerer {
public:
  StatementLowerer(const AsyncFunction &F, FrameLayout &Layout,
                   const GeneratedNames &Names, const SourceRanges &Ranges,
                   SourceEdits &Edits, clang::ASTContext &Ctx, Diagnostics &Diags)
      : F(F), Layout(Layout), Names(Names), Ranges(Ranges), Edits(Edits),
        Ctx(Ctx), Diags(Diags) {}

  std::optional<LoweredBody> run();

private:
  // --- Full-expressions (StatementLowering.cpp) -----------------------------
  void error(clang::SourceLocation Loc, const std::string &Message);
  std::string unwindTo(int Level) const;
  std::optional<std::pair<unsigned, unsigned>> statementRange(const clang::Stmt *S);
  std::string operandText(const clang::Expr *E);
  std::string placementNew(const std::string &Field, const std::string &Type,
                           const std::string &Init) const;
  static bool isStatementLevel(FullExpressionKind K);
  void lowerFullExpression(FullExpression &FE);
  void moveInitStatement(const clang::Expr *Init);
  const clang::Stmt *ownerOf(const clang::Expr *Init) const;
  void markAliasesOfHoistedLocals();

  // --- Loops (LoopLowering.cpp) ---------------------------------------------
  void lowerLoopExpression(FullExpression &FE, ExpressionSpiller &Spiller,
                           const std::string &Indent);
  void lowerRangeFor(const FrameLayout::RangeForLoop &Loop);

  // --- Try blocks (TryBlockLowering.cpp) ------------------------------------
  void lowerTry(unsigned Index);
  std::string regionLabel(const DispatchRegion &Region) const;
  std::string dispatchSwitch(const DispatchRegion &Region) const;

  // --- if constexpr in templates (ConstexprBranchLowering.cpp) --------------
  void lowerConstexprBranch(unsigned Index);
  void labelConstexprIfs();

  // --- Declarations of hoisted locals (HoistedDeclarations.cpp) -------------
  std::string newInitializer(const clang::VarDecl *V);
  void lowerHoistedDeclarations();
  static void
  collectDeclStmts(const clang::Stmt *S,
                   llvm::DenseMap<const clang::VarDecl *, const clang::DeclStmt *> &Owner);
  const clang::Stmt *statementDeclaring(const clang::DeclStmt *DS, bool &IsConditionVariable);
  void lowerDeclStmt(const clang::DeclStmt *DS, const std::vector<const FrameSlot *> &Slots);
  std::string construct(const FrameSlot &Slot, const std::string &Init) const;
  static std::string use(const FrameSlot &Slot);

  // --- Scope ends and jumps (ScopeExitLowering.cpp) -------------------------
  void lowerJump(const clang::Stmt *S, int From, int To);
  static bool endsInJump(const clang::CompoundStmt *CS);
  void lowerScopeEnd(const clang::Stmt *S, int Outer);
  void eraseInitStatement(const clang::Stmt *Owner, unsigned Begin, unsigned End);
  std::string afterStatement(const clang::Stmt *S, const std::pair<unsigned, unsigned> &R,
                             const std::string &Text);

  const AsyncFunction &F;
  FrameLayout &Layout;
  const GeneratedNames &Names;
  const SourceRanges &Ranges;
  SourceEdits &Edits;
  clang::ASTContext &Ctx;
  Diagnostics &Diags;
  LoweredBody Result;
  bool Failed = false;
  unsigned TemporaryCounter = 0;
  llvm::DenseSet<const clang::Stmt *> WrappedBreakTargets;
  llvm::DenseMap<const clang::Stmt *, unsigned> ContinueLabels;
};

} // namespace asyncc
