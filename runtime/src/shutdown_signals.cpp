// Shutdown signals for the host (async/hosting.h): SIGINT/SIGTERM on POSIX,
// console control events on Windows.
//
// POSIX: the handler only writes the signal number to a self-pipe (write()
// is async-signal-safe); a watcher thread reads it and posts the registered
// callbacks to the thread pool, so no runtime code runs in signal context.
// The handlers are installed with the first registration and the previous
// dispositions restored after the last one.
#include <async/hosting.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include <async/continuation.h>
#include <async/detail/thread_pool.h>

#ifdef _WIN32
#include <windows.h>
#else
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <unistd.h>
#endif

namespace async {
namespace detail {
namespace {

std::mutex g_install_mutex;
int g_registrations = 0;
std::mutex g_mutex;
std::map<std::uint64_t, std::function<void()>> g_callbacks;
std::uint64_t g_next_id = 1;

void PostCallbacks() {
  std::vector<std::function<void()>> callbacks;
  {
    std::lock_guard<std::mutex> lock(g_mutex);
    for (auto& entry : g_callbacks) callbacks.push_back(entry.second);
  }
  for (auto& f : callbacks) PostToThreadPool(Continuation(std::move(f)), /*prefer_local=*/false);
}

#ifdef _WIN32

BOOL WINAPI OnConsoleControl(DWORD type) {
  switch (type) {
    case CTRL_C_EVENT:
    case CTRL_BREAK_EVENT:
    case CTRL_CLOSE_EVENT:
    case CTRL_SHUTDOWN_EVENT:
      PostCallbacks();
      return TRUE;  // handled: the host stops gracefully
    default:
      return FALSE;
  }
}

void Install() { SetConsoleCtrlHandler(OnConsoleControl, TRUE); }
void Uninstall() { SetConsoleCtrlHandler(OnConsoleControl, FALSE); }

#else

constexpr char kQuit = 0;  // the watcher's stop byte (no signal is 0)
std::atomic<int> g_write_fd{-1};
int g_read_fd = -1;
// A pointer, never destroyed at exit: a program that exits while a host is
// still running must not hit std::thread's destructor on a joinable thread.
std::thread* g_watcher = nullptr;
struct sigaction g_old_int, g_old_term;

extern "C" void OnShutdownSignal(int signo) {
  const int saved = errno;
  const char byte = static_cast<char>(signo);
  const int fd = g_write_fd.load(std::memory_order_relaxed);
  if (fd >= 0) {
    ssize_t n = write(fd, &byte, 1);  // full pipe: a stop is already pending
    (void)n;
  }
  errno = saved;
}

void Watch(int fd) {
  for (;;) {
    char byte;
    const ssize_t n = read(fd, &byte, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0 || byte == kQuit) return;
    PostCallbacks();
  }
}

void Install() {
  int fds[2];
  if (pipe(fds) != 0) return;  // no pipe: signals keep their default action
  for (int fd : fds) fcntl(fd, F_SETFD, FD_CLOEXEC);
  fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK);  // the handler never blocks
  g_read_fd = fds[0];
  g_write_fd.store(fds[1], std::memory_order_relaxed);
  g_watcher = new std::thread(Watch, fds[0]);
  struct sigaction sa {};
  sa.sa_handler = OnShutdownSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sigaction(SIGINT, &sa, &g_old_int);
  sigaction(SIGTERM, &sa, &g_old_term);
}

void Uninstall() {
  const int fd = g_write_fd.load(std::memory_order_relaxed);
  if (fd < 0) return;
  sigaction(SIGINT, &g_old_int, nullptr);
  sigaction(SIGTERM, &g_old_term, nullptr);
  // Blocking write of the stop byte: the watcher drains the pipe.
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  const char quit = kQuit;
  while (write(fd, &quit, 1) < 0 && errno == EINTR) {
  }
  g_watcher->join();
  delete g_watcher;
  g_watcher = nullptr;
  g_write_fd.store(-1, std::memory_order_relaxed);
  close(fd);
  close(g_read_fd);
  g_read_fd = -1;
}

#endif

}  // namespace

// g_install_mutex orders installs and uninstalls; the watcher only takes
// g_mutex (briefly), so joining it under g_install_mutex cannot deadlock.
std::uint64_t RegisterShutdownSignalCallback(std::function<void()> callback) {
  std::lock_guard<std::mutex> install(g_install_mutex);
  if (g_registrations++ == 0) Install();
  std::lock_guard<std::mutex> lock(g_mutex);
  const std::uint64_t id = g_next_id++;
  g_callbacks.emplace(id, std::move(callback));
  return id;
}

void UnregisterShutdownSignalCallback(std::uint64_t id) noexcept {
  std::function<void()> removed;  // destroyed outside the locks
  std::lock_guard<std::mutex> install(g_install_mutex);
  {
    std::lock_guard<std::mutex> lock(g_mutex);
    auto it = g_callbacks.find(id);
    if (it == g_callbacks.end()) return;
    removed = std::move(it->second);
    g_callbacks.erase(it);
  }
  if (--g_registrations == 0) Uninstall();
}

}  // namespace detail
}  // namespace async
