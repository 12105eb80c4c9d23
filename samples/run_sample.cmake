# ctest sample.<dir> (samples/CMakeLists.txt):
#   cmake -DLOWERED=<exe> -DNATIVE=<exe> -DEXIT_CODE=<n> -DCOMPARE=<AsynccCompareOutputs.cmake>
#         [-DTOOL=<asyncc> -DSOURCE=<main.cpp> -DEXPECTED=<file> -DTOOL_OUT=<file>
#          -DINCLUDES=<dir>|<dir>... -DLSAN_SUPP=<file>] -P run_sample.cmake
# With TOOL: lowers SOURCE again and fails unless the tool's diagnostics match
# every regular expression in EXPECTED (one a line): the warnings a sample
# about a pitfall is meant to provoke.  Then runs both builds and compares.
if(TOOL)
  string(REPLACE "|" ";" _dirs "${INCLUDES}")
  set(_inc "")
  foreach(d IN LISTS _dirs)
    if(d)
      list(APPEND _inc "-I${d}")
    endif()
  endforeach()
  # The tool is an ASan build: Clang's own leaks are suppressed (test/lsan.supp).
  set(_saved_lsan "$ENV{LSAN_OPTIONS}")
  set(ENV{LSAN_OPTIONS} "suppressions=${LSAN_SUPP}")
  execute_process(COMMAND "${TOOL}" "${SOURCE}" -o "${TOOL_OUT}" -- -std=c++20 ${_inc}
                  OUTPUT_VARIABLE _tool_out ERROR_VARIABLE _tool_err RESULT_VARIABLE _tool_rc
                  TIMEOUT 120)
  set(ENV{LSAN_OPTIONS} "${_saved_lsan}")
  message("--- asyncc diagnostics (exit ${_tool_rc}):\n${_tool_out}${_tool_err}")
  if(NOT _tool_rc EQUAL 0)
    message(FATAL_ERROR "asyncc failed on ${SOURCE}")
  endif()
  file(STRINGS "${EXPECTED}" _patterns)
  foreach(p IN LISTS _patterns)
    if(p AND NOT "${_tool_out}${_tool_err}" MATCHES "${p}")
      message(FATAL_ERROR "asyncc did not print the expected diagnostic: ${p}")
    endif()
  endforeach()
endif()
include("${COMPARE}")
