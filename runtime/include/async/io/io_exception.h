// async/io/io_exception.h: System.IO.IOException.
#pragma once

#include <string>

#include <async/exceptions.h>

namespace async {
namespace io {

// System.IO.IOException. NativeErrorCode() is the OS error (errno on POSIX,
// GetLastError on Windows), 0 when there is none. .NET exposes it as
// HResult; we keep the plain OS code.
class IOException : public async::detail::ExceptionWithMessage {
 public:
  IOException() : ExceptionWithMessage("I/O error occurred."), error_(0) {}
  explicit IOException(std::string message, int nativeErrorCode = 0)
      : ExceptionWithMessage(std::move(message)), error_(nativeErrorCode) {}
  int NativeErrorCode() const noexcept { return error_; }

 private:
  int error_;
};

// System.IO.FileNotFoundException (derives from IOException).
class FileNotFoundException : public IOException {
 public:
  explicit FileNotFoundException(std::string message, int nativeErrorCode = 0)
      : IOException(std::move(message), nativeErrorCode) {}
};

// System.IO.EndOfStreamException (derives from IOException).
class EndOfStreamException : public IOException {
 public:
  EndOfStreamException() : IOException("Attempted to read past the end of the stream.") {}
  explicit EndOfStreamException(std::string message) : IOException(std::move(message)) {}
};

}  // namespace io
}  // namespace async
