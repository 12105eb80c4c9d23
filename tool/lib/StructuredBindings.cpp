#include "StructuredBindings.h"

#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"

namespace asyncc {

using namespace clang;

// `get<I>(e)` or `e.get<I>()` of a tuple-like binding, over Use.
static std::string tupleElement(const BindingDecl *B, unsigned I, const std::string &Use,
                                Diagnostics &Diags) {
  const VarDecl *Holding = B->getHoldingVar();
  const Expr *Init = Holding->getInit()->IgnoreImplicit();
  if (isa<MaterializeTemporaryExpr>(Init) || Init->isPRValue()) {
    Diags.error(B->getLocation(), "structured binding '" + B->getNameAsString() +
                                      "' names a value its type's get<" + std::to_string(I) +
                                      "> returns, not a part of the object, and lives "
                                      "across co_await: this is not supported yet");
    return "";
  }
  const auto *Call = dyn_cast<CallExpr>(Init);
  std::string Index = "<" + std::to_string(I) + ">";
  if (isa_and_nonnull<CXXMemberCallExpr>(Call))
    return Use + ".get" + Index + "()";
  const FunctionDecl *Get = Call ? Call->getDirectCallee() : nullptr;
  if (!Get) {
    Diags.error(B->getLocation(), "cannot tell which get<" + std::to_string(I) +
                                      "> structured binding '" + B->getNameAsString() +
                                      "' uses");
    return "";
  }
  // Qualified: C++17 finds `get<I>(e)` by ADL only when a template named get
  // is visible.
  return "::" + Get->getQualifiedNameAsString() + Index + "(" + Use + ")";
}

bool structuredBindingUses(const DecompositionDecl *D, const std::string &Use,
                           llvm::DenseMap<const BindingDecl *, std::string> &Uses,
                           Diagnostics &Diags) {
  unsigned I = 0;
  for (const BindingDecl *B : D->bindings()) {
    std::string Text;
    const Expr *Binding = B->getBinding();
    if (B->getHoldingVar()) {
      Text = tupleElement(B, I, Use, Diags);
    } else if (const auto *M = Binding ? dyn_cast<MemberExpr>(Binding->IgnoreImplicit())
                                       : nullptr;
               M && M->getMemberDecl()->getIdentifier()) {
      Text = Use + "." + M->getMemberDecl()->getNameAsString();
    } else if (Binding && isa<ArraySubscriptExpr>(Binding->IgnoreImplicit())) {
      Text = Use + "[" + std::to_string(I) + "]";
    } else {
      Diags.error(B->getLocation(), "structured binding '" + B->getNameAsString() +
                                        "' of this kind cannot be kept across co_await yet");
    }
    if (Text.empty())
      return false;
    Uses[B] = "(" + Text + ")";
    ++I;
  }
  return true;
}

} // namespace asyncc
