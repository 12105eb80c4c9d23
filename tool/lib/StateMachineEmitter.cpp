// emitStateMachine: names the machine and its builder, has each part of the
// struct built (MachineParts.h), and puts the parts together with the
// constructor, the destructor (or sm_destroy) and the kickoff.
#include "StateMachineEmitter.h"

#include "DependentTypes.h"
#include "MachineDestruction.h"
#include "MachineParts.h"
#include "RuntimeContract.h"
#include "TypeSpelling.h"

#include <cctype>

namespace asyncc {
using namespace clang;

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

namespace {

// The task type, and the builder that makes it, as the machine names them.
struct MachineBuilder {
  std::string Task;     // the function's return type, or its alias
  std::string Builder;  // the builder's type
  std::string Create;   // Builder::Create< (then the machine's name and `>`)
  std::string Aliases;  // declared before the struct
};

std::optional<MachineBuilder> machineBuilder(const MachineInputs &In) {
  const AsyncFunction &F = In.F;
  const FunctionDecl *Fn = F.Function;
  std::string WhyNot;
  std::optional<std::string> Task = spellType(Fn->getReturnType(), In.Ctx, WhyNot);
  std::optional<std::string> Result = F.BuilderTemplate.empty()
                                          ? std::optional<std::string>("")
                                          : spellType(F.ResultType, In.Ctx, WhyNot);
  if (!Result || !Task) {
    In.Diags.error(Fn->getLocation(), "the task type cannot be named: " + WhyNot);
    return std::nullopt;
  }
  MachineBuilder B;
  // Task and ValueTask name their builder; any other task type through the
  // async::AsyncMethodBuilder trait.
  const bool Dependent = Fn->getReturnType()->isDependentType();
  // A return type naming a parameter (a generic lambda's `->
  // async::Task<decltype(value)>`) is named through an alias declared before
  // the machine, where the name is the parameter: inside, it is the field.
  if (Dependent && namesLocalEntity(Fn->getReturnType())) {
    B.Aliases = I1 + "using " + In.Names.taskType() + " = " + *Task + ";\n";
    Task = In.Names.taskType();
    if (!F.BuilderTemplate.empty()) {
      B.Aliases += I1 + "using " + In.Names.resultType() + " = " + *Result + ";\n";
      Result = In.Names.resultType();
    }
  }
  B.Task = *Task;
  B.Builder = F.BuilderTemplate.empty()
                  ? std::string(Dependent ? "typename " : "") + runtime::AsyncMethodBuilder + "<" +
                        *Task + ">::type"
                  : F.BuilderTemplate + "<" + *Result + ">";
  // Builder::Create<Machine>: `template` is needed when Builder is dependent
  // (and no `typename`: this names a function).
  B.Create = llvm::StringRef(B.Builder).starts_with("typename ") ? B.Builder.substr(9) : B.Builder;
  B.Create += (Dependent ? "::template " : "::") + runtime::member::Create + "<";
  return B;
}

// The constructor, the deleted copies, and the end of the machine's life: a
// destructor, or (MachineDestruction.h: Clang would leave a destructor
// undefined) sm_destroy(), which the box calls.
std::string specialMembers(const MachineInputs &In, const std::string &Machine,
                           const std::string &Builder, const MachineMembers &Members,
                           bool DestroysItself) {
  const GeneratedNames &Names = In.Names;
  std::string Out = "\n" + I2 + Machine + "(" + Builder + " " + Names.builder() +
                    Members.CtorParams + ")\n";
  Out += I3 + ": " + Names.builder() + "(" + Names.builder() + ")" + Members.CtorInits + " {}\n";
  Out += I2 + Machine + "(const " + Machine + " &) = delete;\n";
  Out += I2 + Machine + " &operator=(const " + Machine + " &) = delete;\n";
  if (!DestroysItself)
    return Out + I2 + "~" + Machine + "() override { " + Names.unwindTo() + "(0); }\n\n";
  Out += I2 + "// No destructor (Clang 15-19 leave one undefined here): the box calls this.\n";
  Out += I2 + "void " + Names.destroyItself() + "() noexcept {\n";
  Out += I3 + Names.unwindTo() + "(0);\n";
  for (auto It = Members.OwnedFields.rbegin(); It != Members.OwnedFields.rend(); ++It)
    Out += I3 + runtime::Destroy + "(" + *It + ");\n";
  Out += I3 + runtime::Destroy + "(" + Names.builder() + ");\n";
  Out += I2 + "}\n\n";
  return Out;
}

// Creates the machine, takes its task, starts it, returns the task.
std::string kickoff(const MachineInputs &In, const std::string &Machine,
                    const MachineBuilder &B, const MachineMembers &Members) {
  const GeneratedNames &Names = In.Names;
  const std::string &Args = Members.KickoffArgs;
  std::string Out = I1 + "auto &" + Names.machineVar() + " = " + B.Create + Machine + ">(" +
                    (Args.empty() ? "" : Args.substr(2)) + ");\n";
  Out += I1 + B.Task + " " + Names.taskVar() + " = " + Names.machineVar() + "." +
         Names.builder() + "." + runtime::member::Task + "();\n";
  Out += I1 + Names.machineVar() + "." + Names.builder() + "." + runtime::member::Start + "(" +
         Names.machineVar() + ");\n";
  Out += I1 + "return " + Names.taskVar() + ";\n";
  return Out;
}

} // namespace

std::optional<std::string>
emitStateMachine(const AsyncFunction &F, const FrameLayout &Layout,
                 const LoweredBody &Body, const GeneratedNames &Names,
                 const SourceRanges &Ranges, SourceEdits &Edits,
                 ASTContext &Ctx, const EmitOptions &Options,
                 Diagnostics &Diags) {
  const MachineInputs In{F, Layout, Names, Ranges, Edits, Ctx, Options, Diags};
  std::optional<MachineBuilder> Builder = machineBuilder(In);
  if (!Builder)
    return std::nullopt;
  std::optional<MachineMembers> Members = machineMembers(In);
  if (!Members)
    return std::nullopt;
  std::optional<FrameSlotFields> Frame = frameSlotFields(In);
  if (!Frame)
    return std::nullopt;
  std::string Unwind = frameUnwinder(In);
  const CompoundStmt *UserBody = F.Coroutine->getBody();
  auto BodyRange = Ranges.tokens(UserBody->getSourceRange());
  if (!BodyRange) {
    Diags.error(UserBody->getBeginLoc(), "the body comes from a macro expansion");
    return std::nullopt;
  }
  std::string LoweredText = Edits.print(BodyRange->first, BodyRange->second);

  const std::string Machine = machineTypeName(F, Ranges);
  const bool DestroysItself = machineDestroysItself(F);
  std::string Out = "{\n" + Ranges.generatedLinesFollow() + Builder->Aliases + Members->Aliases +
                    Frame->Aliases;
  Out += I1 + "struct " + Machine +
         (DestroysItself ? " final {\n" : " final : " + runtime::IAsyncStateMachine + " {\n");
  Out += I2 + Builder->Builder + " " + Names.builder() + ";\n";
  Out += I2 + "int " + Names.state() + " = -1; // -1 running, -2 done, N >= 0 suspended at await N\n";
  Out += I2 + "int " + Names.live() + " = 0;   // innermost live frame slot, 0 for none\n";
  if (Frame->Recorded) {
    Out += I2 + "unsigned char " + Names.temporaryOrder() + "[" + std::to_string(Frame->Recorded) +
           "]; // what the current full-expression keeps, in creation order\n";
    Out += I2 + "unsigned char " + Names.temporaryCount() + " = 0;\n";
  }
  Out += Frame->LocalTypes + Members->Fields + Frame->Slots;
  Out += specialMembers(In, Machine, Builder->Builder, *Members, DestroysItself);
  Out += Unwind + "\n";
  Out += awaitSiteTable(In);
  Out += moveNextFunction(In, Body, LoweredText, BodyRange->first, Members->Pack, DestroysItself);
  Out += I1 + "};\n";
  Out += kickoff(In, Machine, *Builder, *Members);
  Out += "}";
  return Out;
}

} // namespace asyncc
