# CMake toolchain file: cross-compile for 64-bit Windows with Debian's
# MinGW-w64 (g++-mingw-w64-x86-64-posix: the POSIX thread model, so
# std::thread and std::mutex work) and run the results under wine64.
#
#   cmake -S . -B build-mingw -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64-x86_64.cmake \
#         -DASYNCC_BUILD_TOOL=OFF
#
# Executables are linked fully static (libstdc++, libgcc, winpthread), so
# they run under wine without any MinGW DLL next to them.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(_asyncc_mingw x86_64-w64-mingw32)
find_program(CMAKE_C_COMPILER NAMES ${_asyncc_mingw}-gcc-posix ${_asyncc_mingw}-gcc)
find_program(CMAKE_CXX_COMPILER NAMES ${_asyncc_mingw}-g++-posix ${_asyncc_mingw}-g++)
find_program(CMAKE_RC_COMPILER NAMES ${_asyncc_mingw}-windres)
if(NOT CMAKE_CXX_COMPILER)
  message(FATAL_ERROR "asyncc: ${_asyncc_mingw}-g++-posix not found (apt-get install g++-mingw-w64-x86-64-posix)")
endif()

set(CMAKE_FIND_ROOT_PATH /usr/${_asyncc_mingw})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Windows 7 API level at least (GetQueuedCompletionStatusEx, CancelIoEx,
# SetFileCompletionNotificationModes: Vista; we ask for Windows 10).
add_compile_definitions(_WIN32_WINNT=0x0A00 WINVER=0x0A00 WIN32_LEAN_AND_MEAN NOMINMAX)

set(CMAKE_EXE_LINKER_FLAGS_INIT "-static -static-libgcc -static-libstdc++")

# Run the test programs (ctest, gtest discovery) under wine64.
find_program(ASYNCC_WINE NAMES wine64 wine PATHS /usr/lib/wine /usr/bin NO_CMAKE_FIND_ROOT_PATH)
if(ASYNCC_WINE)
  set(CMAKE_CROSSCOMPILING_EMULATOR "${ASYNCC_WINE}")
endif()
