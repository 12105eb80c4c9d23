#include "StructuredBindings.h"

#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"

namespace asyncc {

using namespace clang;

bool bindsOwnValue(const BindingDecl *B) {
  const VarDecl *Holding = B->getHoldingVar();
  if (!Holding || !Holding->getInit())
    return false;
  const Expr *Init = Holding->getInit()->IgnoreImplicit();
  return isa<MaterializeTemporaryExpr>(Init) || Init->isPRValue();
}

std::string tupleGetCall(const BindingDecl *B, unsigned I, const std::string &Use,
                         Diagnostics &Diags) {
  const Expr *Init = B->getHoldingVar()->getInit()->IgnoreImplicit();
  if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(Init))
    Init = M->getSubExpr()->IgnoreImplicit();
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
                           const llvm::DenseMap<const BindingDecl *, std::string> &ValueUses,
                           llvm::DenseMap<const BindingDecl *, std::string> &Uses,
                           Diagnostics &Diags) {
  unsigned I = 0;
  for (const BindingDecl *B : D->bindings()) {
    std::string Text;
    const Expr *Binding = B->getBinding();
    if (auto It = ValueUses.find(B); It != ValueUses.end()) {
      Text = It->second;
    } else if (B->getHoldingVar()) {
      Text = tupleGetCall(B, I, Use, Diags);
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
