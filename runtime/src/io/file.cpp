// File: positional asynchronous reads and writes through the reactor
// (io_uring: on the ring; epoll: pread/pwrite on the thread pool).
#include <async/io/file.h>

#include <memory>
#include <string>

#include <async/task_completion_source.h>

#include "file_ops.h"
#include "pending_call.h"

namespace async {
namespace io {
namespace detail {

namespace {
std::exception_ptr MakeFileError(int code) {
  if (code == kAbortedByClose) return std::make_exception_ptr(ObjectDisposedException("Cannot access a closed file."));
  return std::make_exception_ptr(IOException(FileErrorMessage(code), code));
}
}  // namespace

class FileImpl : public std::enable_shared_from_this<FileImpl> {
 public:
  FileImpl(NativeHandle h, bool append)
      : reactor_(GetReactor()), handle_(h), append_(append), guard_([this] { Release(); }) {
#if defined(_WIN32)
    // IOCP: the file's completions are queued to the reactor's port.
    registration_ = reactor_->Associate(h);
#endif
  }
  ~FileImpl() { guard_.ReleaseNow(); }

  NativeHandle Handle() const {
    if (guard_.IsClosed()) throw ObjectDisposedException("Cannot access a closed file.");
    return handle_;
  }
  void Close() noexcept { guard_.Close(); }
  bool IsClosed() const noexcept { return guard_.IsClosed(); }

  std::shared_ptr<IoOperation> MakeOp(IoOpcode code, void* buffer, std::size_t length, std::uint64_t offset) {
    auto op = std::make_shared<IoOperation>();
    op->opcode = code;
    op->handle = handle_;
    op->buffer = buffer;
    op->length = length;
    op->offset = offset;
#if defined(_WIN32)
    // FILE_WRITE_TO_END_OF_FILE: an Append file's writes go to the end
    // (POSIX: O_APPEND makes pwrite ignore the offset).
    if (append_ && code == IoOpcode::WriteAt) op->offset = ~std::uint64_t{0};
#endif
    return op;
  }

  Task<std::size_t> Read(std::uint64_t offset, void* buffer, std::size_t count, CancellationToken ct) {
    if (ct.IsCancellationRequested()) return FromCanceled<std::size_t>(ct);
    if (count == 0) return FromResult<std::size_t>(0);
    TaskCompletionSource<std::size_t> tcs(TaskCreationOptions::RunContinuationsAsynchronously);
    Task<std::size_t> task = tcs.Task();
    auto call = std::make_shared<PendingCall>(
        reactor_, &guard_, shared_from_this(), ct, &MakeFileError,
        [tcs](PendingCall& c, const IoResult& r) mutable {
          if (c.Failed(r, [&](std::exception_ptr e, bool canceled) {
                if (canceled) {
                  tcs.TrySetCanceled(c.Token());
                } else {
                  tcs.TrySetException(e);
                }
              })) {
            return;
          }
          c.Finish();
          tcs.TrySetResult(static_cast<std::size_t>(r.value));
        });
    if (!call->Start(MakeOp(IoOpcode::ReadAt, buffer, count, offset))) return Closed<std::size_t>();
    return task;
  }

  Task<> Write(std::uint64_t offset, const void* buffer, std::size_t count, CancellationToken ct) {
    if (ct.IsCancellationRequested()) return FromCanceled(ct);
    if (count == 0) return CompletedTask();
    TaskCompletionSource<> tcs(TaskCreationOptions::RunContinuationsAsynchronously);
    Task<> task = tcs.Task();
    auto self = shared_from_this();
    auto written = std::make_shared<std::size_t>(0);
    auto* base = static_cast<unsigned char*>(const_cast<void*>(buffer));
    auto call = std::make_shared<PendingCall>(
        reactor_, &guard_, self, ct, &MakeFileError,
        [tcs, self, written, base, count, offset](PendingCall& c, const IoResult& r) mutable {
          if (c.Failed(r, [&](std::exception_ptr e, bool canceled) {
                if (canceled) {
                  tcs.TrySetCanceled(c.Token());
                } else {
                  tcs.TrySetException(e);
                }
              })) {
            return;
          }
          if (r.value == 0) {  // no progress (disk full without an error): report it
            c.Finish();
            tcs.TrySetException(std::make_exception_ptr(IOException("The write made no progress.", 0)));
            return;
          }
          *written += static_cast<std::size_t>(r.value);
          if (*written >= count) {
            c.Finish();
            tcs.TrySetResult();
            return;
          }
          c.Next(self->MakeOp(IoOpcode::WriteAt, base + *written, count - *written, offset + *written));
        });
    if (!call->Start(MakeOp(IoOpcode::WriteAt, base, count, offset))) return Closed<void>();
    return task;
  }

  bool Append() const noexcept { return append_; }

 private:
  template <class T>
  static Task<T> Closed() {
    return FromException<T>(std::make_exception_ptr(ObjectDisposedException("Cannot access a closed file.")));
  }

  void Release() noexcept {
    if (registration_) reactor_->Dissociate(handle_, std::move(registration_));
    CloseFile(handle_);
  }

  std::shared_ptr<Reactor> reactor_;
  NativeHandle handle_;
  bool append_;
  std::unique_ptr<HandleRegistration> registration_;  // Windows (IOCP) only
  HandleGuard guard_;
};

}  // namespace detail

File File::Open(const std::string& path, FileMode mode, FileAccess access) {
  NativeHandle h = detail::OpenFile(path, mode, access);
  try {
    return File(std::make_shared<detail::FileImpl>(h, mode == FileMode::Append));
  } catch (...) {
    detail::CloseFile(h);
    throw;
  }
}

detail::FileImpl& File::Impl() const {
  if (!impl_) throw InvalidOperationException("The file handle is empty.");
  return *impl_;
}

Task<std::size_t> File::ReadAsync(std::uint64_t offset, void* buffer, std::size_t count, CancellationToken ct) const {
  return Impl().Read(offset, buffer, count, std::move(ct));
}

Task<> File::WriteAsync(std::uint64_t offset, const void* buffer, std::size_t count, CancellationToken ct) const {
  return Impl().Write(offset, buffer, count, std::move(ct));
}

std::uint64_t File::Length() const { return detail::FileLength(Impl().Handle()); }
void File::SetLength(std::uint64_t length) const { detail::SetFileLength(Impl().Handle(), length); }
void File::Flush() const { detail::FlushFile(Impl().Handle()); }
void File::Close() noexcept {
  if (impl_) impl_->Close();
}
bool File::IsOpen() const noexcept { return impl_ && !impl_->IsClosed(); }

namespace {

// ReadAllText's loop: read at the current offset until a read returns 0.
struct ReadAllState : std::enable_shared_from_this<ReadAllState> {
  File file;
  CancellationToken ct;
  TaskCompletionSource<std::string> tcs{TaskCreationOptions::RunContinuationsAsynchronously};
  std::string text;
  std::size_t filled = 0;

  void ReadMore() {
    if (text.size() - filled < 16384) text.resize(filled + 65536);
    Task<std::size_t> t;
    try {
      t = file.ReadAsync(filled, &text[filled], text.size() - filled, ct);
    } catch (...) {
      Fail(std::current_exception());
      return;
    }
    auto self = shared_from_this();
    t.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(Continuation([self, t]() mutable {
      std::size_t n;
      try {
        n = t.GetAwaiter().GetResult();
      } catch (...) {
        self->Fail(std::current_exception());
        return;
      }
      if (n == 0) {
        self->file.Close();
        self->text.resize(self->filled);
        self->tcs.TrySetResult(std::move(self->text));
        return;
      }
      self->filled += n;
      self->ReadMore();
    }));
  }

  void Fail(std::exception_ptr e) {
    file.Close();
    try {
      std::rethrow_exception(e);
    } catch (const OperationCanceledException& oce) {
      tcs.TrySetCanceled(oce.CancellationToken());
    } catch (...) {
      tcs.TrySetException(e);
    }
  }
};

}  // namespace

Task<std::string> File::ReadAllTextAsync(const std::string& path, CancellationToken ct) {
  if (ct.IsCancellationRequested()) return FromCanceled<std::string>(ct);
  auto state = std::make_shared<ReadAllState>();
  try {
    state->file = Open(path, FileMode::Open, FileAccess::Read);
  } catch (...) {
    return FromException<std::string>(std::current_exception());
  }
  state->ct = std::move(ct);
  Task<std::string> result = state->tcs.Task();
  state->ReadMore();
  return result;
}

Task<> File::WriteAllTextAsync(const std::string& path, std::string text, CancellationToken ct) {
  if (ct.IsCancellationRequested()) return FromCanceled(ct);
  File file;
  try {
    file = Open(path, FileMode::Create, FileAccess::Write);
  } catch (...) {
    return FromException(std::current_exception());
  }
  auto owned = std::make_shared<std::string>(std::move(text));
  Task<> write = file.WriteAsync(0, owned->data(), owned->size(), std::move(ct));
  TaskCompletionSource<> tcs(TaskCreationOptions::RunContinuationsAsynchronously);
  Task<> result = tcs.Task();
  write.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(Continuation([write, tcs, file, owned]() mutable {
    file.Close();
    try {
      write.GetAwaiter().GetResult();
      tcs.TrySetResult();
    } catch (const OperationCanceledException& e) {
      tcs.TrySetCanceled(e.CancellationToken());
    } catch (...) {
      tcs.TrySetException(std::current_exception());
    }
  }));
  return result;
}

}  // namespace io
}  // namespace async
