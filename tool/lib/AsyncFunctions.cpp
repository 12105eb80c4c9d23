#include "AsyncFunctions.h"

#include "ImplicitCaptures.h"
#include "RuntimeContract.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/Basic/SourceManager.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace asyncc {
namespace {

bool isMarkedAsync(const clang::FunctionDecl *F) {
  for (const auto *A : F->specific_attrs<clang::AnnotateAttr>())
    if (A->getAnnotation() == "async")
      return true;
  return false;
}

// The lambda expression whose call operator Call is.
const clang::LambdaExpr *lambdaOf(const clang::CXXMethodDecl *Call) {
  for (const clang::DynTypedNode &Parent :
       Call->getASTContext().getParents(*Call->getParent()))
    if (const auto *L = Parent.get<clang::LambdaExpr>())
      return L;
  return nullptr;
}

class Finder : public clang::RecursiveASTVisitor<Finder> {
public:
  explicit Finder(clang::ASTContext &Ctx) : Ctx(Ctx) {}
  std::vector<const clang::FunctionDecl *> Found;

  bool shouldVisitTemplateInstantiations() const { return false; }

  // A lambda's call operator is implicit code, reached through the lambda.
  bool VisitLambdaExpr(clang::LambdaExpr *L) {
    return VisitFunctionDecl(L->getCallOperator());
  }

  bool VisitFunctionDecl(clang::FunctionDecl *F) {
    if (!F->doesThisDeclarationHaveABody() || !isMarkedAsync(F))
      return true;
    const clang::SourceManager &SM = Ctx.getSourceManager();
    if (!SM.isWrittenInMainFile(SM.getExpansionLoc(F->getLocation())))
      return true;
    Found.push_back(F);
    return true;
  }

private:
  clang::ASTContext &Ctx;
};

// The T of async::Task<T> or async::ValueTask<T> and its builder, or nullopt
// for any other type.
struct TaskKind {
  clang::QualType Result;
  std::string Builder;
};

// The template Return is a specialization of, when it is async::Task,
// async::ValueTask or async::AsyncEnumerable (also when Return depends on a
// template parameter, as async::Task<T> does inside a template).
const clang::TemplateDecl *asyncTaskTemplate(clang::QualType Return) {
  const clang::TemplateDecl *Template = nullptr;
  if (const auto *Spec = llvm::dyn_cast_or_null<clang::ClassTemplateSpecializationDecl>(
          Return->getAsCXXRecordDecl()))
    Template = Spec->getSpecializedTemplate();
  else if (const auto *Written = Return->getAs<clang::TemplateSpecializationType>())
    Template = Written->getTemplateName().getAsTemplateDecl();
  if (!Template)
    return nullptr;
  llvm::StringRef Name = Template->getName();
  if (Name != "Task" && Name != "ValueTask" && Name != "AsyncEnumerable")
    return nullptr;
  const auto *NS = llvm::dyn_cast<clang::NamespaceDecl>(
      Template->getDeclContext()->getRedeclContext());
  if (!NS || NS->getName() != "async" ||
      !NS->getDeclContext()->getRedeclContext()->isTranslationUnit())
    return nullptr;
  return Template;
}

// The T of Task<T>, ValueTask<T> or AsyncEnumerable<T>, as written where it
// was written (std::string, not basic_string).
std::optional<clang::QualType> taskResultType(clang::QualType Return) {
  if (const auto *Written = Return->getAs<clang::TemplateSpecializationType>();
      Written && Written->template_arguments().size() == 1 &&
      Written->template_arguments()[0].getKind() == clang::TemplateArgument::Type)
    return Written->template_arguments()[0].getAsType();
  const auto *Spec = llvm::dyn_cast_or_null<clang::ClassTemplateSpecializationDecl>(
      Return->getAsCXXRecordDecl());
  if (!Spec)
    return std::nullopt;
  const auto &Args = Spec->getTemplateArgs();
  if (Args.size() != 1 || Args[0].getKind() != clang::TemplateArgument::Type)
    return std::nullopt;
  return Args[0].getAsType();
}

std::optional<TaskKind> taskKind(clang::QualType Return) {
  const clang::TemplateDecl *Template = asyncTaskTemplate(Return);
  std::optional<clang::QualType> Result = taskResultType(Return);
  if (!Template || !Result)
    return std::nullopt;
  if (Template->getName() == "Task")
    return TaskKind{*Result, runtime::AsyncTaskMethodBuilder};
  if (Template->getName() == "AsyncEnumerable")
    return TaskKind{*Result, runtime::AsyncIteratorMethodBuilder};
  return TaskKind{*Result, runtime::AsyncValueTaskMethodBuilder};
}

} // namespace

std::vector<const clang::FunctionDecl *>
findAsyncFunctions(clang::ASTContext &Ctx, Diagnostics &Diags) {
  Finder F(Ctx);
  F.TraverseDecl(Ctx.getTranslationUnitDecl());
  std::vector<const clang::FunctionDecl *> Coroutines;
  for (const clang::FunctionDecl *Fn : F.Found) {
    if (llvm::isa<clang::CoroutineBodyStmt>(Fn->getBody())) {
      Coroutines.push_back(Fn);
      continue;
    }
    Diags.warning(Fn->getLocation(),
                  "ASYNC function '" + Fn->getNameAsString() +
                      "' has no co_await, co_return or co_yield; it is left "
                      "as written and runs synchronously");
  }
  return Coroutines;
}

// The class template T is a specialization of (also when T is dependent).
static const clang::TemplateDecl *templateOf(clang::QualType T) {
  if (const auto *Spec = llvm::dyn_cast_or_null<clang::ClassTemplateSpecializationDecl>(
          T->getAsCXXRecordDecl()))
    return Spec->getSpecializedTemplate()->getCanonicalDecl();
  if (const auto *Written = T->getAs<clang::TemplateSpecializationType>())
    if (const clang::TemplateDecl *D = Written->getTemplateName().getAsTemplateDecl())
      return llvm::cast<clang::TemplateDecl>(D->getCanonicalDecl());
  return nullptr;
}

// True when the translation unit has an explicit specialization
// async::AsyncMethodBuilder<Return> (AsyncVoid's, or a user task type's), or
// a partial one for the template Return is a specialization of.
static bool hasBuilderSpecialization(clang::ASTContext &Ctx, clang::QualType Return) {
  auto *TU = Ctx.getTranslationUnitDecl();
  for (const clang::NamedDecl *NS : TU->lookup(&Ctx.Idents.get("async"))) {
    const auto *Async = llvm::dyn_cast<clang::NamespaceDecl>(NS);
    if (!Async)
      continue;
    for (const clang::NamedDecl *D : Async->lookup(&Ctx.Idents.get("AsyncMethodBuilder"))) {
      const auto *Template = llvm::dyn_cast<clang::ClassTemplateDecl>(D);
      if (!Template)
        continue;
      for (const clang::ClassTemplateSpecializationDecl *Spec : Template->specializations())
        if (Spec->isExplicitSpecialization() && Spec->getTemplateArgs().size() == 1 &&
            Spec->getTemplateArgs()[0].getKind() == clang::TemplateArgument::Type &&
            Ctx.hasSameType(Spec->getTemplateArgs()[0].getAsType(), Return))
          return true;
      // template <class T> struct AsyncMethodBuilder<MyTask<T>>: Return is a
      // MyTask<...> (the compiler checks that it matches).
      const clang::TemplateDecl *ReturnTemplate = templateOf(Return);
      llvm::SmallVector<clang::ClassTemplatePartialSpecializationDecl *, 4> Partials;
      const_cast<clang::ClassTemplateDecl *>(Template)->getPartialSpecializations(Partials);
      for (const clang::ClassTemplatePartialSpecializationDecl *Partial : Partials)
        if (ReturnTemplate && Partial->getTemplateArgs().size() == 1 &&
            Partial->getTemplateArgs()[0].getKind() == clang::TemplateArgument::Type &&
            templateOf(Partial->getTemplateArgs()[0].getAsType()) == ReturnTemplate)
          return true;
    }
  }
  return false;
}

// Sets the result type and builder from the function's return type, or
// reports that the return type is not a task type.
static bool setTaskKind(AsyncFunction &Result, clang::SourceLocation Loc,
                        const std::string &What, const std::string &Hint,
                        Diagnostics &Diags) {
  clang::QualType Return = Result.Function->getReturnType();
  std::optional<TaskKind> Kind = taskKind(Return);
  // A return type known only on instantiation (`template <class R> ASYNC R
  // F()`) is lowered through the async::AsyncMethodBuilder<R> trait, which
  // names the builder of Task<T> and ValueTask<T> as well.
  // (A dependent specialization of another template, MyTask<T>, still needs
  // its partial specialization of the trait.)
  const bool Unknown =
      Return->isDependentType() && !Return->getAs<clang::TemplateSpecializationType>();
  if (!Kind && (Unknown || hasBuilderSpecialization(Result.Function->getASTContext(), Return))) {
    Result.BuilderTemplate.clear();
    return true;
  }
  if (!Kind) {
    Diags.error(Loc, What + " returns '" + Return.getAsString() +
                         "', which is not a task type: use async::Task<T>, "
                         "async::ValueTask<T> or async::AsyncVoid, or specialize "
                         "async::AsyncMethodBuilder for it" + Hint);
    return false;
  }
  Result.ResultType = Kind->Result;
  Result.BuilderTemplate = Kind->Builder;
  return true;
}

static bool isMarkedAsyncFunction(const clang::DeclContext *DC) {
  for (; DC; DC = DC->getParent())
    if (const auto *Fn = llvm::dyn_cast<clang::FunctionDecl>(DC); Fn && isMarkedAsync(Fn))
      return true;
  return false;
}

// A captured `this`: the saved object of the machine.
static bool captureThis(AsyncFunction &Result, const clang::LambdaExpr *L, bool Copy,
                        bool Nested, clang::SourceLocation Loc, Diagnostics &Diags) {
  Result.ThisRewrittenByEnclosing = Nested;
  // [*this]: inside the lambda `this` is the closure's copy, which the
  // machine then points at (const unless the lambda is mutable), as the
  // native coroutine reaches it through the closure. Nested in an ASYNC
  // function, the enclosing lowering would rewrite it as its own object.
  if (Copy && Nested) {
    Diags.error(Loc, "an ASYNC lambda capturing '*this' inside an "
                     "ASYNC function is not supported yet; capture "
                     "this, or copy the object into a local");
    return false;
  }
  // The member function whose `this` it is (through enclosing lambdas).
  const clang::DeclContext *DC = L->getLambdaClass()->getDeclContext();
  while (llvm::isa_and_nonnull<clang::CXXMethodDecl>(DC) &&
         llvm::cast<clang::CXXMethodDecl>(DC)->getParent()->isLambda())
    DC = llvm::cast<clang::CXXMethodDecl>(DC)->getParent()->getDeclContext();
  const auto *Enclosing = llvm::dyn_cast_or_null<clang::CXXMethodDecl>(DC);
  if (!Enclosing) {
    Diags.error(Loc, "cannot find the class of the captured 'this'");
    return false;
  }
  Result.ThisType = Enclosing->getThisType();
  if (Copy && !L->isMutable())
    Result.ThisType = L->getCallOperator()->getASTContext().getPointerType(
        Result.ThisType->getPointeeType().withConst());
  return true;
}

// A captured variable: a reference to the closure's member (const unless the
// lambda is mutable) or, captured by reference, to the variable itself.
static bool captureVariable(AsyncFunction &Result, const clang::LambdaExpr *L,
                            const clang::ValueDecl *D, bool ByCopy, clang::SourceLocation Loc,
                            Diagnostics &Diags) {
  const auto *V = llvm::dyn_cast<clang::VarDecl>(D);
  if (!V) {
    Diags.error(Loc, "an ASYNC lambda capturing a structured "
                     "binding is not supported yet");
    return false;
  }
  if (V->isParameterPack()) {
    Diags.error(Loc, "an ASYNC lambda capturing the parameter pack '" + V->getNameAsString() +
                         "' is not supported yet; capture a std::tuple of it");
    return false;
  }
  clang::QualType T = V->getType().getNonReferenceType();
  if (ByCopy && !L->isMutable())
    T.addConst();
  Result.Captures.push_back({V, V->getASTContext().getLValueReferenceType(T)});
  return true;
}

// [captures](params) ASYNC -> async::Task<T> { body }: the captures become
// references in the machine, `this` (captured) the saved object.
static std::optional<AsyncFunction> classifyLambda(AsyncFunction Result,
                                                   const clang::CXXMethodDecl *Call,
                                                   Diagnostics &Diags) {
  const clang::LambdaExpr *L = lambdaOf(Call);
  if (!L) {
    Diags.error(Call->getLocation(), "cannot find this ASYNC lambda");
    return std::nullopt;
  }
  Result.Lambda = L;
  // Inside an ASYNC function the lambda is lowered first, and then the
  // outer function (TranslationUnitLowering); the outer one rewrites a
  // captured `this` in both bodies.
  const bool Nested = isMarkedAsyncFunction(L->getLambdaClass()->getDeclContext());
  for (const clang::LambdaCapture &C : L->captures()) {
    if (C.capturesThis() &&
        !captureThis(Result, L, C.getCaptureKind() == clang::LCK_StarThis, Nested,
                     C.getLocation(), Diags))
      return std::nullopt;
    if (C.capturesVariable() &&
        !captureVariable(Result, L, C.getCapturedVar(),
                         C.getCaptureKind() == clang::LCK_ByCopy, C.getLocation(), Diags))
      return std::nullopt;
  }
  // In a template the capture default's captures are not listed yet.
  if (Call->isDependentContext()) {
    ImplicitCaptures Implicit = implicitCapturesOf(L);
    if (Implicit.This &&
        !captureThis(Result, L, false, Nested, L->getCaptureDefaultLoc(), Diags))
      return std::nullopt;
    for (const clang::ValueDecl *D : Implicit.Variables)
      if (!captureVariable(Result, L, D, L->getCaptureDefault() == clang::LCD_ByCopy,
                           L->getCaptureDefaultLoc(), Diags))
        return std::nullopt;
  }
  if (!setTaskKind(Result, L->getBeginLoc(), "ASYNC lambda",
                   " (write the return type: -> async::Task<T>)", Diags))
    return std::nullopt;
  return Result;
}

std::optional<AsyncFunction> classifyAsyncFunction(const clang::FunctionDecl *F,
                                                   Diagnostics &Diags) {
  AsyncFunction Result;
  Result.Function = F;
  Result.Coroutine = llvm::cast<clang::CoroutineBodyStmt>(F->getBody());
  std::string Name = F->getNameAsString();

  if (const auto *M = llvm::dyn_cast<clang::CXXMethodDecl>(F);
      M && M->getParent()->isLambda())
    return classifyLambda(Result, M, Diags);
  if (const auto *M = llvm::dyn_cast<clang::CXXMethodDecl>(F)) {
    if (llvm::isa<clang::CXXConstructorDecl>(M) ||
        llvm::isa<clang::CXXDestructorDecl>(M)) {
      Diags.error(F->getLocation(),
                  "a constructor or destructor cannot be ASYNC");
      return std::nullopt;
    }
    if (M->getParent()->isLocalClass()) {
      Diags.error(F->getLocation(), "ASYNC member functions of local classes "
                                    "are not supported yet");
      return std::nullopt;
    }
    if (M->isInstance())
      Result.ThisType = M->getThisType();
  } else if (F->getParentFunctionOrMethod()) {
    Diags.error(F->getLocation(), "ASYNC function '" + Name +
                                      "' declared inside another function is "
                                      "not supported");
    return std::nullopt;
  }
  // The machine keeps one function parameter pack as a tuple and hands it
  // back to MoveNext's body (ParameterPacks.h); a second would need a
  // second lambda around the body for a rare declaration.
  const clang::ParmVarDecl *Pack = nullptr;
  for (const clang::ParmVarDecl *P : F->parameters())
    if (P->isParameterPack()) {
      if (Pack) {
        Diags.error(P->getLocation(), "ASYNC function '" + Name +
                                          "' with two function parameter packs is not "
                                          "supported: take a std::tuple<Ts...> for one");
        return std::nullopt;
      }
      Pack = P;
    }
  if (F->isVariadic()) {
    Diags.error(F->getLocation(),
                "ASYNC function '" + Name + "' with C variadic parameters "
                                            "cannot be lowered");
    return std::nullopt;
  }
  clang::SourceLocation ReturnLoc = F->getReturnTypeSourceRange().getBegin();
  if (!setTaskKind(Result, ReturnLoc.isValid() ? ReturnLoc : F->getLocation(),
                   "ASYNC function '" + Name + "'", "", Diags))
    return std::nullopt;
  return Result;
}

} // namespace asyncc
