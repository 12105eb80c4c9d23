// Win32 file calls. Files are opened overlapped (FILE_FLAG_OVERLAPPED) so
// that ReadFile/WriteFile at an offset complete through the IOCP reactor;
// the handle is associated with its port by File (file.cpp).
#if defined(_WIN32)

#include <windows.h>

#include <string>

#include "file_ops.h"
#include "win_common.h"

namespace async {
namespace io {
namespace detail {

std::string FileErrorMessage(int e) { return WindowsErrorMessage(e); }

namespace {
HANDLE H(NativeHandle h) { return reinterpret_cast<HANDLE>(h); }

[[noreturn]] void Throw(DWORD e, const std::string& what) {
  const int code = static_cast<int>(e);
  if (e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND)
    throw FileNotFoundException("Could not find file '" + what + "'.", code);
  throw IOException(FileErrorMessage(code) + ": '" + what + "'", code);
}

// Paths are UTF-8, as on POSIX; Windows wants UTF-16.
std::wstring Widen(const std::string& s) {
  if (s.empty()) return std::wstring();
  const int n = ::MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s.data(), static_cast<int>(s.size()), nullptr, 0);
  if (n <= 0) Throw(::GetLastError(), s);
  std::wstring w(static_cast<std::size_t>(n), L'\0');
  ::MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s.data(), static_cast<int>(s.size()), &w[0], n);
  return w;
}
}  // namespace

NativeHandle OpenFile(const std::string& path, FileMode mode, FileAccess access) {
  DWORD desired = 0;
  switch (access) {
    case FileAccess::Read: desired = GENERIC_READ; break;
    case FileAccess::Write: desired = GENERIC_WRITE; break;
    case FileAccess::ReadWrite: desired = GENERIC_READ | GENERIC_WRITE; break;
  }
  DWORD disposition = OPEN_EXISTING;
  switch (mode) {
    case FileMode::CreateNew: disposition = CREATE_NEW; break;
    case FileMode::Create: disposition = CREATE_ALWAYS; break;
    case FileMode::Open: disposition = OPEN_EXISTING; break;
    case FileMode::OpenOrCreate: disposition = OPEN_ALWAYS; break;
    case FileMode::Truncate: disposition = TRUNCATE_EXISTING; break;
    // Writes of an Append file go to the end: File passes the offset
    // FILE_WRITE_TO_END_OF_FILE (file.cpp).
    case FileMode::Append: disposition = OPEN_ALWAYS; break;
  }
  // As .NET's FileShare.ReadWrite | Delete: others may open, rename or
  // delete the file while it is open (POSIX semantics).
  const DWORD share = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;
  HANDLE h = ::CreateFileW(Widen(path).c_str(), desired, share, nullptr, disposition,
                           FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OVERLAPPED, nullptr);
  if (h == INVALID_HANDLE_VALUE) Throw(::GetLastError(), path);
  // Not inherited by child processes (O_CLOEXEC): CreateFileW's default
  // with null security attributes.
  return reinterpret_cast<NativeHandle>(h);
}

void CloseFile(NativeHandle h) noexcept {
  if (h != kInvalidHandle) ::CloseHandle(H(h));
}

std::uint64_t FileLength(NativeHandle h) {
  LARGE_INTEGER size{};
  if (!::GetFileSizeEx(H(h), &size)) {
    const int e = static_cast<int>(::GetLastError());
    throw IOException(FileErrorMessage(e), e);
  }
  return static_cast<std::uint64_t>(size.QuadPart);
}

void SetFileLength(NativeHandle h, std::uint64_t length) {
  FILE_END_OF_FILE_INFO info{};
  info.EndOfFile.QuadPart = static_cast<LONGLONG>(length);
  if (!::SetFileInformationByHandle(H(h), FileEndOfFileInfo, &info, sizeof info)) {
    const int e = static_cast<int>(::GetLastError());
    throw IOException(FileErrorMessage(e), e);
  }
}

void FlushFile(NativeHandle h) {
  if (!::FlushFileBuffers(H(h))) {
    const int e = static_cast<int>(::GetLastError());
    throw IOException(FileErrorMessage(e), e);
  }
}

}  // namespace detail
}  // namespace io
}  // namespace async

#endif  // _WIN32
