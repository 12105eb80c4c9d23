// async::io::File and the timer service over each reactor backend.
#include <unistd.h>

#include <string>
#include <vector>

#include "io_test_util.h"

namespace {

using namespace std::chrono_literals;
using async::io::File;
using async::io::FileAccess;
using async::io::FileMode;
using asyncc_io_test::ReactorTest;

std::string TempPath(const char* name) {
  return testing::TempDir() + "asyncc_io_" + std::to_string(::getpid()) + "_" + name;
}

class IoFile : public ReactorTest {};

TEST_P(IoFile, ReadAndWriteAtOffsets) {
  const std::string path = TempPath("offsets");
  {
    File f = File::Open(path, FileMode::Create, FileAccess::ReadWrite);
    f.WriteAsync(10, std::string_view("world")).GetAwaiter().GetResult();
    f.WriteAsync(0, std::string_view("hello")).GetAwaiter().GetResult();
    EXPECT_EQ(f.Length(), 15u);
    char buf[32] = {};
    EXPECT_EQ(f.ReadAsync(10, buf, 5).GetAwaiter().GetResult(), 5u);
    EXPECT_EQ(std::string(buf, 5), "world");
    EXPECT_EQ(f.ReadAsync(0, buf, sizeof buf).GetAwaiter().GetResult(), 15u);
    EXPECT_EQ(std::string(buf, 5), "hello");
    EXPECT_EQ(buf[5], '\0');  // the hole reads as zeros
    EXPECT_EQ(f.ReadAsync(15, buf, 4).GetAwaiter().GetResult(), 0u);  // EOF
    EXPECT_EQ(f.ReadAsync(1000, buf, 4).GetAwaiter().GetResult(), 0u);
    f.Close();
    EXPECT_TRUE(asyncc_io_test::Throws<async::ObjectDisposedException>(f.ReadAsync(0, buf, 1)));
  }
  ::unlink(path.c_str());
}

TEST_P(IoFile, LargeWriteIsComplete) {
  const std::string path = TempPath("large");
  std::vector<unsigned char> data(3 << 20);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<unsigned char>(i * 13 + (i >> 11));
  File f = File::Open(path, FileMode::Create);
  f.WriteAsync(4096, data.data(), data.size()).GetAwaiter().GetResult();
  std::vector<unsigned char> back(data.size());
  std::size_t n = 0;
  while (n < back.size()) {
    std::size_t r = f.ReadAsync(4096 + n, &back[n], back.size() - n).GetAwaiter().GetResult();
    ASSERT_GT(r, 0u);
    n += r;
  }
  EXPECT_TRUE(back == data);
  f.Close();
  ::unlink(path.c_str());
}

TEST_P(IoFile, ReadAllTextWriteAllText) {
  const std::string path = TempPath("text");
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "line " + std::to_string(i) + "\n";
  File::WriteAllTextAsync(path, text).GetAwaiter().GetResult();
  EXPECT_EQ(File::ReadAllTextAsync(path).GetAwaiter().GetResult(), text);
  File::WriteAllTextAsync(path, "short").GetAwaiter().GetResult();  // truncates
  EXPECT_EQ(File::ReadAllTextAsync(path).GetAwaiter().GetResult(), "short");
  File::WriteAllTextAsync(path, "").GetAwaiter().GetResult();
  EXPECT_EQ(File::ReadAllTextAsync(path).GetAwaiter().GetResult(), "");
  ::unlink(path.c_str());
}

TEST_P(IoFile, MissingFileAndModes) {
  const std::string path = TempPath("missing");
  ::unlink(path.c_str());
  EXPECT_TRUE(asyncc_io_test::Throws<async::io::FileNotFoundException>(File::ReadAllTextAsync(path)));
  EXPECT_THROW(File::Open(path, FileMode::Open), async::io::FileNotFoundException);
  File::Open(path, FileMode::CreateNew).Close();
  try {
    File::Open(path, FileMode::CreateNew);
    ADD_FAILURE() << "CreateNew on an existing file";
  } catch (const async::io::IOException& e) {
    EXPECT_EQ(e.NativeErrorCode(), asyncc_io_test::kFileExistsCode);
  }
  ::unlink(path.c_str());
}

TEST_P(IoFile, AppendWritesGoToTheEnd) {
  const std::string path = TempPath("append");
  File::WriteAllTextAsync(path, "abc").GetAwaiter().GetResult();
  File f = File::Open(path, FileMode::Append);
  f.WriteAsync(0, std::string_view("def")).GetAwaiter().GetResult();  // the offset is ignored
  f.WriteAsync(1, std::string_view("gh")).GetAwaiter().GetResult();
  EXPECT_EQ(f.Length(), 8u);
  f.Close();
  EXPECT_EQ(File::ReadAllTextAsync(path).GetAwaiter().GetResult(), "abcdefgh");
  ::unlink(path.c_str());
}

TEST_P(IoFile, CanceledTokenCancels) {
  const std::string path = TempPath("cancel");
  File f = File::Open(path, FileMode::Create);
  char b[4];
  EXPECT_TRUE(f.ReadAsync(0, b, 4, async::CancellationToken(true)).IsCanceled());
  f.Close();
  ::unlink(path.c_str());
}

// The timers are served by the reactor thread of whichever backend runs.
TEST_P(IoFile, DelayCompletesAndCancelFreesTheTimerAtOnce) {
  const auto start = std::chrono::steady_clock::now();
  async::Delay(30ms).Wait();
  EXPECT_GE(std::chrono::steady_clock::now() - start, 30ms);
  const std::size_t before = async::detail::PendingTimerCount();
  async::CancellationTokenSource cts;
  async::Task<> long_delay = async::Delay(std::chrono::hours(1), cts.Token());
  EXPECT_EQ(async::detail::PendingTimerCount(), before + 1);
  cts.Cancel();
  EXPECT_EQ(async::detail::PendingTimerCount(), before);  // freed at once, not at its deadline
  EXPECT_TRUE(long_delay.IsCanceled());
  // An earlier deadline scheduled while the reactor waits wakes it.
  async::CancellationTokenSource cts2;
  async::Task<> distant = async::Delay(std::chrono::hours(1), cts2.Token());
  std::this_thread::sleep_for(5ms);  // the reactor now waits for the far deadline
  const auto t0 = std::chrono::steady_clock::now();
  async::Delay(20ms).Wait();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
  cts2.Cancel();
  EXPECT_TRUE(distant.IsCanceled());
}

TEST_P(IoFile, ManyTimersFireInDeadlineOrder) {
  std::mutex m;
  std::vector<int> order;
  std::vector<async::Task<>> tasks;
  for (int i = 9; i >= 0; --i) {
    tasks.push_back(async::Delay(std::chrono::milliseconds(10 + 15 * i)));
    asyncc_io_test::Then(tasks.back(), [&, i](const async::Task<>&) {
      std::lock_guard<std::mutex> lock(m);
      order.push_back(i);
    });
  }
  async::WhenAll(tasks).Wait();
  std::this_thread::sleep_for(20ms);
  std::lock_guard<std::mutex> lock(m);
  ASSERT_EQ(order.size(), 10u);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(order[i], i);
}

INSTANTIATE_TEST_SUITE_P(Backends, IoFile, ASYNCC_IO_BACKENDS);

}  // namespace
