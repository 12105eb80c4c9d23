// asyncc_fuzz: a libFuzzer harness that runs the whole lowering on mutated
// source text (docs/fuzzing.md, "The tool under libFuzzer").
//
// Each input is a C++ source. The harness parses and lowers it in process,
// exactly as the asyncc binary does, then holds the tool to its contract
// (SPEC §3, §4):
//   - no crash, no hang, no sanitizer report (libFuzzer and the sanitizers
//     the build links in report those);
//   - when the lowering succeeds, its output must compile. It is parsed as
//     C++17; when that fails it is parsed as C++20 too, and only an output
//     that compiles in neither is a finding (the input's own code outside the
//     ASYNC functions may use C++20, which the output keeps as written).
//   - when the lowering fails, the tool must have said why (an error).
// A broken contract aborts with the input and the output on stderr.
//
// Parsing <async/async.h> costs most of a run, so the harness precompiles it
// once per process (with the clang that the tool's resource directory belongs
// to) and every parse includes that PCH first.
#include "TranslationUnitLowering.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Basic/FileManager.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

using namespace llvm;

namespace {

// The name the input gets; relative includes resolve against the test
// sources (-I below), which is where the seeds' own headers live.
constexpr const char *InputName = "/asyncc-fuzz/input.cpp";

struct Setup {
  std::string TempDir;
  std::string Pch20, Pch17;
  std::vector<std::string> Includes; // -I/-isystem flags shared by every parse
};
Setup *TheSetup = nullptr;
// ASYNCC_FUZZ_VERBOSE=1: say what became of each input (for replaying one).
bool Verbose = false;

// Counts errors and keeps their text for a report; prints nothing, so a
// campaign's log holds only libFuzzer's lines and findings.
class CollectingDiagnostics : public clang::DiagnosticConsumer {
public:
  unsigned Errors = 0;
  std::string Text;
  void HandleDiagnostic(clang::DiagnosticsEngine::Level Level,
                        const clang::Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level < clang::DiagnosticsEngine::Error)
      return;
    ++Errors;
    if (Text.size() > 4000)
      return;
    SmallString<256> Message;
    Info.FormatDiagnostic(Message);
    std::string Where;
    if (Info.hasSourceManager() && Info.getLocation().isValid()) {
      clang::PresumedLoc P = Info.getSourceManager().getPresumedLoc(Info.getLocation());
      if (P.isValid())
        Where = std::string(P.getFilename()) + ":" + std::to_string(P.getLine()) + ": ";
    }
    Text += Where + "error: " + std::string(Message) + "\n";
  }
};

// Runs Action on Code (named Name) with the compiler arguments Args; the file
// lives in memory over the real file system, so the runtime's headers and the
// seeds' includes resolve.
bool runOnCode(std::unique_ptr<clang::FrontendAction> Action, StringRef Code, StringRef Name,
               const std::vector<std::string> &Args, CollectingDiagnostics &Diags) {
  auto Overlay = makeIntrusiveRefCnt<vfs::OverlayFileSystem>(vfs::getRealFileSystem());
  auto Memory = makeIntrusiveRefCnt<vfs::InMemoryFileSystem>();
  Overlay->pushOverlay(Memory);
  Memory->addFile(Name, 0, MemoryBuffer::getMemBufferCopy(Code));
  auto Files = makeIntrusiveRefCnt<clang::FileManager>(clang::FileSystemOptions(), Overlay);
  std::vector<std::string> Command = {"asyncc-fuzz", "-fsyntax-only"};
  Command.insert(Command.end(), Args.begin(), Args.end());
  Command.push_back(std::string(Name));
  clang::tooling::ToolInvocation Invocation(Command, std::move(Action), Files.get());
  Invocation.setDiagnosticConsumer(&Diags);
  return Invocation.run();
}

std::vector<std::string> parseArgs(const char *Std, const std::string &Pch) {
  std::vector<std::string> Args = {Std, "-resource-dir=" ASYNCC_CLANG_RESOURCE_DIR,
                                   "-ferror-limit=20", "-Wno-everything"};
  if (!Pch.empty()) {
    Args.push_back("-include-pch");
    Args.push_back(Pch);
  }
  Args.insert(Args.end(), TheSetup->Includes.begin(), TheSetup->Includes.end());
  return Args;
}

// Precompiles <async/async.h> for one standard; an empty result means the
// harness runs without a PCH (slower, same checks).
std::string precompile(const char *Std, StringRef Name) {
  SmallString<256> Header(TheSetup->TempDir), Pch(TheSetup->TempDir);
  sys::path::append(Header, (Name + ".h").str());
  sys::path::append(Pch, Name);
  {
    std::error_code EC;
    raw_fd_ostream OS(Header, EC);
    if (EC)
      return "";
    OS << "#include <async/async.h>\n";
  }
  ErrorOr<std::string> Clang = sys::findProgramByName(ASYNCC_FUZZ_CLANGXX);
  if (!Clang) {
    errs() << "asyncc_fuzz: " << ASYNCC_FUZZ_CLANGXX << " not found: running without a PCH\n";
    return "";
  }
  std::vector<StringRef> Argv = {*Clang, "-x", "c++-header", Std,
                                 "-resource-dir=" ASYNCC_CLANG_RESOURCE_DIR, "-Wno-everything"};
  for (const std::string &I : TheSetup->Includes)
    Argv.push_back(I);
  Argv.push_back(Header);
  Argv.push_back("-o");
  Argv.push_back(Pch);
  std::string Error;
  if (sys::ExecuteAndWait(*Clang, Argv, std::nullopt, {}, 120, 0, &Error) != 0) {
    errs() << "asyncc_fuzz: precompiling <async/async.h> (" << Std
           << ") failed: running without a PCH " << Error << "\n";
    return "";
  }
  return std::string(Pch);
}

void removeTempDir() {
  if (!TheSetup)
    return;
  sys::fs::remove_directories(TheSetup->TempDir);
}

[[noreturn]] void finding(StringRef What, StringRef Input, StringRef Output, StringRef Diags) {
  errs() << "asyncc_fuzz: FINDING: " << What << "\n--- input ---\n"
         << Input << "\n--- lowered output ---\n"
         << Output << "\n--- diagnostics ---\n"
         << Diags << "\n";
  errs().flush();
  std::abort();
}

// Inputs that would make the parse read devices or the process's own files:
// `#include "/dev/stdin"` blocks, `/dev/zero` never ends. They test the file
// system, not the tool.
bool readsSpecialFiles(StringRef Code) {
  return Code.contains("/dev/") || Code.contains("/proc/") || Code.contains("/sys/") ||
         Code.contains("__has_include_next") || Code.contains("#embed");
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  TheSetup = new Setup;
  Verbose = std::getenv("ASYNCC_FUZZ_VERBOSE") != nullptr;
  SmallString<256> Dir;
  if (sys::fs::createUniqueDirectory("asyncc-fuzz", Dir)) {
    errs() << "asyncc_fuzz: cannot create a temporary directory\n";
    std::exit(1);
  }
  TheSetup->TempDir = std::string(Dir);
  std::atexit(removeTempDir);
  TheSetup->Includes = {"-isystem", ASYNCC_RUNTIME_INCLUDE_DIR, "-I", ASYNCC_FUZZ_TEST_RUN_DIR};
  TheSetup->Pch20 = precompile("-std=c++20", "async20.pch");
  TheSetup->Pch17 = precompile("-std=c++17", "async17.pch");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  // Real sources are far smaller; long inputs only slow the campaign down.
  if (Size > 64 * 1024)
    return -1;
  StringRef Code(reinterpret_cast<const char *>(Data), Size);
  if (Code.contains('\0') || readsSpecialFiles(Code))
    return -1;

  asyncc::LoweringOptions Options;
  std::map<std::string, asyncc::LoweredFile> Results;
  auto Factory = asyncc::newLoweringActionFactory(Options, Results);
  CollectingDiagnostics Lowering;
  bool Parsed = runOnCode(Factory->create(), Code, InputName,
                          parseArgs("-std=c++20", TheSetup->Pch20), Lowering);
  const asyncc::LoweredFile *Lowered = nullptr;
  for (const auto &[Name, File] : Results)
    if (StringRef(Name).ends_with("input.cpp"))
      Lowered = &File;

  if (Verbose)
    errs() << "asyncc_fuzz: lowering " << (Lowered && Lowered->Succeeded ? "succeeded" : "failed")
           << ", " << Lowering.Errors << " error(s)\n"
           << Lowering.Text;
  if (!Lowered || !Lowered->Succeeded) {
    // Refusing is fine; refusing without an error is not (the binary would
    // exit 1 and write nothing, with no word on why).
    if (Parsed && Lowering.Errors == 0 && Lowered)
      finding("the lowering failed without an error", Code, "", Lowering.Text);
    return 0;
  }
  if (Lowering.Errors != 0)
    finding("the lowering succeeded although errors were reported", Code, Lowered->Text,
            Lowering.Text);

  CollectingDiagnostics As17;
  runOnCode(std::make_unique<clang::SyntaxOnlyAction>(), Lowered->Text, InputName,
            parseArgs("-std=c++17", TheSetup->Pch17), As17);
  if (As17.Errors == 0)
    return 0;
  CollectingDiagnostics As20;
  runOnCode(std::make_unique<clang::SyntaxOnlyAction>(), Lowered->Text, InputName,
            parseArgs("-std=c++20", TheSetup->Pch20), As20);
  if (As20.Errors != 0)
    finding("the lowered output does not compile", Code, Lowered->Text, As17.Text);
  return 0;
}
