// Runtime-internal: the platform's file calls (posix_file_ops.cpp). Throw
// IOException / FileNotFoundException.
#pragma once

#include <cstdint>
#include <string>

#include <async/io/file.h>
#include <async/io/reactor.h>

namespace async {
namespace io {
namespace detail {

NativeHandle OpenFile(const std::string& path, FileMode mode, FileAccess access);
void CloseFile(NativeHandle h) noexcept;
std::uint64_t FileLength(NativeHandle h);
void SetFileLength(NativeHandle h, std::uint64_t length);
void FlushFile(NativeHandle h);
std::string FileErrorMessage(int native_error);

}  // namespace detail
}  // namespace io
}  // namespace async
