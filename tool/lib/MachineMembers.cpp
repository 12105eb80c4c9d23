// The machine's members that come from the call: the saved `this`, the
// lambda's captures, the parameters (a pack as one member). Each gets a
// field, a constructor parameter and initializer, and a kickoff argument.
#include "MachineParts.h"

#include "DependentTypes.h"
#include "TypeSpelling.h"

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

void addConstructorItem(MachineMembers &M, const std::string &Param, const std::string &Init,
                        const std::string &Arg) {
  M.CtorParams += ", " + Param;
  M.CtorInits += ", " + Init;
  M.KickoffArgs += ", " + Arg;
}

bool addSavedThis(const MachineInputs &In, MachineMembers &M) {
  const AsyncFunction &F = In.F;
  std::string WhyNot;
  std::optional<std::string> This = spellType(F.ThisType, In.Ctx, WhyNot);
  if (!This) {
    In.Diags.error(F.Function->getLocation(), "the class cannot be named: " + WhyNot);
    return false;
  }
  const std::string &Self = In.Names.self();
  M.Fields += I2 + *This + " " + Self + "; // the object the member function runs on\n";
  // (A nested lambda's closure holds the enclosing machine's saved object
  // under that name: an init-capture.)
  addConstructorItem(M, *This + " " + Self, Self + "(" + Self + ")",
                     F.ThisRewrittenByEnclosing ? Self : "this");
  return true;
}

bool addCapture(const MachineInputs &In, const AsyncFunction::Capture &C, MachineMembers &M) {
  // What the lambda captured, seen through the closure as the body sees it.
  std::string Name = C.Var->getNameAsString();
  std::string WhyNot;
  auto Decl = spellDeclaration(C.FieldType, Name, In.Ctx, WhyNot);
  if (Decl ? namesInventedTemplateParameter(C.FieldType) ||
                 (C.FieldType->isDependentType() && namesFunctionLocalAlias(C.FieldType))
           : C.FieldType->isDependentType()) {
    // An enclosing generic lambda's `auto` variable, one whose type names
    // a local alias (not visible in a closure factory) or is deduced from
    // a dependent expression: named through the variable itself, as for
    // parameters below.
    std::string Alias = In.Names.parameterType(Name);
    M.Aliases += I1 + "using " + Alias + " = std::remove_reference_t<decltype(" + Name + ")>;\n";
    bool Const = C.FieldType->getPointeeType().isConstQualified();
    Decl = (Const ? "const " : "") + Alias + " &" + Name;
  }
  if (!Decl) {
    In.Diags.error(C.Var->getLocation(), "capture '" + Name + "' has a type that "
                                         "cannot be named in the state machine: " + WhyNot);
    return false;
  }
  M.Fields += I2 + *Decl + "; // capture\n";
  addConstructorItem(M, *Decl, Name + "(" + Name + ")", Name);
  return true;
}

bool addParameterPack(const MachineInputs &In, const ParmVarDecl *P, const std::string &Name,
                      MachineMembers &M) {
  std::string WhyNot;
  M.Pack = parameterPackMember(P, Name, In.Names, In.Ctx, WhyNot);
  if (!M.Pack) {
    In.Diags.error(P->getLocation(), "parameter pack '" + Name +
                                         "' has a type that cannot be named in "
                                         "the state machine: " + WhyNot);
    return false;
  }
  M.Fields += I2 + M.Pack->Field + "; // the parameter pack " + Name + "\n";
  M.OwnedFields.push_back(In.Names.parameterPack(Name));
  addConstructorItem(M, M.Pack->CtorParameter, M.Pack->CtorInit, M.Pack->KickoffArgument);
  return true;
}

bool addParameter(const MachineInputs &In, const ParmVarDecl *P, MachineMembers &M) {
  std::string Name = parameterName(P, In.Names);
  if (P->isParameterPack())
    return addParameterPack(In, P, Name, M);
  QualType T = P->getType();
  bool ByValue = !T->isReferenceType();
  QualType ParamT = ByValue ? In.Ctx.getRValueReferenceType(T) : T;
  std::string WhyNot;
  auto Field = spellDeclaration(T, Name, In.Ctx, WhyNot);
  auto Param = spellDeclaration(ParamT, Name, In.Ctx, WhyNot);
  if (Field && namesInventedTemplateParameter(T)) {
    // A generic lambda's `auto` parameter: its type is named through the
    // parameter itself, which the local machine class can see.
    // (An alias first: `decltype(x) x;` inside the class would change
    // what x means there.)
    std::string Alias = In.Names.parameterType(Name);
    M.Aliases += I1 + "using " + Alias + " = decltype(" + Name + ");\n";
    Field = Alias + " " + Name;
    Param = ByValue ? Alias + " &&" + Name : *Field;
  }
  if (!Field || !Param) {
    In.Diags.error(P->getLocation(), "parameter '" + Name +
                                         "' has a type that cannot be named in "
                                         "the state machine: " + WhyNot);
    return false;
  }
  M.Fields += I2 + *Field + ";\n";
  if (ByValue)
    M.OwnedFields.push_back(Name);
  std::string Passed = passedParameter(T, Name, *Field, In.Ctx);
  addConstructorItem(M, *Param, Name + "(" + Passed + ")", Passed);
  return true;
}

} // namespace

std::string parameterName(const clang::ParmVarDecl *P, const GeneratedNames &Names) {
  if (!P->getName().empty())
    return P->getNameAsString();
  return Names.unnamedParameter(P->getFunctionScopeIndex());
}

std::optional<MachineMembers> machineMembers(const MachineInputs &In) {
  MachineMembers M;
  if (!In.F.ThisType.isNull() && !addSavedThis(In, M))
    return std::nullopt;
  for (const AsyncFunction::Capture &C : In.F.Captures)
    if (!addCapture(In, C, M))
      return std::nullopt;
  for (const ParmVarDecl *P : In.F.Function->parameters())
    if (!addParameter(In, P, M))
      return std::nullopt;
  return M;
}

} // namespace asyncc
