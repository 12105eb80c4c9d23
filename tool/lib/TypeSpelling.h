// Spelling a type so that generated code can name it from the state-machine
// struct, which sits at the top of the kickoff function: every name is fully
// qualified, deduced types (auto) are written out, and types that cannot be
// named there (lambdas, classes and aliases local to a function) are refused.
#pragma once

#include "clang/AST/ASTContext.h"
#include "clang/AST/Type.h"

#include <optional>
#include <string>

namespace asyncc {

// The spelling of T, or std::nullopt with the reason in WhyNot. Classes and
// enumerations declared in the body of LocalTypesOf are spelled by their
// name: the machine declares them itself (LocalTypes.h).
std::optional<std::string> spellType(clang::QualType T,
                                     const clang::ASTContext &Ctx,
                                     std::string &WhyNot,
                                     const clang::FunctionDecl *LocalTypesOf = nullptr);

// A declaration of Name with type T ("void (*Name)(int)"), or nullopt.
std::optional<std::string> spellDeclaration(clang::QualType T,
                                            const std::string &Name,
                                            const clang::ASTContext &Ctx,
                                            std::string &WhyNot,
                                            const clang::FunctionDecl *LocalTypesOf = nullptr);

// "T" becomes "(T)" when T would not parse as a new-type-id (function
// pointers, arrays).
std::string asNewTypeId(const std::string &Spelling);

} // namespace asyncc
