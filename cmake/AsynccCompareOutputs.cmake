# ctest helper for programs built twice (examples/, samples/): runs the
# lowered and the native binary and fails unless both exit with the expected
# code (EXIT_CODE, default 0) and print the same standard output.
#   cmake -DLOWERED=<exe> -DNATIVE=<exe> [-DEXIT_CODE=<n>] -P AsynccCompareOutputs.cmake
# Also include()d by samples/run_sample.cmake.
if(NOT DEFINED EXIT_CODE OR EXIT_CODE STREQUAL "")
  set(EXIT_CODE 0)
endif()
foreach(kind LOWERED NATIVE)
  execute_process(COMMAND "${${kind}}" OUTPUT_VARIABLE out_${kind} ERROR_VARIABLE err_${kind}
                  RESULT_VARIABLE rc_${kind} TIMEOUT 120)
endforeach()
message("--- lowered (exit ${rc_LOWERED}):\n${out_LOWERED}${err_LOWERED}")
if(NOT rc_LOWERED STREQUAL EXIT_CODE OR NOT rc_NATIVE STREQUAL EXIT_CODE)
  message(FATAL_ERROR "exit codes: lowered ${rc_LOWERED}, native ${rc_NATIVE} (expected ${EXIT_CODE})\n"
                      "--- native stderr:\n${err_NATIVE}")
endif()
if(NOT out_LOWERED STREQUAL out_NATIVE)
  message(FATAL_ERROR "outputs differ\n--- native:\n${out_NATIVE}")
endif()
message("lowered and native: identical output, exit ${EXIT_CODE}")
