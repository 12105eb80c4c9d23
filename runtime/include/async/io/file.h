// async/io/file.h: files with asynchronous positional reads and writes
// (.NET's File, FileMode, FileAccess and RandomAccess.ReadAsync/WriteAsync).
//
// io_uring: IORING_OP_READ/WRITE on the ring, no thread waits. epoll (and
// any readiness backend): the blocking pread/pwrite runs on the thread
// pool, as .NET does on Unix.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <async/cancellation.h>
#include <async/io/io_exception.h>
#include <async/task.h>
#include <async/value_task.h>

namespace async {
namespace io {

// System.IO.FileMode (same values).
enum class FileMode {
  CreateNew = 1,     // create; IOException if it exists
  Create = 2,        // create or truncate
  Open = 3,          // open; FileNotFoundException if it does not exist
  OpenOrCreate = 4,  // open, create if missing
  Truncate = 5,      // open and truncate to 0
  Append = 6,        // open or create; writes go to the end (WriteAsync's offset is ignored)
};

// System.IO.FileAccess (same values).
enum class FileAccess { Read = 1, Write = 2, ReadWrite = 3 };

namespace detail {
class FileImpl;
}  // namespace detail

// A shared handle to an open file (a .NET reference: copies share it). The
// file is closed by Close() or when the last handle goes away. Operations
// already started keep the file open until they complete.
class File {
 public:
  File() noexcept = default;

  // File.Open(path, mode, access): opens synchronously (as .NET does).
  // Throws FileNotFoundException, IOException (with the OS error), or
  // UnauthorizedAccess as IOException.
  static File Open(const std::string& path, FileMode mode, FileAccess access = FileAccess::ReadWrite);

  // Reads up to `count` bytes at `offset` into buffer; the result is the
  // number read, fewer at the end of the file, 0 at or past it. The buffer
  // must stay valid until the task completes.
  Task<std::size_t> ReadAsync(std::uint64_t offset, void* buffer, std::size_t count,
                              CancellationToken ct = {}) const;
  // Writes all `count` bytes at `offset` (short writes are continued).
  Task<> WriteAsync(std::uint64_t offset, const void* buffer, std::size_t count,
                    CancellationToken ct = {}) const;
  Task<> WriteAsync(std::uint64_t offset, std::string_view data, CancellationToken ct = {}) const {
    return WriteAsync(offset, data.data(), data.size(), std::move(ct));
  }

  // The current length in bytes (fstat). Throws IOException.
  std::uint64_t Length() const;
  // Sets the length (ftruncate). Throws IOException.
  void SetLength(std::uint64_t length) const;
  // Flush to disk (fsync), synchronously.
  void Flush() const;
  // Closes the file; idempotent. Operations started later throw
  // ObjectDisposedException.
  void Close() noexcept;
  // IAsyncDisposable (FileStream.DisposeAsync): Close(); completes at once
  // (writes are not buffered, so there is nothing to flush).
  ValueTask<> DisposeAsync() noexcept {
    Close();
    return ValueTask<>();
  }
  bool IsOpen() const noexcept;

  // File.ReadAllTextAsync(path, ct): the whole file's bytes as a string.
  static Task<std::string> ReadAllTextAsync(const std::string& path, CancellationToken ct = {});
  // File.WriteAllTextAsync(path, text, ct): creates or truncates, writes
  // all of text. The text is copied: the caller need not keep it.
  static Task<> WriteAllTextAsync(const std::string& path, std::string text, CancellationToken ct = {});

 private:
  explicit File(std::shared_ptr<detail::FileImpl> impl) noexcept : impl_(std::move(impl)) {}
  detail::FileImpl& Impl() const;
  std::shared_ptr<detail::FileImpl> impl_;
};

}  // namespace io
}  // namespace async
