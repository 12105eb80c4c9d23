// Private to the frame layout pass: the analysis of one ASYNC body, shared
// by the files that implement it:
//   FrameLayout.cpp     the walk over statements: scopes, jumps, try blocks,
//                       full-expressions holding co_await
//   FrameLocals.cpp     locals (and condition variables) that live across
//                       co_await: their frame slots and field names
//   RangeForLayout.cpp  range-based for loops with co_await in the body
#pragma once

#include "FrameLayout.h"

#include "llvm/ADT/StringSet.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace asyncc {

// Where break and continue go from inside a loop or switch.
struct JumpContext {
  int BreakChain;
  int ContinueChain; // -1: none (a switch passes on the enclosing loop's)
  const clang::Stmt *Target;         // the loop or switch that break leaves
  const clang::Stmt *ContinueTarget; // the loop that continue continues
};

class FrameAnalyzer {
public:
  FrameAnalyzer(const AsyncFunction &F, const GeneratedNames &Names, clang::ASTContext &Ctx,
                Diagnostics &Diags)
      : F(F), Names(Names), Ctx(Ctx), Diags(Diags) {}

  std::optional<FrameLayout> run();

private:
  // --- Statements (FrameLayout.cpp) ---------------------------------------
  void error(clang::SourceLocation Loc, const std::string &Message);
  int newSlot(SlotKind Kind, int Parent);
  // A Local slot for V (or, for a range-for's hidden variables, at V's
  // place): the field Name of type Type. The reference lasts until the
  // next slot is made.
  FrameSlot &newLocalSlot(const clang::VarDecl *V, int Parent, const std::string &Name,
                          const std::string &Type);
  int visitBody(const clang::Stmt *S, int Chain);
  int visit(const clang::Stmt *S, int Chain);
  int visitIf(const clang::IfStmt *If, int Chain);
  int visitSwitch(const clang::SwitchStmt *Sw, int Chain);
  int visitBreakOrContinue(const clang::Stmt *S, int Chain);
  int visitTry(const clang::CXXTryStmt *Try, int Chain);
  // LoopLayout.cpp
  int visitWhile(const clang::WhileStmt *W, int Chain);
  int visitDo(const clang::DoStmt *D, int Chain);
  int visitFor(const clang::ForStmt *For, int Chain);
  int visitConditionParts(const clang::Stmt *S, const clang::Stmt *Init,
                          const clang::VarDecl *CondVar, const clang::Expr *Cond, int Chain,
                          const char *What);
  void visitConstexprIf(const clang::IfStmt *If, int Inner);
  int visitCompound(const clang::CompoundStmt *CS, int Chain);
  bool recordFullExpression(const clang::Stmt *S, const clang::Expr *E, int Chain,
                            FullExpressionKind Kind);

  // --- Locals (FrameLocals.cpp) -------------------------------------------
  int handleDecl(const clang::DeclStmt *DS, int Chain, bool ScopeHasSuspension);
  int handleHeaderDecl(const clang::Stmt *S, const clang::DeclStmt *DS, int Chain);
  int hoistVariable(const clang::VarDecl *V, int Parent, const std::string &Name);
  int hoistLocal(const clang::VarDecl *V, int Parent, const std::string &Name);
  int closureLocalOfType(clang::QualType T) const;
  bool nameDependentBindings(const clang::DecompositionDecl *D, int Object);
  int hoistBindingValues(const clang::DecompositionDecl *D, int Object,
                         llvm::DenseMap<const clang::BindingDecl *, std::string> &ValueUses);
  std::string uniqueFieldName(const clang::VarDecl *V);
  bool namesOtherEntity(const std::string &Name, const clang::VarDecl *Self);
  void collectReferencedEntities();

  // --- Range-based for (RangeForLayout.cpp) -------------------------------
  int visitRangeFor(const clang::CXXForRangeStmt *Range, int Chain);
  bool checkBracedRange(const clang::InitListExpr *List);
  int hoistSpelled(const clang::CXXForRangeStmt *Range, int Parent, const std::string &Name,
                   const std::string &Type);
  int hoistLoopVariable(const clang::VarDecl *V, int Parent, const std::string &Name,
                        const std::string &Init);

  const AsyncFunction &F;
  const GeneratedNames &Names;
  clang::ASTContext &Ctx;
  Diagnostics &Diags;
  FrameLayout Layout;
  bool Failed = false;
  std::vector<JumpContext> Jumps;
  llvm::DenseMap<const clang::LabelDecl *, int> LabelChains;
  llvm::DenseMap<const clang::LabelDecl *, const clang::LabelStmt *> LabelStmts;
  std::vector<DispatchRegion> OpenRegions; // try blocks and constexpr branches
  unsigned OpenBranch = 0; // FrameSlot::Branch of what is visited now
  std::vector<std::pair<const clang::GotoStmt *, int>> Gotos;
  llvm::StringSet<> TakenNames;
  unsigned StructuredBindingCount = 0;
  std::optional<std::map<std::string, const clang::Decl *>> ReferencedEntities;
};

} // namespace asyncc
