# Programs built twice from the same sources (examples/, samples/):
#   <name>          lowered by asyncc (asyncc_transpile), compiled as C++17
#   <name>_native   compiled as C++20 coroutines against the same runtime,
#                   when the compiler has them (ASYNCC_CXX_HAS_COROUTINES)
# Both must behave the same; the ctest helper is AsynccCompareOutputs.cmake.

include(CheckCXXSourceCompiles)
set(CMAKE_REQUIRED_FLAGS "${CMAKE_CXX20_STANDARD_COMPILE_OPTION}")
check_cxx_source_compiles([=[
#include <coroutine>
#if !defined(__cpp_impl_coroutine)
#error no coroutines
#endif
int main() { return 0; }
]=] ASYNCC_CXX_HAS_COROUTINES)
unset(CMAKE_REQUIRED_FLAGS)

set(ASYNCC_COMPARE_OUTPUTS_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/AsynccCompareOutputs.cmake"
  CACHE INTERNAL "ctest helper comparing a lowered and a native build's output")

# asyncc_add_dual_executable(<name> SOURCES <src>... [LIBS <lib>...]
#                            [LOWERED_LIBS <lib>...] [NATIVE_LIBS <lib>...])
# Every source is lowered for <name>; LIBS are linked into both builds,
# LOWERED_LIBS / NATIVE_LIBS into one of them (e.g. a helper library built
# once lowered and once native).
function(asyncc_add_dual_executable name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "" "SOURCES;LIBS;LOWERED_LIBS;NATIVE_LIBS")
  add_executable(${name} ${ARG_SOURCES})
  asyncc_transpile(${name} SOURCES ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} ${ARG_LOWERED_LIBS})
  if(ASYNCC_CXX_HAS_COROUTINES)
    add_executable(${name}_native ${ARG_SOURCES})
    target_link_libraries(${name}_native PRIVATE asyncc::runtime ${ARG_LIBS} ${ARG_NATIVE_LIBS})
    set_target_properties(${name}_native PROPERTIES CXX_STANDARD 20 CXX_STANDARD_REQUIRED ON)
  endif()
endfunction()
