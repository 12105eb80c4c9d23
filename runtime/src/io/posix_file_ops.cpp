// POSIX file calls.
#if !defined(_WIN32)

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <type_traits>

#include "file_ops.h"

namespace async {
namespace io {
namespace detail {

std::string FileErrorMessage(int e) {
  char buf[256];
  auto r = ::strerror_r(e, buf, sizeof buf);
  if constexpr (std::is_same_v<decltype(r), char*>) {
    return std::string(r);
  } else {
    return r == 0 ? std::string(buf) : "Unknown error " + std::to_string(e);
  }
}

namespace {
[[noreturn]] void Throw(int e, const std::string& what) {
  if (e == ENOENT) throw FileNotFoundException("Could not find file '" + what + "'.", e);
  throw IOException(FileErrorMessage(e) + ": '" + what + "'", e);
}
}  // namespace

NativeHandle OpenFile(const std::string& path, FileMode mode, FileAccess access) {
  int flags = O_CLOEXEC;
  switch (access) {
    case FileAccess::Read: flags |= O_RDONLY; break;
    case FileAccess::Write: flags |= O_WRONLY; break;
    case FileAccess::ReadWrite: flags |= O_RDWR; break;
  }
  switch (mode) {
    case FileMode::CreateNew: flags |= O_CREAT | O_EXCL; break;
    case FileMode::Create: flags |= O_CREAT | O_TRUNC; break;
    case FileMode::Open: break;
    case FileMode::OpenOrCreate: flags |= O_CREAT; break;
    case FileMode::Truncate: flags |= O_TRUNC; break;
    case FileMode::Append: flags |= O_CREAT | O_APPEND; break;
  }
  int fd;
  do {
    fd = ::open(path.c_str(), flags, 0666);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) Throw(errno, path);
  return fd;
}

void CloseFile(NativeHandle h) noexcept {
  if (h >= 0) ::close(h);
}

std::uint64_t FileLength(NativeHandle h) {
  struct stat st {};
  if (::fstat(h, &st) < 0) throw IOException(FileErrorMessage(errno), errno);
  return static_cast<std::uint64_t>(st.st_size);
}

void SetFileLength(NativeHandle h, std::uint64_t length) {
  if (::ftruncate(h, static_cast<off_t>(length)) < 0) throw IOException(FileErrorMessage(errno), errno);
}

void FlushFile(NativeHandle h) {
  if (::fsync(h) < 0) throw IOException(FileErrorMessage(errno), errno);
}

}  // namespace detail
}  // namespace io
}  // namespace async

#endif  // !_WIN32
