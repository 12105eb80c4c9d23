#include "StateMachineEmitter.h"

#include "DependentTypes.h"
#include "LocalAliases.h"
#include "MachineDestruction.h"
#include "ParameterPacks.h"
#include "RuntimeContract.h"
#include "TypeSpelling.h"

#include <algorithm>
#include <cctype>

namespace asyncc {
namespace {

using namespace clang;

// How the kickoff hands parameter Name (declared Field) to the machine: a
// by-value parameter and an rvalue reference are moved, an lvalue reference
// is passed as it is, and a dependent rvalue reference (a forwarding
// reference `A &&a`, or a generic lambda's `auto &&a`) is forwarded, as it
// may turn out to be an lvalue reference.
std::string passedParameter(QualType T, const std::string &Name, const std::string &Field,
                            ASTContext &Ctx) {
  if (T->isLValueReferenceType())
    return Name;
  if (T->isRValueReferenceType() && T->isDependentType()) {
    std::string WhyNot;
    std::optional<std::string> Spelled =
        namesInventedTemplateParameter(T) ? std::optional<std::string>(Field.substr(
                                                0, Field.size() - Name.size() - 1))
                                          : spellType(T, Ctx, WhyNot);
    if (Spelled)
      return "std::forward<" + *Spelled + ">(" + Name + ")";
  }
  return "std::move(" + Name + ")";
}

} // namespace

std::string parameterName(const clang::ParmVarDecl *P, const GeneratedNames &Names) {
  if (!P->getName().empty())
    return P->getNameAsString();
  return Names.unnamedParameter(P->getFunctionScopeIndex());
}

// An identifier for the function's name: `operator()` becomes
// `operator_call`, `operator+=` `operator_plus_equal`, `operator""_ms`
// `operator_literal_ms`, a conversion function `operator_conversion`.
static std::string identifierOf(const FunctionDecl *Fn) {
  DeclarationName Name = Fn->getDeclName();
  if (Name.isIdentifier())
    return Fn->getNameAsString();
  if (Name.getNameKind() == DeclarationName::CXXLiteralOperatorName)
    return "operator_literal" + Name.getCXXLiteralIdentifier()->getName().str();
  if (Name.getNameKind() != DeclarationName::CXXOperatorName)
    return "operator_conversion";
  static const std::pair<char, const char *> Words[] = {
      {'+', "plus"}, {'-', "minus"}, {'*', "star"},     {'/', "slash"},  {'%', "percent"},
      {'^', "caret"}, {'&', "amp"},  {'|', "pipe"},     {'~', "tilde"},  {'!', "not"},
      {'=', "equal"}, {'<', "less"}, {'>', "greater"},  {',', "comma"},  {'(', "call"},
      {'[', "subscript"}};
  std::string Out = "operator";
  llvm::StringRef Spelling = getOperatorSpelling(Name.getCXXOverloadedOperator());
  if (!Spelling.empty() && std::isalpha(static_cast<unsigned char>(Spelling[0])))
    // new, delete, co_await (and new[], delete[]).
    return Out + "_" + Spelling.take_while([](char C) { return C != '['; }).str() +
           (Spelling.ends_with("[]") ? "_array" : "");
  for (char C : Spelling)
    for (const auto &[Char, Word] : Words)
      if (Char == C)
        Out += std::string("_") + Word;
  return Out;
}

std::string machineTypeName(const AsyncFunction &F, const SourceRanges &Ranges) {
  return GeneratedNames::machineType(
      F.Lambda ? "Lambda" + std::to_string(Ranges.lineAt(*Ranges.offset(F.Lambda->getBeginLoc())))
               : identifierOf(F.Function));
}

std::optional<std::string>
emitStateMachine(const AsyncFunction &F, const FrameLayout &Layout,
                 const LoweredBody &Body, const GeneratedNames &Names,
                 const SourceRanges &Ranges, SourceEdits &Edits,
                 ASTContext &Ctx, const EmitOptions &Options,
                 Diagnostics &Diags) {
  const FunctionDecl *Fn = F.Function;
  std::string WhyNot;
  std::optional<std::string> Task = spellType(Fn->getReturnType(), Ctx, WhyNot);
  std::optional<std::string> Result =
      F.BuilderTemplate.empty() ? std::optional<std::string>("") : spellType(F.ResultType, Ctx, WhyNot);
  if (!Result || !Task) {
    Diags.error(Fn->getLocation(), "the task type cannot be named: " + WhyNot);
    return std::nullopt;
  }
  std::string Machine = machineTypeName(F, Ranges);
  // Task and ValueTask name their builder; any other task type through the
  // async::AsyncMethodBuilder trait.
  const bool Dependent = Fn->getReturnType()->isDependentType();
  // A return type naming a parameter (a generic lambda's `->
  // async::Task<decltype(value)>`) is named through an alias declared before
  // the machine, where the name is the parameter: inside, it is the field.
  std::string TaskAlias;
  if (Dependent && namesLocalEntity(Fn->getReturnType())) {
    TaskAlias = "  using " + Names.taskType() + " = " + *Task + ";\n";
    Task = Names.taskType();
    if (!F.BuilderTemplate.empty()) {
      TaskAlias += "  using " + Names.resultType() + " = " + *Result + ";\n";
      Result = Names.resultType();
    }
  }
  std::string Builder = F.BuilderTemplate.empty()
                            ? std::string(Dependent ? "typename " : "") +
                                  runtime::AsyncMethodBuilder + "<" + *Task + ">::type"
                            : F.BuilderTemplate + "<" + *Result + ">";
  // Builder::Create<Machine>: `template` is needed when Builder is dependent
  // (and no `typename`: this names a function).
  std::string Create = llvm::StringRef(Builder).starts_with("typename ")
                           ? Builder.substr(9)
                           : Builder;
  Create += (Dependent ? "::template " : "::") + runtime::member::Create + "<";
  const std::string I1 = "  ", I2 = "    ", I3 = "      ", I4 = "        ";

  std::string Fields, CtorParams, CtorInits, KickoffArgs, Aliases = TaskAlias;
  // The fields that own their object (by-value parameters, packs), in order:
  // a machine without a destructor destroys them in sm_destroy().
  std::vector<std::string> OwnedFields;
  auto addCtor = [&](const std::string &Param, const std::string &Init,
                     const std::string &Arg) {
    CtorParams += ", " + Param;
    CtorInits += ", " + Init;
    KickoffArgs += ", " + Arg;
  };
  if (!F.ThisType.isNull()) {
    std::optional<std::string> This = spellType(F.ThisType, Ctx, WhyNot);
    if (!This) {
      Diags.error(Fn->getLocation(), "the class cannot be named: " + WhyNot);
      return std::nullopt;
    }
    Fields += I2 + *This + " " + Names.self() + "; // the object the member function runs on\n";
    // (A nested lambda's closure holds the enclosing machine's saved object
    // under that name: an init-capture.)
    addCtor(*This + " " + Names.self(), Names.self() + "(" + Names.self() + ")",
            F.ThisRewrittenByEnclosing ? Names.self() : "this");
  }
  for (const AsyncFunction::Capture &C : F.Captures) {
    // What the lambda captured, seen through the closure as the body sees it.
    std::string Name = C.Var->getNameAsString();
    auto Decl = spellDeclaration(C.FieldType, Name, Ctx, WhyNot);
    if (Decl ? namesInventedTemplateParameter(C.FieldType) ||
                   (C.FieldType->isDependentType() && namesFunctionLocalAlias(C.FieldType))
             : C.FieldType->isDependentType()) {
      // An enclosing generic lambda's `auto` variable, one whose type names
      // a local alias (not visible in a closure factory) or is deduced from
      // a dependent expression: named through the variable itself, as for
      // parameters below.
      std::string Alias = Names.parameterType(Name);
      Aliases += I1 + "using " + Alias + " = std::remove_reference_t<decltype(" + Name + ")>;\n";
      bool Const = C.FieldType->getPointeeType().isConstQualified();
      Decl = (Const ? "const " : "") + Alias + " &" + Name;
    }
    if (!Decl) {
      Diags.error(C.Var->getLocation(), "capture '" + Name + "' has a type that "
                                        "cannot be named in the state machine: " + WhyNot);
      return std::nullopt;
    }
    Fields += I2 + *Decl + "; // capture\n";
    addCtor(*Decl, Name + "(" + Name + ")", Name);
  }
  std::optional<ParameterPackMember> Pack;
  for (const ParmVarDecl *P : Fn->parameters()) {
    std::string Name = parameterName(P, Names);
    if (P->isParameterPack()) {
      Pack = parameterPackMember(P, Name, Names, Ctx, WhyNot);
      if (!Pack) {
        Diags.error(P->getLocation(), "parameter pack '" + Name +
                                          "' has a type that cannot be named in "
                                          "the state machine: " + WhyNot);
        return std::nullopt;
      }
      Fields += I2 + Pack->Field + "; // the parameter pack " + Name + "\n";
      OwnedFields.push_back(Names.parameterPack(Name));
      addCtor(Pack->CtorParameter, Pack->CtorInit, Pack->KickoffArgument);
      continue;
    }
    QualType T = P->getType();
    bool ByValue = !T->isReferenceType();
    QualType ParamT = ByValue ? Ctx.getRValueReferenceType(T) : T;
    auto Field = spellDeclaration(T, Name, Ctx, WhyNot);
    auto Param = spellDeclaration(ParamT, Name, Ctx, WhyNot);
    if (Field && namesInventedTemplateParameter(T)) {
      // A generic lambda's `auto` parameter: its type is named through the
      // parameter itself, which the local machine class can see.
      // (An alias first: `decltype(x) x;` inside the class would change
      // what x means there.)
      std::string Alias = Names.parameterType(Name);
      Aliases += I1 + "using " + Alias + " = decltype(" + Name + ");\n";
      Field = Alias + " " + Name;
      Param = ByValue ? Alias + " &&" + Name : *Field;
    }
    if (!Field || !Param) {
      Diags.error(P->getLocation(), "parameter '" + Name +
                                        "' has a type that cannot be named in "
                                        "the state machine: " + WhyNot);
      return std::nullopt;
    }
    Fields += I2 + *Field + ";\n";
    if (ByValue)
      OwnedFields.push_back(Name);
    std::string Passed = passedParameter(T, Name, *Field, Ctx);
    addCtor(*Param, Name + "(" + Passed + ")", Passed);
  }

  // Hoisted locals get a slot each. Full-expressions holding co_await never
  // overlap, so the k-th value each one keeps shares a union with the k-th
  // of every other. In a template, fields may be declared through decltype
  // of earlier fields (DependentTypes.h), so each gets its own union, in
  // source order.
  const bool SourceOrder = Fn->isTemplated();
  std::vector<std::pair<unsigned, std::string>> Ordered; // (offset, declaration)
  std::string Slots;
  // The slots of constexpr-if branches (FrameSlot::Branch): the field is
  // type-erased storage, and the branch declares the type and, over the
  // storage, the name (offset, declaration), per branch.
  std::vector<std::vector<std::pair<unsigned, std::string>>> BranchDeclarations(
      Layout.ConstexprBranches.size());
  auto inBranch = [&](unsigned Branch, unsigned Offset, const std::string &Name,
                      const std::string &Type, const std::string &Comment) {
    std::string Alias = Names.erasedType(Name), Storage = Names.erasedSlot(Name);
    BranchDeclarations[Branch - 1].push_back(
        {Offset, "using " + Alias + " = " + Type + "; " + Alias + " &" + Name + " = " +
                     Storage + ".As<" + Alias + ">();"});
    Ordered.push_back({Offset, I2 + runtime::BranchSlot + " " + Storage + "; " + Comment +
                                   ", typed in its constexpr-if branch\n"});
  };
  for (const FrameSlot &Slot : Layout.Slots) {
    if (Slot.Kind != SlotKind::Local)
      continue;
    std::optional<std::string> Decl;
    std::string TypeId; // (the type alone, for a slot of a constexpr-if branch)
    if (Slot.Closure) {
      Aliases += I1 + Slot.ClosureFactory;
      Decl = Slot.ClosureType + " " + Slot.Name;
      TypeId = Slot.ClosureType;
    } else if (Slot.SameClosureAs) {
      // The type its factory makes (the factory is declared before the
      // machine, so field order does not matter).
      std::string Closure = Layout.slot(Slot.SameClosureAs).ClosureType;
      TypeId = Closure;
      if (Slot.HeldByPointer)
        Closure += Slot.DeclType.isConstQualified() ? " const *" : " *";
      else
        Closure += " ";
      if (Slot.HeldByPointer)
        TypeId = Closure;
      Decl = Closure + Slot.Name;
    } else if (Slot.BracedRange) {
      // decltype(async::detail::BracedList(a, b)), from the lowered text.
      auto R = Ranges.tokens(Slot.Var->getInit()->getSourceRange());
      if (!R) {
        Diags.error(Slot.Var->getLocation(), "a braced list from a macro expansion "
                                             "cannot be kept across co_await");
        return std::nullopt;
      }
      TypeId = "decltype(" + Edits.printInner(R->first, R->second) + ")";
      Decl = TypeId + " " + Slot.Name;
    } else if (!Slot.SpelledType.empty()) {
      Decl = Slot.SpelledType + " " + Slot.Name;
      TypeId = Slot.SpelledType;
    } else if (Slot.TypeFromInitializer) {
      std::optional<std::string> InitText;
      if (!Slot.InitializerText.empty())
        InitText = Slot.InitializerText;
      else if (auto R = Ranges.tokens(Slot.Var->getInit()->getSourceRange()))
        InitText = Edits.printInner(R->first, R->second);
      if (InitText)
        if (auto Type = frameTypeFromInitializer(Slot.Var, declaredTypeOf(*InitText), Ctx,
                                                 WhyNot)) {
          Decl = *Type + " " + Slot.Name;
          TypeId = *Type;
        }
      if (!InitText)
        WhyNot = "its initializer comes from a macro expansion";
      if (!Decl) {
        Diags.error(Slot.Var->getLocation(),
                    "local '" + Slot.Var->getNameAsString() +
                        "' lives across co_await in a template and its type "
                        "cannot be spelled from its initializer: " + WhyNot +
                        "; write its type");
        return std::nullopt;
      }
    } else {
      // A const local stays const.
      Decl = spellDeclaration(Slot.DeclType, Slot.Name, Ctx, WhyNot, Fn);
      TypeId = Slot.BranchType;
    }
    if (!Decl) {
      Diags.error(Fn->getLocation(), "frame slot '" + Slot.Name + "' cannot be declared: " + WhyNot);
      return std::nullopt;
    }
    std::string Comment = "// local, slot " + std::to_string(Slot.Id) + ", line " +
                          std::to_string(Ranges.lineAt(*Ranges.offset(Slot.Var->getLocation())));
    std::string Line = I2 + "union { " + *Decl + "; }; " + Comment + "\n";
    if (Slot.Branch && TypeId.empty()) {
      Diags.error(Fn->getLocation(), "frame slot '" + Slot.Name + "' cannot be declared in "
                                     "its constexpr-if branch");
      return std::nullopt;
    }
    if (Slot.Branch)
      inBranch(Slot.Branch,
               *Ranges.offset(Slot.RangeFor ? Slot.RangeFor->getRangeInit()->getEndLoc()
                                            : Slot.Var->getEndLoc()),
               Slot.Name, TypeId, Comment);
    else if (SourceOrder)
      // A range-for's slots after its range expression (the loop variable,
      // written before it, is typed from the begin iterator).
      Ordered.push_back({*Ranges.offset(Slot.RangeFor ? Slot.RangeFor->getRangeInit()->getEndLoc()
                                                      : Slot.Var->getEndLoc()),
                         Line});
    else
      Slots += Line;
  }
  for (const FullExpression &FE : Layout.FullExpressions)
    for (const std::string &Factory : FE.ClosureFactories)
      Aliases += I1 + Factory;
  size_t Shared = 0, Recorded = 0;
  for (const FullExpression &FE : Layout.FullExpressions)
    Shared = std::max(Shared, FE.Slots.size());
  for (size_t K = 0; K < Shared; ++K) {
    std::string Members;
    for (const FullExpression &FE : Layout.FullExpressions) {
      if (K >= FE.Slots.size())
        continue;
      const ExpressionSlot &E = FE.Slots[K];
      std::optional<std::string> Decl =
          E.DeclType.isNull() ? std::optional<std::string>(E.Type + " " + E.Name)
                              : spellDeclaration(E.DeclType, E.Name, Ctx, WhyNot);
      if (!Decl) {
        Diags.error(Fn->getLocation(), "frame slot '" + E.Name + "' cannot be declared: " + WhyNot);
        return std::nullopt;
      }
      std::string Comment = "// " + E.Comment + ", line " +
                            std::to_string(Ranges.lineAt(*Ranges.offset(FE.Expr->getBeginLoc())));
      if (FE.Branch) {
        std::optional<std::string> TypeId =
            E.DeclType.isNull() ? std::optional<std::string>(E.Type)
                                : spellType(E.DeclType, Ctx, WhyNot);
        if (!TypeId) {
          Diags.error(Fn->getLocation(),
                      "frame slot '" + E.Name + "' cannot be declared: " + WhyNot);
          return std::nullopt;
        }
        inBranch(FE.Branch, *Ranges.offset(FE.Expr->getBeginLoc()), E.Name, *TypeId, Comment);
      } else if (SourceOrder)
        Ordered.push_back({*Ranges.offset(FE.Expr->getBeginLoc()),
                           I2 + "union { " + *Decl + "; }; " + Comment + "\n"});
      else
        Members += I3 + *Decl + "; " + Comment + "\n";
    }
    if (!SourceOrder)
      Slots += I2 + "union { // value " + std::to_string(K) + " kept by a full-expression\n" +
               Members + I2 + "};\n";
  }
  std::string LocalTypes;
  for (const MovedLocalType &Type : Options.LocalTypes) {
    if (SourceOrder)
      Ordered.push_back({Type.Offset, Type.Text});
    else
      LocalTypes += Type.Text;
  }
  std::vector<const Stmt *> BranchBodies;
  for (const auto &B : Layout.ConstexprBranches)
    BranchBodies.push_back(B.Body);
  if (SourceOrder && !declareLocalAliasesNamedByFields(Fn, Fn->getBody(), BranchBodies,
                                                       Ordered, I2, Ranges, Edits, Diags))
    return std::nullopt;
  std::stable_sort(Ordered.begin(), Ordered.end(),
                   [](const auto &A, const auto &B) { return A.first < B.first; });
  for (const auto &[Offset, Line] : Ordered)
    Slots += Line;
  for (const FullExpression &FE : Layout.FullExpressions)
    Recorded = std::max(Recorded, FE.Slots.size());

  // What the unwinder calls: a slot of a constexpr-if branch is destroyed
  // through its storage, as the type cannot be named outside the branch.
  auto destroy = [&](const std::string &Name, unsigned Branch) {
    return Branch ? Names.erasedSlot(Name) + ".Destroy()"
                  : runtime::Destroy + "(" + Name + ")";
  };
  for (unsigned B = 0; B < BranchDeclarations.size(); ++B) {
    auto &Declarations = BranchDeclarations[B];
    if (Declarations.empty())
      continue;
    if (!declareLocalAliasesNamedByFields(Fn, Layout.ConstexprBranches[B].Body, BranchBodies,
                                          Declarations, "", Ranges, Edits, Diags))
      return std::nullopt;
    std::stable_sort(Declarations.begin(), Declarations.end(),
                     [](const auto &X, const auto &Y) { return X.first < Y.first; });
    std::string Text;
    for (const auto &[Offset, Declaration] : Declarations)
      Text += (Text.empty() ? "" : " ") + Declaration;
    // After the `{` of a block, or before the statement put in braces.
    bool Block = isa<CompoundStmt>(Layout.ConstexprBranches[B].Body);
    Edits.setText(Layout.ConstexprBranches[B].DeclarationsEdit,
                  Block ? " " + Text : Text + " ");
  }

  std::string Unwind;
  if (Layout.Slots.empty()) {
    Unwind = I2 + "void " + Names.unwindTo() + "(int) {}\n";
  } else {
    Unwind = I2 + "// Destroys the live frame slots, innermost first, until `level` is innermost.\n";
    Unwind += I2 + "void " + Names.unwindTo() + "(int level) {\n";
    Unwind += I3 + "while (" + Names.live() + " != level) {\n";
    Unwind += I4 + "switch (" + Names.live() + ") {\n";
    for (auto It = Layout.Slots.rbegin(); It != Layout.Slots.rend(); ++It) {
      if (It->Kind == SlotKind::Expression) {
        // What one full-expression kept: those created so far die in reverse
        // order of creation.
        const FullExpression &FE = Layout.FullExpressions[It->FullExpression];
        Unwind += I4 + "case " + std::to_string(It->Id) + ": " + Names.live() + " = " +
                  std::to_string(It->Parent) + ";\n";
        Unwind += I4 + "  while (" + Names.temporaryCount() + ") {\n";
        Unwind += I4 + "    switch (" + Names.temporaryOrder() + "[--" +
                  Names.temporaryCount() + "]) {\n";
        for (size_t K = 0; K < FE.Slots.size(); ++K)
          if (FE.Slots[K].Destroyed)
            Unwind += I4 + "    case " + std::to_string(K) + ": " +
                      destroy(FE.Slots[K].Name, FE.Branch) + "; break;\n";
        Unwind += I4 + "    }\n" + I4 + "  }\n" + I4 + "  break;\n";
        continue;
      }
      Unwind += I4 + "case " + std::to_string(It->Id) + ": " + Names.live() + " = " +
                std::to_string(It->Parent) + "; " + destroy(It->Name, It->Branch) +
                "; break;\n";
    }
    Unwind += I4 + "}\n" + I3 + "}\n" + I2 + "}\n";
  }

  const CompoundStmt *UserBody = F.Coroutine->getBody();
  auto BodyRange = Ranges.tokens(UserBody->getSourceRange());
  if (!BodyRange) {
    Diags.error(UserBody->getBeginLoc(), "the body comes from a macro expansion");
    return std::nullopt;
  }
  std::string LoweredText = Edits.print(BodyRange->first, BodyRange->second);

  std::string Out;
  Out += "{\n" + Ranges.generatedLinesFollow() + Aliases;
  const bool DestroysItself = machineDestroysItself(F);
  Out += I1 + "struct " + Machine +
         (DestroysItself ? " final {\n" : " final : " + runtime::IAsyncStateMachine + " {\n");
  Out += I2 + Builder + " " + Names.builder() + ";\n";
  Out += I2 + "int " + Names.state() + " = -1; // -1 running, -2 done, N >= 0 suspended at await N\n";
  Out += I2 + "int " + Names.live() + " = 0;   // innermost live frame slot, 0 for none\n";
  if (Recorded) {
    Out += I2 + "unsigned char " + Names.temporaryOrder() + "[" + std::to_string(Recorded) +
           "]; // what the current full-expression keeps, in creation order\n";
    Out += I2 + "unsigned char " + Names.temporaryCount() + " = 0;\n";
  }
  Out += LocalTypes;
  Out += Fields;
  Out += Slots;
  Out += "\n" + I2 + Machine + "(" + Builder + " " + Names.builder() + CtorParams + ")\n";
  Out += I3 + ": " + Names.builder() + "(" + Names.builder() + ")" + CtorInits + " {}\n";
  Out += I2 + Machine + "(const " + Machine + " &) = delete;\n";
  Out += I2 + Machine + " &operator=(const " + Machine + " &) = delete;\n";
  if (DestroysItself) {
    // (MachineDestruction.h: Clang would leave a destructor undefined.)
    Out += I2 + "// No destructor (Clang 15-19 leave one undefined here): the box calls this.\n";
    Out += I2 + "void " + Names.destroyItself() + "() noexcept {\n";
    Out += I3 + Names.unwindTo() + "(0);\n";
    for (auto It = OwnedFields.rbegin(); It != OwnedFields.rend(); ++It)
      Out += I3 + runtime::Destroy + "(" + *It + ");\n";
    Out += I3 + runtime::Destroy + "(" + Names.builder() + ");\n";
    Out += I2 + "}\n\n";
  } else {
    Out += I2 + "~" + Machine + "() override { " + Names.unwindTo() + "(0); }\n\n";
  }
  Out += Unwind + "\n";
  // (The runtime reads the state as `sm_state`: with another prefix, the
  // table is left out and the dump shows no location.)
  if (!Layout.Awaits.empty() && Names.state() == runtime::generated::State) {
    // Where each state is suspended, for async::DumpPendingTasks.
    auto Quote = [](const std::string &Text) {
      std::string Q = "\"";
      for (char C : Text) {
        if (C == '"' || C == '\\')
          Q += '\\';
        Q += C;
      }
      return Q + "\"";
    };
    std::string Function =
        F.Lambda ? "lambda at line " +
                       std::to_string(Ranges.lineAt(*Ranges.offset(F.Lambda->getBeginLoc())))
                 : Fn->getQualifiedNameAsString();
    Out += I2 + "// Where each state is suspended (async::DumpPendingTasks).\n";
    Out += I2 + "static const " + runtime::AwaitSite + " *" + Names.awaitSites() + "() noexcept {\n";
    Out += I3 + "static constexpr " + runtime::AwaitSite + " sites[] = {\n";
    for (const AwaitSite &Site : Layout.Awaits)
      Out += I4 + "{" + Quote(Function) + ", " + Quote(Ranges.shownFileName()) + ", " +
             std::to_string(Ranges.lineAt(*Ranges.offset(Site.Await->getBeginLoc()))) +
             "}, // await " + std::to_string(Site.Index) + "\n";
    Out += I3 + "};\n" + I3 + "return sites;\n" + I2 + "}\n\n";
  }
  Out += I2 + "void " + runtime::generated::MoveNext + (DestroysItself ? "() {\n" : "() override {\n");
  if (Pack)
    Out += I2 + Pack->BodyOpen;
  Out += I3 + "try {\n";
  if (!Layout.Awaits.empty()) {
    Out += I4 + "switch (" + Names.state() + ") {\n";
    for (const AwaitSite &Site : Layout.Awaits) {
      std::string Target = Names.resumeLabel(Site.Index);
      if (!Site.EnclosingRegions.empty()) {
        const DispatchRegion &Outer = Site.EnclosingRegions.front();
        Target = Outer.Kind == DispatchRegion::Try
                     ? Names.tryLabel(Outer.Index)
                     : Names.constexprIfLabel(Layout.ConstexprBranches[Outer.Index].If);
      }
      Out += I4 + "case " + std::to_string(Site.Index) + ": goto " + Target + ";\n";
    }
    Out += I4 + "default: break;\n" + I4 + "}\n";
  }
  if (Options.LineDirectives)
    Out += Ranges.lineDirectiveAt(BodyRange->first);
  Out += I4 + LoweredText + "\n" + Ranges.generatedLinesFollow();
  if (Body.UsesExitLabel)
    Out += I2 + Names.exitLabel() + ":\n" + I4 + Names.unwindTo() + "(0);\n";
  Out += I3 + "} catch (...) {\n";
  Out += I4 + Names.unwindTo() + "(0);\n";
  Out += I4 + Names.state() + " = -2;\n";
  Out += I4 + Names.builder() + "." + runtime::member::SetException + "(std::current_exception());\n";
  Out += I4 + "return;\n";
  Out += I3 + "}\n";
  Out += I3 + Names.state() + " = -2;\n";
  Out += I3 + Names.builder() + "." + runtime::member::SetResult + "();\n";
  if (Pack)
    Out += I2 + Pack->BodyClose;
  Out += I2 + "}\n";
  Out += I1 + "};\n";
  Out += I1 + "auto &" + Names.machineVar() + " = " + Create + Machine + ">(" + (KickoffArgs.empty() ? "" : KickoffArgs.substr(2)) + ");\n";
  Out += I1 + *Task + " " + Names.taskVar() + " = " + Names.machineVar() + "." +
         Names.builder() + "." + runtime::member::Task + "();\n";
  Out += I1 + Names.machineVar() + "." + Names.builder() + "." + runtime::member::Start + "(" +
         Names.machineVar() + ");\n";
  Out += I1 + "return " + Names.taskVar() + ";\n";
  Out += "}";
  return Out;
}

} // namespace asyncc
