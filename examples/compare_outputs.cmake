# ctest helper: runs an example's lowered and native binaries and fails
# unless both exit 0 with the same standard output.
#   cmake -DLOWERED=<exe> -DNATIVE=<exe> -P compare_outputs.cmake
foreach(kind LOWERED NATIVE)
  execute_process(COMMAND "${${kind}}" OUTPUT_VARIABLE out_${kind} ERROR_VARIABLE err_${kind}
                  RESULT_VARIABLE rc_${kind} TIMEOUT 120)
endforeach()
message("--- lowered (exit ${rc_LOWERED}):\n${out_LOWERED}${err_LOWERED}")
if(NOT rc_LOWERED EQUAL 0 OR NOT rc_NATIVE EQUAL 0)
  message(FATAL_ERROR "exit codes: lowered ${rc_LOWERED}, native ${rc_NATIVE}\n--- native stderr:\n${err_NATIVE}")
endif()
if(NOT out_LOWERED STREQUAL out_NATIVE)
  message(FATAL_ERROR "outputs differ\n--- native:\n${out_NATIVE}")
endif()
message("lowered and native: identical output, exit 0")
