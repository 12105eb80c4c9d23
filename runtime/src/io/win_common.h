// Runtime-internal (Windows): Winsock start-up and system messages.
#pragma once
#if defined(_WIN32)

#include <string>

namespace async {
namespace net {
namespace detail {

// WSAStartup(2.2) once per process (thread-safe; the matching WSACleanup
// runs at exit). Throws SocketException when Winsock is unavailable.
void EnsureWinsock();

}  // namespace detail
}  // namespace net
namespace io {
namespace detail {

// FormatMessage's text for a Win32 / WSA error code (no trailing newline).
std::string WindowsErrorMessage(int code);

}  // namespace detail
}  // namespace io
}  // namespace async

#endif  // _WIN32
