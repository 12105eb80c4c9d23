// asyncc: lowers the ASYNC functions of C++ sources into C++17 state
// machines. The command line and file handling live here; the lowering is in
// tool/lib.
#include "FrameLayoutReport.h"
#include "StateGraph.h"
#include "TranslationUnitLowering.h"

#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CommonOptionsParser.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <vector>

using namespace llvm;

static cl::OptionCategory Category("asyncc options");
static cl::opt<std::string> Output("o", cl::desc("Write the lowered file here (one source)"),
                                   cl::value_desc("file"), cl::cat(Category));
static cl::opt<std::string> OutputDir("output-dir",
                                      cl::desc("Write each lowered source into this directory"),
                                      cl::value_desc("dir"), cl::cat(Category));
static cl::opt<bool> DepFileWanted("MD", cl::desc("Also write a Make dependency file (with -MF)"),
                                   cl::cat(Category));
static cl::opt<std::string> DepFile("MF", cl::desc("Where -MD writes the dependency file"),
                                    cl::value_desc("file"), cl::cat(Category));
static cl::opt<bool> LineDirectives("line-directives",
                                    cl::desc("Emit #line directives pointing at the source (default on)"),
                                    cl::init(true), cl::cat(Category));
static cl::opt<std::string> Emit("emit", cl::desc("What to write: cpp (the lowered C++), layout "
                                                 "(each state machine's states and fields), or dot "
                                                 "(each state machine's state graph, Graphviz)"),
                                 cl::init("cpp"), cl::cat(Category));

static cl::list<std::string> PathPrefixMaps(
    "path-prefix-map",
    cl::desc("Write paths under OLD as under NEW in the output (its header, #line directives, "
             "await sites), like -ffile-prefix-map; repeatable, the longest OLD that matches wins"),
    cl::value_desc("OLD=NEW"), cl::cat(Category));

static int fail(const Twine &Message) {
  errs() << "asyncc: error: " << Message << "\n";
  return 1;
}

// Writes Text to Path through a temporary file in the same directory, so a
// failure never leaves a half-written file behind.
static bool writeAtomically(StringRef Path, StringRef Text) {
  SmallString<256> Temp;
  int FD;
  std::string Model = (Path + ".tmp-%%%%%%").str();
  if (sys::fs::createUniqueFile(Model, FD, Temp)) {
    errs() << "asyncc: error: cannot write '" << Path << "'\n";
    return false;
  }
  {
    raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Text;
    OS.close();
    if (OS.has_error()) {
      OS.clear_error();
      sys::fs::remove(Temp);
      errs() << "asyncc: error: cannot write '" << Path << "'\n";
      return false;
    }
  }
  if (sys::fs::rename(Temp, Path)) {
    sys::fs::remove(Temp);
    errs() << "asyncc: error: cannot write '" << Path << "'\n";
    return false;
  }
  return true;
}

static std::string makeEscaped(StringRef Path) {
  std::string Out;
  for (char C : Path) {
    if (C == ' ' || C == '#')
      Out += '\\';
    if (C == '$')
      Out += '$';
    Out += C;
  }
  return Out;
}

// The tool parses C++20: an older or missing -std becomes -std=c++20.
static clang::tooling::CommandLineArguments
useCxx20(const clang::tooling::CommandLineArguments &Args, StringRef) {
  clang::tooling::CommandLineArguments Out;
  bool HasModernStd = false;
  for (const std::string &A : Args) {
    StringRef S(A);
    if (S.consume_front("-std=") || S.consume_front("--std=")) {
      S.consume_front("gnu++");
      S.consume_front("c++");
      if (S == "20" || S == "2a" || S == "23" || S == "2b" || S == "26" || S == "2c") {
        HasModernStd = true;
        Out.push_back(A);
      }
      continue;
    }
    Out.push_back(A);
  }
  if (!HasModernStd)
    Out.insert(Out.begin() + (Out.empty() ? 0 : 1), "-std=c++20");
  return Out;
}

// Without "--" or -p, use no compilation database rather than searching one.
static std::vector<const char *> withoutDatabaseSearch(int argc, const char **argv) {
  std::vector<const char *> Args(argv, argv + argc);
  bool HasSeparator = false, HasDatabase = false;
  for (int I = 1; I < argc; ++I) {
    if (std::strcmp(argv[I], "--") == 0)
      HasSeparator = true;
    if (std::strcmp(argv[I], "-p") == 0 || std::strncmp(argv[I], "-p=", 3) == 0)
      HasDatabase = true;
  }
  if (!HasSeparator && !HasDatabase)
    Args.push_back("--");
  return Args;
}

// The options that do not go together, and the files that are not there:
// the message, or nothing.
static std::string invalidCommandLine(const std::vector<std::string> &Sources) {
  if (Emit != "cpp" && Emit != "layout" && Emit != "dot")
    return "--emit=" + Emit + " is not supported (--emit=cpp, --emit=layout or --emit=dot)";
  if (Emit == "layout" && (!OutputDir.empty() || DepFileWanted))
    return "--emit=layout writes to -o or standard output (no --output-dir, no -MD)";
  if (Emit == "dot" && DepFileWanted)
    return "--emit=dot writes no dependency file (no -MD)";
  if (!Output.empty() && Sources.size() != 1)
    return "-o takes one source; use --output-dir for several";
  if (Output.empty() && OutputDir.empty() && Sources.size() != 1)
    return "several sources need --output-dir";
  if (DepFileWanted != !DepFile.empty())
    return "-MD and -MF <file> go together";
  if (DepFileWanted && Output.empty())
    return "-MD needs -o (the dependency file names the output)";
  for (const std::string &S : Sources)
    if (!sys::fs::is_regular_file(S))
      return "no such file: '" + S + "'";
  if (!Output.empty()) {
    SmallString<256> Dir(Output.getValue());
    sys::path::remove_filename(Dir);
    if (!Dir.empty() && !sys::fs::is_directory(Dir))
      return ("cannot write '" + Output + "': no directory '" + Dir + "'").str();
    if (sys::fs::equivalent(Sources.front(), Output.getValue()))
      return "the output would overwrite the source '" + Sources.front() + "'";
  }
  return "";
}

// The tool parses as C++20, with Clang's own resource directory and the
// runtime's headers.
static clang::tooling::ArgumentsAdjuster compilerArguments() {
  return clang::tooling::combineAdjusters(
      clang::tooling::combineAdjusters(
          useCxx20, clang::tooling::getInsertArgumentAdjuster(
                        {"-resource-dir=" ASYNCC_CLANG_RESOURCE_DIR},
                        clang::tooling::ArgumentInsertPosition::BEGIN)),
      clang::tooling::getInsertArgumentAdjuster({"-isystem", ASYNCC_RUNTIME_INCLUDE_DIR},
                                                clang::tooling::ArgumentInsertPosition::END));
}

// Generated lines name the output file in their #line directives: each
// source's absolute path, mapped to its output's.
static void nameOutputs(const std::vector<std::string> &Sources,
                        asyncc::LoweringOptions &Options) {
  for (const std::string &S : Sources) {
    SmallString<256> Source(S), Out;
    sys::fs::make_absolute(Source);
    sys::path::remove_dots(Source, /*remove_dot_dot=*/true);
    if (!Output.empty()) {
      Out = Output.getValue();
    } else if (!OutputDir.empty()) {
      Out = OutputDir.getValue();
      sys::path::append(Out, sys::path::filename(S));
    } else {
      continue;
    }
    sys::fs::make_absolute(Out);
    sys::path::remove_dots(Out, /*remove_dot_dot=*/true);
    Options.OutputNames[std::string(Source)] = std::string(Out);
  }
}

using Outputs = std::vector<std::pair<std::string, const asyncc::LoweredFile *>>;

// Each source with what lowering it gave; false when any failed (all or
// nothing: any error leaves every output untouched).
static bool collectOutputs(const std::vector<std::string> &Sources,
                           const std::map<std::string, asyncc::LoweredFile> &Results,
                           Outputs &Out) {
  bool Succeeded = true;
  for (const std::string &S : Sources) {
    SmallString<256> Abs(S);
    sys::fs::make_absolute(Abs);
    const asyncc::LoweredFile *Found = nullptr;
    for (const auto &[Name, File] : Results) {
      SmallString<256> A(Name);
      sys::fs::make_absolute(A);
      if (sys::fs::equivalent(A, Abs))
        Found = &File;
    }
    if (!Found || !Found->Succeeded)
      Succeeded = false;
    Out.push_back({S, Found});
  }
  return Succeeded;
}

// --emit=layout: the frames of every machine, to -o or standard output.
static int writeLayouts(const clang::tooling::CompilationDatabase &Compilations,
                        const Outputs &Lowered,
                        const clang::tooling::ArgumentsAdjuster &Adjust) {
  std::string Report;
  for (const auto &[Source, File] : Lowered) {
    std::string One = asyncc::reportFrameLayouts(Compilations, Source, *File, Adjust);
    if (One.empty() && !File->Machines.empty())
      return fail("cannot parse the lowered '" + Source + "' again to measure its frames");
    Report += One;
  }
  if (Output.empty()) {
    outs() << Report;
    return 0;
  }
  return writeAtomically(Output, Report) ? 0 : 1;
}

// --emit=dot: one digraph per source; with --output-dir, <dir>/<source name>.dot.
static int writeStateGraphs(const Outputs &Lowered) {
  if (Output.empty() && OutputDir.empty()) {
    outs() << asyncc::printStateGraphs(sys::path::filename(Lowered.front().first),
                                       *Lowered.front().second);
    return 0;
  }
  if (!Output.empty())
    return writeAtomically(Output, asyncc::printStateGraphs(
                                       sys::path::filename(Lowered.front().first),
                                       *Lowered.front().second))
               ? 0
               : 1;
  if (std::error_code EC = sys::fs::create_directories(OutputDir.getValue()))
    return fail("cannot create '" + OutputDir + "': " + EC.message());
  for (const auto &[Source, File] : Lowered) {
    SmallString<256> Path(OutputDir.getValue());
    sys::path::append(Path, sys::path::filename(Source) + ".dot");
    if (!writeAtomically(Path, asyncc::printStateGraphs(sys::path::filename(Source), *File)))
      return 1;
  }
  return 0;
}

// --emit=cpp: the lowered sources, to standard output, -o (with its
// dependency file) or --output-dir.
static int writeLoweredSources(const Outputs &Lowered) {
  if (Output.empty() && OutputDir.empty()) {
    outs() << Lowered.front().second->Text;
    return 0;
  }
  if (!OutputDir.empty()) {
    if (std::error_code EC = sys::fs::create_directories(OutputDir.getValue()))
      return fail("cannot create '" + OutputDir + "': " + EC.message());
    for (const auto &[Source, File] : Lowered) {
      SmallString<256> Path(OutputDir.getValue());
      sys::path::append(Path, sys::path::filename(Source));
      if (sys::fs::equivalent(Source, Path))
        return fail("the output would overwrite the source '" + Source + "'");
      if (!writeAtomically(Path, File->Text))
        return 1;
    }
    return 0;
  }
  if (DepFileWanted) {
    std::string Deps = makeEscaped(Output) + ":";
    for (const std::string &D : Lowered.front().second->Dependencies)
      Deps += " \\\n  " + makeEscaped(D);
    Deps += "\n";
    if (!writeAtomically(DepFile, Deps))
      return 1;
  }
  return writeAtomically(Output, Lowered.front().second->Text) ? 0 : 1;
}

int main(int argc, const char **argv) {
  std::vector<const char *> Args = withoutDatabaseSearch(argc, argv);
  int ArgCount = int(Args.size());
  cl::extrahelp More("\nLowers every ASYNC function of each source into a C++17 state machine.\n");
  auto Parser = clang::tooling::CommonOptionsParser::create(
      ArgCount, Args.data(), Category, cl::OneOrMore,
      "asyncc: C# async/await lowering for C++\n");
  if (!Parser) {
    errs() << "asyncc: error: " << toString(Parser.takeError()) << "\n";
    return 1;
  }
  const std::vector<std::string> &Sources = Parser->getSourcePathList();
  if (std::string Invalid = invalidCommandLine(Sources); !Invalid.empty())
    return fail(Invalid);

  clang::tooling::ClangTool Tool(Parser->getCompilations(), Sources);
  clang::tooling::ArgumentsAdjuster Adjust = compilerArguments();
  Tool.appendArgumentsAdjuster(Adjust);

  asyncc::LoweringOptions Options;
  Options.LineDirectives = LineDirectives;
  for (const std::string &Map : PathPrefixMaps)
    if (!Options.PathMap.add(Map))
      return fail("--path-prefix-map=" + Map + " is not OLD=NEW with a non-empty OLD");
  Options.StateGraphs = Emit == "dot";
  nameOutputs(Sources, Options);
  std::map<std::string, asyncc::LoweredFile> Results;
  int Status = Tool.run(asyncc::newLoweringActionFactory(Options, Results).get());
  Outputs Lowered;
  if (!collectOutputs(Sources, Results, Lowered) || Status != 0)
    return 1;

  if (Emit == "layout")
    return writeLayouts(Parser->getCompilations(), Lowered, Adjust);
  if (Emit == "dot")
    return writeStateGraphs(Lowered);
  return writeLoweredSources(Lowered);
}
