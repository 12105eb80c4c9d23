#include "FrameLayoutReport.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/RecordLayout.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/raw_ostream.h"

namespace asyncc {
namespace {

using namespace clang;

class LayoutCollector : public RecursiveASTVisitor<LayoutCollector> {
public:
  // A template's machine has a layout only in each instantiation.
  bool shouldVisitTemplateInstantiations() const { return true; }

  LayoutCollector(ASTContext &Ctx, const LoweredFile &Lowered, std::string &Out)
      : Ctx(Ctx), Lowered(Lowered), Out(Out) {}

  bool VisitCXXRecordDecl(CXXRecordDecl *RD) {
    if (!RD->isThisDeclarationADefinition() || !RD->getIdentifier() ||
        !RD->getName().ends_with("_StateMachine") || !RD->isLocalClass() ||
        RD->isInvalidDecl())
      return true;
    const MachineStates *Info = nullptr;
    for (const MachineStates &M : Lowered.Machines)
      if (M.Machine == RD->getName())
        Info = &M;
    if (!Info)
      return true;
    llvm::raw_string_ostream OS(Out);
    if (RD->isDependentContext()) {
      OS << "state machine " << RD->getName() << " (" << Info->Function
         << "): a template; each instantiation in this file follows with its "
            "template arguments\n\n";
      return true;
    }
    const ASTRecordLayout &Layout = Ctx.getASTRecordLayout(RD);
    OS << "state machine " << RD->getName() << " (" << Info->Function;
    if (const auto *Fn = dyn_cast_or_null<FunctionDecl>(RD->getParentFunctionOrMethod());
        Fn && Fn->getTemplateSpecializationArgs()) {
      // Which instantiation: the template arguments.
      std::string Args;
      llvm::raw_string_ostream AS(Args);
      printTemplateArgumentList(AS, Fn->getTemplateSpecializationArgs()->asArray(),
                                Ctx.getPrintingPolicy());
      OS << AS.str();
    }
    OS << ")\n";
    OS << "  states:\n";
    OS << "    -1  running\n";
    for (const MachineStates::State &S : Info->States)
      OS << "    " << llvm::format_decimal(S.Index, 2) << "  suspended at line " << S.Line
         << ": " << S.Await << "\n";
    OS << "    -2  done\n";
    OS << "  fields:               offset  size  type\n";
    if (Layout.hasOwnVFPtr())
      printRow(OS, "(vtable pointer)", 0, Ctx.getTypeSizeInChars(Ctx.VoidPtrTy).getQuantity(), "");
    for (const CXXBaseSpecifier &Base : RD->bases()) {
      const CXXRecordDecl *B = Base.getType()->getAsCXXRecordDecl();
      printRow(OS, "(base)", Layout.getBaseClassOffset(B).getQuantity(),
               Ctx.getASTRecordLayout(B).getSize().getQuantity(),
               B->getQualifiedNameAsString() + " (its vtable pointer)");
    }
    unsigned Index = 0;
    for (const FieldDecl *F : RD->fields()) {
      uint64_t Offset = Layout.getFieldOffset(Index++) / Ctx.getCharWidth();
      printField(OS, F, Offset);
    }
    OS << "  total size " << Layout.getSize().getQuantity() << " bytes, alignment "
       << Layout.getAlignment().getQuantity() << "\n\n";
    return true;
  }

private:
  void printField(llvm::raw_ostream &OS, const FieldDecl *F, uint64_t Offset) {
    QualType T = F->getType();
    // An anonymous union holds one slot, or the slots that share storage.
    if (const auto *Union = T->getAsCXXRecordDecl();
        Union && Union->isUnion() && Union->isAnonymousStructOrUnion()) {
      for (const FieldDecl *Member : Union->fields())
        printField(OS, Member, Offset);
      return;
    }
    printRow(OS, F->getNameAsString(), Offset, Ctx.getTypeSizeInChars(T).getQuantity(),
             T.getAsString(Ctx.getPrintingPolicy()));
  }

  static void printRow(llvm::raw_ostream &OS, const std::string &Name, uint64_t Offset,
                       int64_t Size, const std::string &Type) {
    OS << "    " << llvm::left_justify(Name, 20) << llvm::format_decimal(Offset, 6)
       << llvm::format_decimal(Size, 6) << "  " << Type << "\n";
  }

  ASTContext &Ctx;
  const LoweredFile &Lowered;
  std::string &Out;
};

class LayoutAction : public ASTFrontendAction {
public:
  LayoutAction(const LoweredFile &Lowered, std::string &Out) : Lowered(Lowered), Out(Out) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &, llvm::StringRef) override {
    struct Consumer : ASTConsumer {
      const LoweredFile &Lowered;
      std::string &Out;
      Consumer(const LoweredFile &L, std::string &O) : Lowered(L), Out(O) {}
      void HandleTranslationUnit(ASTContext &Ctx) override {
        LayoutCollector(Ctx, Lowered, Out).TraverseDecl(Ctx.getTranslationUnitDecl());
      }
    };
    return std::make_unique<Consumer>(Lowered, Out);
  }

private:
  const LoweredFile &Lowered;
  std::string &Out;
};

class Factory : public tooling::FrontendActionFactory {
public:
  Factory(const LoweredFile &Lowered, std::string &Out) : Lowered(Lowered), Out(Out) {}
  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<LayoutAction>(Lowered, Out);
  }

private:
  const LoweredFile &Lowered;
  std::string &Out;
};

} // namespace

std::string reportFrameLayouts(const tooling::CompilationDatabase &Db, const std::string &File,
                               const LoweredFile &Lowered,
                               const tooling::ArgumentsAdjuster &Adjust) {
  tooling::ClangTool Tool(Db, {File});
  Tool.mapVirtualFile(File, Lowered.Text); // the lowered text in place of the source
  Tool.appendArgumentsAdjuster(Adjust);
  std::string Out;
  Factory F(Lowered, Out);
  if (Tool.run(&F) != 0)
    return "";
  return Out;
}

} // namespace asyncc
