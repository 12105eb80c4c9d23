#include "ClangLinkWarnings.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"

#include <string>

using namespace clang;

namespace asyncc {

namespace {

// The innermost generic lambda around Fn (Fn's own closure included) that
// is itself in a template or another generic lambda.
const CXXRecordDecl *genericLambdaInTemplate(const FunctionDecl *Fn) {
  for (const DeclContext *DC = Fn; DC; DC = DC->getParent()) {
    const auto *M = dyn_cast<CXXMethodDecl>(DC);
    if (!M || !M->getParent()->isLambda())
      continue;
    const CXXRecordDecl *Closure = M->getParent();
    if (Closure->isGenericLambda() && Closure->getDeclContext()->isDependentContext())
      return Closure;
  }
  return nullptr;
}

} // namespace

void warnIfMachineInGenericLambdaInTemplate(const AsyncFunction &F, Diagnostics &Diags) {
  if (!F.Lambda)
    return;
  const CXXRecordDecl *Generic = genericLambdaInTemplate(F.Function);
  if (!Generic)
    return;
  // "May": Clang builds some of these (seen with a generic lambda whose
  // captures are all explicit), but not the common ones.
  const std::string Prefix = "clang++ 15 to 19 may not link the lowered file (g++ does): ";
  const std::string Why = ", and Clang leaves the destructor of a local class there undefined "
                          "(the state machine is one); ";
  if (Generic == F.Lambda->getLambdaClass()) {
    Diags.warning(F.Lambda->getBeginLoc(),
                  Prefix + "this generic ASYNC lambda is in a template" + Why +
                      "give it parameter types instead of auto");
    return;
  }
  const SourceManager &SM = F.Function->getASTContext().getSourceManager();
  const unsigned Line = SM.getPresumedLineNumber(Generic->getLocation());
  Diags.warning(F.Lambda->getBeginLoc(),
                Prefix + "this ASYNC lambda is inside a generic lambda (line " +
                    std::to_string(Line) + ") in a template" + Why +
                    "give that lambda parameter types instead of auto");
}

} // namespace asyncc
