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

// Local: a hoisted local. Expression: the one link of the chain that stands
// for every frame slot of one full-expression holding co_await (its awaiters,
// spilled operands and temporaries); they are created in an order known only
// at run time (short-circuits, conditionals, unspecified argument order), so
// the machine records each one as it is created and destroys them in reverse.
enum class SlotKind { Local, Expression };

struct FrameSlot {
  SlotKind Kind;
  int Id;
  int Parent;
  const clang::VarDecl *Var = nullptr; // Local
  unsigned FullExpression = 0;         // Expression: index into FullExpressions
  std::string Name;                    // the field's name
  std::string Type;                    // the field's type, spelled
  clang::QualType DeclType;            // Local: for the declarator
  // Local: a reference kept as a pointer to what it binds (uses become
  // `(*name)`). A reference that extends a temporary's lifetime holds the
  // temporary itself instead.
  bool HeldByPointer = false;
  // Local of array type: the field is an async::detail::ArrayOf<T[N]>
  // (SpelledType), which an initializer list builds in place, and uses are
  // `(name.items)`.
  bool WrappedArray = false;
  // A const local kept in a field that is not const (a closure, or a
  // reference to one, `const auto &f = [...] {...}`): uses see it const.
  bool ConstView = false;
  // How the lowered body names the local.
  std::string use() const {
    if (HeldByPointer)
      return "(*" + Name + ")";
    if (ConstView)
      // (In a constexpr-if branch, Name is a reference: Type is its alias.)
      return "static_cast<const " + (Branch ? Type : "decltype(" + Name + ")") + " &>(" +
             Name + ")";
    return WrappedArray ? "(" + Name + ".items)" : Name;
  }
  // Local in a template (see DependentTypes.h): the field is declared from
  // the lowered initializer's text, Type is decltype(Name), and a reference
  // is an async::detail::BoundReference constructed from the initializer
  // itself (uses are still `(*name)`).
  bool TypeFromInitializer = false;
  // Set for the hidden variables of a range-based for (range, begin, end)
  // and its loop variable, which the range-for lowering constructs.
  const clang::CXXForRangeStmt *RangeFor = nullptr;
  // The range of a range-based for over a braced list (`for (x : {a, b})`):
  // the list's array itself, an async::detail::ListArray that the lowered
  // initializer `async::detail::BracedList(a, b)` creates in place (a
  // std::initializer_list cannot be rebuilt over an array in the frame).
  // Type is decltype(Name); the field is declared from the lowered text.
  bool BracedRange = false;
  // A dependent range-for's begin and end: the field's type, spelled.
  std::string SpelledType;
  // TypeFromInitializer for a variable without an initializer expression (a
  // dependent range-for's loop variable, from `*begin`): the lowered text.
  std::string InitializerText;
  // Local `auto f = [...](...) {...};`: a closure has no name a member
  // declaration can write, so the lambda is built by a factory declared
  // before the machine (ClosureLocals.h), and the field's type is that of the
  // factory's result. Type is decltype(Name).
  const clang::LambdaExpr *Closure = nullptr;
  std::string ClosureFactory; // the factory's declaration
  std::string ClosureType;    // the field's type
  // A copy of a closure local (`auto g = f;`), or a reference to one held by
  // pointer (`auto &r = f;`): the slot of a local whose factory makes the
  // same closure type, which names the field's type.
  int SameClosureAs = 0;
  // The value of a tuple-like structured binding whose get returns a value
  // (Var is the binding's holding variable): the get call it is built from,
  // right after the hidden variable (StructuredBindings.h).
  std::string BindingValue;
  // In a template, a slot of a branch of an `if constexpr` (1 + its index in
  // FrameLayout::ConstexprBranches; 0 for none): its type may be ill-formed
  // in an instantiation that discards the branch, so the field is an
  // async::detail::BranchSlot and the branch names the storage with the
  // type. Type is then that alias (placement-new and uses happen in the
  // branch), and BranchType the type spelled.
  unsigned Branch = 0;
  std::string BranchType;
};

// Where a full-expression holding co_await sits, which decides what is done
// with its value once its awaits are done.
enum class FullExpressionKind {
  Statement,         // e;
  Initializer,       // T x = e;  (Statement is the DeclStmt)
  Return,            // co_return e;
  Condition,         // if (e), switch (e)
  ConditionVariable, // if (T x = e), switch (T x = e), and the variable of an
                     // init-statement of if, switch, for  (Expr: x's initializer)
  LoopCondition,     // while (e), do ... while (e), for (; e; )
  LoopIncrement,     // for (;; e)
  RangeInit,         // for (x : e)
  InitStatement,     // if (e; c), switch (e; c), for (e; c; i): e is moved before the statement
};

// A value that one full-expression keeps in the frame until its end: what
// is sequenced before an await and used after it, a temporary, an awaited
// prvalue, an awaiter. Filled in by the lowering (ExpressionSpilling).
struct ExpressionSlot {
  std::string Name;
  std::string Type;      // spelled
  clang::QualType DeclType; // when known: declared through spellDeclaration
  // Recorded when created and destroyed at the end of the full-expression;
  // false for trivially destructible values, which are simply assigned.
  bool Destroyed = true;
  std::string Comment;
};

struct FullExpression {
  const clang::Stmt *Statement;
  const clang::Expr *Expr;
  FullExpressionKind Kind;
  int ChainBefore; // innermost live slot before it
  int Link;        // its SlotKind::Expression slot
  std::vector<unsigned> Awaits; // indexes into FrameLayout::Awaits
  std::vector<ExpressionSlot> Slots; // index = the id recorded when created
  // As FrameSlot::Branch: every slot it keeps is type-erased storage.
  unsigned Branch = 0;
  // Factories of lambda temporaries it keeps (ClosureLocals.h), declared
  // before the machine.
  std::vector<std::string> ClosureFactories;
};

// A statement that resuming cannot jump into: a try block, or a branch of
// an `if constexpr` in a template (a label there may be named only from
// the same branch). Resuming goes to a label in front of the statement,
// then through a dispatch switch at the top of the block (of the branch).
struct DispatchRegion {
  enum RegionKind { Try, ConstexprBranch } Kind;
  unsigned Index; // into FrameLayout::Tries, or ConstexprBranches
  bool operator==(const DispatchRegion &O) const {
    return Kind == O.Kind && Index == O.Index;
  }
};

struct AwaitSite {
  const clang::Expr *Await; // co_await or co_yield (see SuspensionExprs.h)
  unsigned FullExpression; // index into FrameLayout::FullExpressions
  unsigned Index;          // the state number while suspended here
  // The try blocks and constexpr-if branches around the await, outermost
  // first.
  std::vector<DispatchRegion> EnclosingRegions;
};

struct FrameLayout {
  // Expression init-statements of an if or switch whose condition holds
  // co_await (or declares a frame slot): moved before the statement.
  std::vector<const clang::Expr *> MovedInitStatements;
  std::vector<FrameSlot> Slots; // Slots[Id - 1]
  std::vector<AwaitSite> Awaits;
  llvm::DenseMap<const clang::VarDecl *, int> Hoisted;
  // The names a hoisted structured binding introduces, and what each use
  // becomes: the hidden variable's member or element (`(sm_binding0.first)`),
  // or get<I> of it for a tuple-like type (StructuredBindings.h).
  llvm::DenseMap<const clang::BindingDecl *, std::string> Bindings;
  // The slot whose field such a use names (the value's of a get that
  // returns one, else the hidden variable's), 0 for a binding not hoisted:
  // what a lambda capturing the name needs from the frame.
  int bindingSlot(const clang::BindingDecl *B) const {
    if (const clang::VarDecl *Holding = B->getHoldingVar())
      if (int Id = Hoisted.lookup(Holding))
        return Id;
    const auto *Object = llvm::dyn_cast_or_null<clang::VarDecl>(B->getDecomposedDecl());
    return Object ? Hoisted.lookup(Object) : 0;
  }
  std::vector<FullExpression> FullExpressions;
  // The statement (or, for conditions and increments, the expression) that
  // holds a full-expression with co_await, to its index.
  llvm::DenseMap<const clang::Stmt *, unsigned> FullExpressionOf;
  // Loops whose condition (do-while) or increment (for) holds co_await:
  // `continue` goes to a label before that code instead.
  llvm::DenseSet<const clang::Stmt *> ContinueThroughLabel;
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
    // The chain the body starts from: the loop variable, or the last value
    // slot of its structured binding (StructuredBindings.h).
    int BodyChain = 0;
    // The braced list it iterates, if any (FrameSlot::BracedRange).
    const clang::InitListExpr *BracedList = nullptr;
  };
  std::vector<RangeForLoop> RangeFors;
  // Labels some goto reaches from where more frame slots are alive.
  llvm::DenseMap<const clang::LabelStmt *, int> LabelChains;
  // A block, or a for, if or switch statement whose hoisted locals (from its
  // init-statement or condition) end with it: the chain at its end and
  // outside it.
  llvm::DenseMap<const clang::Stmt *, std::pair<int, int>> ScopeEnds;
  // `if constexpr` statements holding co_await outside templates: they
  // become plain ifs, as resuming jumps into them.
  std::vector<const clang::IfStmt *> ConstexprIfs;
  // In a template, `if constexpr` statements holding co_await (each gets a
  // label, GeneratedNames::constexprIfLabel), and their branches holding it.
  std::vector<const clang::IfStmt *> TemplateConstexprIfs;
  struct ConstexprBranch {
    unsigned If;             // index into TemplateConstexprIfs
    const clang::Stmt *Body; // the then or else substatement
    // The insertion that declares the branch's type-erased slots (set once
    // their types are spelled, by the state machine's emitter).
    unsigned DeclarationsEdit = 0;
  };
  std::vector<ConstexprBranch> ConstexprBranches;
  // Substatements of if/else/while/do/for that are not blocks but get
  // statements added around them, so they need braces.
  llvm::DenseSet<const clang::Stmt *> NeedsBraces;

  const FrameSlot &slot(int Id) const { return Slots[Id - 1]; }
};

// Names of the parameters' fields (in order; unnamed parameters are refused).
std::optional<FrameLayout> analyzeFrame(const AsyncFunction &F,
                                        const GeneratedNames &Names,
                                        clang::ASTContext &Ctx,
                                        Diagnostics &Diags);

} // namespace asyncc
