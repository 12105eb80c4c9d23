// Helpers for the I/O tests: backend parameterization, fd and thread counts,
// continuation chaining without coroutines.
#pragma once

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <utility>

#include <gtest/gtest.h>

#include <async/async.h>
#include <async/io/io.h>
#include <async/net/net.h>

namespace asyncc_io_test {

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

// Runs f on the completion of t (on the completing thread, no context).
template <class T, class F>
void Then(async::Task<T> t, F f) {
  auto aw = t.ConfigureAwait(false).GetAwaiter();
  aw.UnsafeOnCompleted(async::Continuation([t, f = std::move(f)]() mutable { f(t); }));
}

inline std::string KindName(const testing::TestParamInfo<async::io::ReactorKind>& info) {
  return info.param == async::io::ReactorKind::IoUring ? "io_uring" : "epoll";
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
  }
  void TearDown() override {
    if (fds_before_ < 0) return;
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

#define ASYNCC_IO_BACKENDS \
  testing::Values(async::io::ReactorKind::Epoll, async::io::ReactorKind::IoUring), asyncc_io_test::KindName

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
