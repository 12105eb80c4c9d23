// Helpers for the I/O tests: backend parameterization, fd and thread counts,
// continuation chaining without coroutines.
#pragma once

#if defined(_WIN32)
#include <winsock2.h>
#include <windows.h>
#include <tlhelp32.h>
#undef Yield  // winbase.h's obsolete no-op macro would hide async::Yield
#else
#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>
#endif

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>
#include <thread>
#include <utility>

#include <gtest/gtest.h>

#include <async/async.h>
#include <async/io/io.h>
#include <async/net/net.h>

namespace asyncc_io_test {

#if defined(_WIN32)
// Open handles of the process (sockets, files, the reactor's port,
// threads, ...) from NtQuerySystemInformation(SystemHandleInformation):
// there is no /proc/self/fd, and GetProcessHandleCount answers 0 under
// wine 8. Event handles are not counted: Winsock creates one per thread
// for its synchronous calls on first use (wine's ws2_32 does; it lives as
// long as the thread), which is not a leak; the runtime itself creates no
// events. The event type's index is learnt from an event made for it.
inline int OpenFdCount() {
  struct Entry {
    ULONG pid;
    BYTE type;
    BYTE flags;
    USHORT handle;
    PVOID object;
    ACCESS_MASK access;
  };
  struct Info {
    ULONG count;
    Entry entries[1];
  };
  using Query = LONG(WINAPI*)(ULONG, PVOID, ULONG, PULONG);
  static const auto query =
      reinterpret_cast<Query>(::GetProcAddress(::GetModuleHandleA("ntdll.dll"), "NtQuerySystemInformation"));
  if (query == nullptr) return -1;
  auto list = [](std::vector<char>& buf) -> const Info* {
    constexpr ULONG kSystemHandleInformation = 16;
    constexpr LONG kInfoLengthMismatch = static_cast<LONG>(0xC0000004);
    LONG status;
    ULONG needed = 0;
    while ((status = query(kSystemHandleInformation, buf.data(), static_cast<ULONG>(buf.size()), &needed)) ==
           kInfoLengthMismatch) {
      buf.resize(std::max<std::size_t>(buf.size() * 2, needed + 65536));
    }
    return status == 0 ? reinterpret_cast<const Info*>(buf.data()) : nullptr;
  };
  static std::vector<char> buf(1 << 20);
  static const int event_type = [&] {
    HANDLE e = ::CreateEventW(nullptr, TRUE, FALSE, nullptr);
    int type = -1;
    if (const Info* info = list(buf)) {
      for (ULONG i = 0; i < info->count; ++i) {
        const Entry& x = info->entries[i];
        if (x.pid == ::GetCurrentProcessId() && x.handle == static_cast<USHORT>(reinterpret_cast<std::uintptr_t>(e)))
          type = x.type;
      }
    }
    ::CloseHandle(e);
    return type;
  }();
  const Info* info = list(buf);
  if (info == nullptr || event_type < 0) return -1;
  int count = 0;
  for (ULONG i = 0; i < info->count; ++i) {
    if (info->entries[i].pid == ::GetCurrentProcessId() && info->entries[i].type != event_type) ++count;
  }
  return count;
}
// The Win32 start address of a thread (0 when unknown).
inline void* ThreadStartAddress(HANDLE thread) {
  using Query = LONG(WINAPI*)(HANDLE, int, PVOID, ULONG, PULONG);
  static const auto query =
      reinterpret_cast<Query>(::GetProcAddress(::GetModuleHandleA("ntdll.dll"), "NtQueryInformationThread"));
  void* start = nullptr;
  constexpr int kThreadQuerySetWin32StartAddress = 9;
  if (query == nullptr || query(thread, kThreadQuerySetWin32StartAddress, &start, sizeof start, nullptr) != 0)
    return nullptr;
  return start;
}
// The main thread and the threads made by std::thread (the runtime's
// workers and reactor), told apart from the rest by their start routine:
// Windows starts loader thread-pool workers in every process, and
// GoogleTest's Windows ThreadLocal starts a watcher thread (CreateThread)
// for each thread that reported to it. Neither is the runtime's.
inline int ThreadCount() {
  static void* const std_thread_start = [] {
    void* start = nullptr;
    std::thread([&] { start = ThreadStartAddress(::GetCurrentThread()); }).join();
    return start;
  }();
  HANDLE snap = ::CreateToolhelp32Snapshot(TH32CS_SNAPTHREAD, 0);
  if (snap == INVALID_HANDLE_VALUE) return -1;
  int n = 1;  // the main thread
  THREADENTRY32 te{};
  te.dwSize = sizeof te;
  for (BOOL ok = ::Thread32First(snap, &te); ok; ok = ::Thread32Next(snap, &te)) {
    if (te.th32OwnerProcessID != ::GetCurrentProcessId()) continue;
    HANDLE th = ::OpenThread(THREAD_QUERY_INFORMATION, FALSE, te.th32ThreadID);
    if (th == nullptr) continue;
    if (std_thread_start != nullptr && ThreadStartAddress(th) == std_thread_start) ++n;
    ::CloseHandle(th);
  }
  ::CloseHandle(snap);
  return n;
}
// Wine exports wine_get_version from ntdll; Windows does not.
inline bool RunningUnderWine() {
  HMODULE ntdll = ::GetModuleHandleA("ntdll.dll");
  return ntdll != nullptr && ::GetProcAddress(ntdll, "wine_get_version") != nullptr;
}
constexpr int kConnResetCode = WSAECONNRESET;
constexpr int kFileExistsCode = ERROR_FILE_EXISTS;
#else
inline int CountDir(const char* path) {
  int n = 0;
  if (DIR* d = ::opendir(path)) {
    while (dirent* e = ::readdir(d)) {
      if (e->d_name[0] != '.') ++n;
    }
    ::closedir(d);
  }
  return n - 1;  // the DIR's own fd (for /proc/self/fd); harmless for tasks
}
// Open sockets, files and pipes (not the reactors' own epoll, eventfd and
// io_uring descriptors: a reactor replaced by SetReactorKind may close them
// a little later, when the last object created on it is gone).
inline int OpenFdCount() {
  int n = 0;
  if (DIR* d = ::opendir("/proc/self/fd")) {
    while (dirent* e = ::readdir(d)) {
      if (e->d_name[0] == '.') continue;
      char link[256] = {};
      std::string path = std::string("/proc/self/fd/") + e->d_name;
      ssize_t len = ::readlink(path.c_str(), link, sizeof link - 1);
      if (len > 0 && std::string(link, static_cast<std::size_t>(len)).rfind("anon_inode:", 0) == 0) continue;
      ++n;
    }
    ::closedir(d);
  }
  return n - 1;  // the DIR's own descriptor
}
inline int ThreadCount() { return CountDir("/proc/self/task") + 1; }
inline bool RunningUnderWine() { return false; }
constexpr int kConnResetCode = ECONNRESET;
constexpr int kFileExistsCode = EEXIST;
#endif

// Runs f on the completion of t (on the completing thread, no context).
template <class T, class F>
void Then(async::Task<T> t, F f) {
  auto aw = t.ConfigureAwait(false).GetAwaiter();
  aw.UnsafeOnCompleted(async::Continuation([t, f = std::move(f)]() mutable { f(t); }));
}

inline std::string KindName(const testing::TestParamInfo<async::io::ReactorKind>& info) {
  return async::io::ToString(info.param);
}

// Selects the backend for each test, checks that no fd leaked.
class ReactorTest : public testing::TestWithParam<async::io::ReactorKind> {
 protected:
  void SetUp() override {
    if (!async::io::IsReactorKindSupported(GetParam())) GTEST_SKIP() << "backend not available here";
    bool ok = false;
    for (int i = 0; i < 200 && !ok; ++i) {
      ok = async::io::SetReactorKind(GetParam());
      if (!ok) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_TRUE(ok) << "could not switch the reactor (handles still open from an earlier test?)";
    ASSERT_EQ(async::io::CurrentReactorKind(), GetParam());
    fds_before_ = OpenFdCount();
    ASSERT_GE(fds_before_, 0) << "cannot count open descriptors / handles";
  }
  void TearDown() override {
    // A skipped test opened nothing (and GoogleTest's first report on
    // Windows opens handles of its own: a ThreadLocal watcher thread).
    if (fds_before_ < 0 || IsSkipped()) return;
    // Closes finish asynchronously (io_uring: after the canceled
    // operations' completions): give them a moment.
    int now = OpenFdCount();
    for (int i = 0; i < 300 && now > fds_before_; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      now = OpenFdCount();
    }
    EXPECT_EQ(now, fds_before_) << "file descriptors leaked";
  }
  int fds_before_ = -1;
};

#if defined(_WIN32)
#define ASYNCC_IO_BACKENDS testing::Values(async::io::ReactorKind::Iocp), asyncc_io_test::KindName
#else
#define ASYNCC_IO_BACKENDS \
  testing::Values(async::io::ReactorKind::Epoll, async::io::ReactorKind::IoUring), asyncc_io_test::KindName
#endif

// Blocks on t and returns its exception (or null).
template <class T>
std::exception_ptr ErrorOf(const async::Task<T>& t) {
  try {
    t.GetAwaiter().GetResult();
  } catch (...) {
    return std::current_exception();
  }
  return nullptr;
}

template <class E, class T>
bool Throws(const async::Task<T>& t) {
  std::exception_ptr e = ErrorOf(t);
  if (!e) return false;
  try {
    std::rethrow_exception(e);
  } catch (const E&) {
    return true;
  } catch (...) {
    return false;
  }
}

}  // namespace asyncc_io_test
