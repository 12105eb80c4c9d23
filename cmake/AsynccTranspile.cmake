# asyncc_transpile(<target> SOURCES <src>... [FLAGS <extra tool flags>...])
#
# Lowers each listed source of <target> with the asyncc tool at build time:
#
#   asyncc <abs src> -o <target binary dir>/asyncc/<rel src>.lowered.cpp
#          -MD -MF <same>.d -- -std=c++20 -I<target include dirs> -D<target defs>
#
# and compiles the lowered file in place of the original (the original is
# removed from the target's SOURCES, so another target may still compile it
# natively).  The target links asyncc::runtime and compiles as C++17 or later.
# The dependency file makes an edit of any included header re-run the tool.
#
# Works in-tree (add_subdirectory(asyncc)) and through find_package(asyncc):
# it only needs the targets asyncc::asyncc (the tool) and asyncc::runtime.
#
# FLAGS: extra arguments for the tool placed after "--" (compiler flags for
# parsing), e.g. FLAGS -DFOO=1.
# TOOL_OPTIONS: extra tool options placed before "--", e.g.
# TOOL_OPTIONS --line-directives=false.
#
# Relocatable output: the paths the lowered file embeds (its header, #line
# directives, DumpPendingTasks' file names) are written relative to the
# project's binary directory (--path-prefix-map for CMAKE_SOURCE_DIR and
# CMAKE_BINARY_DIR), so two checkouts in different folders lower a source to
# the same bytes and a compiler cache (ccache with CCACHE_BASEDIR, sccache,
# a remote cache) hits across them. NO_PATH_PREFIX_MAP keeps absolute paths.
# Relative to the binary directory, where Ninja runs the compiler, the names
# resolve: ccache's direct mode can stat them, and gdb finds the sources
# through the compile directory it records.

# Depfile paths are handled the CMake 3.20+ way (absolute or relative to the
# binary dir) regardless of the caller's cmake_minimum_required().
if(POLICY CMP0116)
  cmake_policy(SET CMP0116 NEW)
endif()

function(asyncc_transpile target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "NO_PATH_PREFIX_MAP" "" "SOURCES;FLAGS;TOOL_OPTIONS")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "asyncc_transpile: unexpected arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "asyncc_transpile: '${target}' is not a target")
  endif()
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "asyncc_transpile(${target}): no SOURCES given")
  endif()
  if(NOT TARGET asyncc::asyncc)
    message(FATAL_ERROR "asyncc_transpile: the target asyncc::asyncc (the asyncc tool) "
                        "does not exist; build asyncc with ASYNCC_BUILD_TOOL=ON "
                        "or find_package(asyncc)")
  endif()
  if(NOT TARGET asyncc::runtime)
    message(FATAL_ERROR "asyncc_transpile: the target asyncc::runtime does not exist")
  endif()

  # What the custom command depends on: the tool target when it is built in
  # this project (target-level and file-level dependency), else its file.
  get_target_property(_tool_real asyncc::asyncc ALIASED_TARGET)
  if(_tool_real)
    set(_tool_dep ${_tool_real})
  else()
    set(_tool_dep "$<TARGET_FILE:asyncc::asyncc>")
  endif()

  get_target_property(_tgt_src_dir ${target} SOURCE_DIR)
  get_target_property(_tgt_bin_dir ${target} BINARY_DIR)
  set(_out_root "${_tgt_bin_dir}/asyncc")

  # The target's include directories and definitions (including those it
  # gets transitively from what it links) reach the tool.
  set(_inc "$<TARGET_PROPERTY:${target},INCLUDE_DIRECTORIES>")
  set(_def "$<TARGET_PROPERTY:${target},COMPILE_DEFINITIONS>")
  set(_inc_flags "$<$<BOOL:${_inc}>:-I$<JOIN:${_inc},;-I>>")
  set(_def_flags "$<$<BOOL:${_def}>:-D$<JOIN:${_def},;-D>>")

  get_target_property(_srcs ${target} SOURCES)
  if(NOT _srcs)
    set(_srcs "")
  endif()

  set(_path_maps "")
  if(NOT ARG_NO_PATH_PREFIX_MAP)
    file(RELATIVE_PATH _src_rel "${CMAKE_BINARY_DIR}" "${CMAKE_SOURCE_DIR}")
    if(_src_rel STREQUAL "")
      set(_src_rel ".")
    endif()
    set(_path_maps "--path-prefix-map=${CMAKE_SOURCE_DIR}=${_src_rel}"
                   "--path-prefix-map=${CMAKE_BINARY_DIR}=.")
  endif()

  set(_lowered_files "")
  foreach(_src IN LISTS ARG_SOURCES)
    get_filename_component(_abs "${_src}" ABSOLUTE BASE_DIR "${_tgt_src_dir}")
    # Mirror the path below the target's source dir, so that a/x.cpp and
    # b/x.cpp do not collide; sources outside it use their file name.
    file(RELATIVE_PATH _rel "${_tgt_src_dir}" "${_abs}")
    if(_rel MATCHES "^\\.\\./" OR IS_ABSOLUTE "${_rel}")
      get_filename_component(_rel "${_abs}" NAME)
    endif()
    string(REGEX REPLACE "\\.[^./]*$" "" _stem "${_rel}")
    set(_out "${_out_root}/${_stem}.lowered.cpp")
    set(_dep "${_out_root}/${_stem}.lowered.cpp.d")
    get_filename_component(_out_dir "${_out}" DIRECTORY)
    get_filename_component(_src_dir "${_abs}" DIRECTORY)
    file(RELATIVE_PATH _out_rel "${CMAKE_BINARY_DIR}" "${_out}")

    add_custom_command(
      OUTPUT "${_out}"
      COMMAND "${CMAKE_COMMAND}" -E make_directory "${_out_dir}"
      COMMAND asyncc::asyncc "${_abs}" -o "${_out}" -MD -MF "${_dep}"
              ${_path_maps} ${ARG_TOOL_OPTIONS}
              -- -std=c++20 "${_inc_flags}" "${_def_flags}" ${ARG_FLAGS}
      DEPENDS ${_tool_dep} "${_abs}"
      DEPFILE "${_dep}"
      COMMENT "asyncc: lowering ${_rel} -> ${_out_rel}"
      COMMAND_EXPAND_LISTS
      VERBATIM)

    # Quoted includes of the original ("foo.h") must still resolve from the
    # lowered file, which lives in the binary dir.
    set_source_files_properties("${_out}" TARGET_DIRECTORY ${target} PROPERTIES
      GENERATED TRUE
      INCLUDE_DIRECTORIES "${_src_dir}")
    list(APPEND _lowered_files "${_out}")

    # Drop the original from the target's sources (matching relative and
    # absolute spellings).  Source properties are not touched, so another
    # target can still compile the same file natively.
    set(_kept "")
    set(_found FALSE)
    foreach(_s IN LISTS _srcs)
      if(_s MATCHES "^\\$<")
        list(APPEND _kept "${_s}")
        continue()
      endif()
      get_filename_component(_s_abs "${_s}" ABSOLUTE BASE_DIR "${_tgt_src_dir}")
      if(_s_abs STREQUAL _abs)
        set(_found TRUE)
      else()
        list(APPEND _kept "${_s}")
      endif()
    endforeach()
    set(_srcs "${_kept}")
    if(NOT _found)
      message(STATUS "asyncc_transpile(${target}): ${_src} was not among the target's "
                     "sources; adding only its lowered form")
    endif()
  endforeach()

  set_property(TARGET ${target} PROPERTY SOURCES "${_srcs}")
  target_sources(${target} PRIVATE ${_lowered_files})
  target_link_libraries(${target} PRIVATE asyncc::runtime)
  # The lowered code is plain C++17.  Respect a newer standard the user chose.
  get_target_property(_std ${target} CXX_STANDARD)
  if(NOT _std)
    set_target_properties(${target} PROPERTIES CXX_STANDARD 17 CXX_STANDARD_REQUIRED ON)
  endif()
  target_compile_features(${target} PRIVATE cxx_std_17)
  set_property(TARGET ${target} APPEND PROPERTY ASYNCC_LOWERED_SOURCES ${_lowered_files})
endfunction()
