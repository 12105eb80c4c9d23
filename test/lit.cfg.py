# -*- Python -*-
# lit configuration for asyncc.  Paths come from lit.site.cfg.py (generated
# by CMake from lit.site.cfg.py.in): run lit on the *build* directory,
#   python3 /usr/lib/llvm-19/build/utils/lit/lit.py -sv build/test
# or `ctest -R lit` / `ninja check-lit`.
#
# Suites:
#   test/lit/  golden-output and diagnostics tests of the tool
#   test/run/  three-build run tests (%run3, see test/tools/run3.py)
#
# Substitutions:
#   %asyncc            the asyncc tool
#   %FileCheck, %not, %count, %split-file   LLVM's test tools
#   %runtime_include   runtime/include (the <async/...> headers)
#   %python            the Python interpreter
#   %run3              python3 test/tools/run3.py <options, from CMake> ;
#                      use as `// RUN: %run3 %s | %FileCheck %s`
#   %clang_resource_dir
#
# Features: graphviz (Graphviz's `dot` is on PATH), sanitized-tool.
# FileCheck, not, count and split-file are also on PATH.

import os

import lit.formats
import lit.util

if not hasattr(config, "asyncc_test_obj_root"):
    lit_config.fatal(
        "run lit on the build directory (build/test), not the source directory: "
        "the tool paths come from the generated lit.site.cfg.py")

config.name = "asyncc"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".cpp", ".test"]
config.test_source_root = config.asyncc_test_src_root
config.test_exec_root = config.asyncc_test_obj_root

# Only test/lit and test/run hold lit tests; everything else under test/
# (GoogleTests in unit/, the harness in tools/, fuzzers, ...) is not.
_suites = {"lit", "run"}
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py.in",
                   "lit.local.cfg"]
for _entry in os.listdir(config.test_source_root):
    if _entry not in _suites:
        config.excludes.append(_entry)

# Environment: tools first on PATH; sanitizer settings pass through.
config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", os.environ.get("PATH", ""))])
for _var in ["ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "TSAN_OPTIONS",
             "ASAN_SYMBOLIZER_PATH", "LLVM_SYMBOLIZER_PATH", "HOME", "TMPDIR",
             "ASYNCC_RUN3_FLAGS", "ASYNCC_RUN3_TIMEOUT", "ASYNCC_RUN3_OPT",
             "ASYNCC_RUN3_KEEP", "ASYNCC_RUN3_JOBS", "ASYNCC_RUN3_GXX",
             "ASYNCC_RUN3_CLANGXX"]:
    if _var in os.environ:
        config.environment[_var] = os.environ[_var]
# UBSan: print a stack trace; every report is fatal (the builds use
# -fno-sanitize-recover=all) so it cannot go unnoticed.
config.environment.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")

_run3 = os.path.join(config.asyncc_test_src_root, "tools", "run3.py")
_run3_args = [
    config.python_executable, _run3,
    "--asyncc", config.asyncc_path,
    "--gxx", config.gxx,
    "--clangxx", config.clangxx,
    "--runtime-include", config.runtime_include,
    "--runtime-config", config.runtime_config,
    "--cache-dir", config.run3_cache,
]
for _flag in config.run3_link_flags:
    if _flag:
        _run3_args.append("--link-flag=" + _flag)
_run3_args += ["--tmp", "%t"]


def _quote(args):
    return " ".join('"%s"' % a if (" " in a and not a.startswith("%")) else a for a in args)


# Longer names first: lit applies substitutions in order.
config.substitutions.append(("%run3", _quote(_run3_args)))
config.substitutions.append(("%asyncc", config.asyncc_path))
config.substitutions.append(("%clangxx", config.clangxx))
config.substitutions.append(("%FileCheck", config.filecheck_path))
config.substitutions.append(("%not", config.not_path))
config.substitutions.append(("%count", config.count_path))
config.substitutions.append(("%split-file", config.split_file_path))
config.substitutions.append(("%runtime_include", config.runtime_include))
config.substitutions.append(("%clang_resource_dir", config.clang_resource_dir))
config.substitutions.append(("%python", config.python_executable))

# Graphviz's `dot`, when installed, checks the --emit=dot output.
if lit.util.which("dot"):
    config.available_features.add("graphviz")

if config.tool_sanitized:
    config.available_features.add("sanitized-tool")
