// Guide sections "I/O-Bound Async: No Thread While Waiting" and "CPU-Bound
// vs I/O-Bound Async".
//
//   // I/O-bound — no thread used during wait
//   public async Task<string> FetchAsync(string url)
//   {
//       var response = await httpClient.GetAsync(url); // thread released
//       return await response.Content.ReadAsStringAsync(); // thread released again
//   }
//
//   // CPU-bound — thread pool thread does the work
//   public async Task<byte[]> CompressAsync(byte[] data)
//   {
//       return await Task.Run(() => Compress(data)); // different thread does CPU work
//   }
//
// The I/O half: 40 requests are in flight at once while the thread pool has
// only a few workers, and none of them is blocked: the sockets wait in the
// reactor (epoll or io_uring here, IOCP on Windows), not on a thread. The
// CPU half: Compress (a run-length encoder) runs on a pool thread, not on
// the caller's.
#include "http_server.h"

#include <async/async.h>
#include <async/http/http.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

using async::http::HttpClient;
using Bytes = std::vector<std::uint8_t>;

class Downloader {
 public:
  // I/O-bound: no thread is used while the request is on the wire.
  ASYNC async::Task<std::string> FetchAsync(std::string url) {
    auto response = co_await httpClient.GetAsync(url);  // thread released
    std::string body = co_await response.Content().ReadAsStringAsync();  // released again
    co_return body;
  }
  void Dispose() { httpClient.Dispose(); }

 private:
  HttpClient httpClient;
};

// Run-length encoding: (count, byte) pairs, count <= 255.
Bytes Compress(const Bytes& data) {
  Bytes out;
  for (std::size_t i = 0; i < data.size();) {
    std::size_t run = 1;
    while (i + run < data.size() && data[i + run] == data[i] && run < 255) ++run;
    out.push_back(static_cast<std::uint8_t>(run));
    out.push_back(data[i]);
    i += run;
  }
  return out;
}

Bytes Decompress(const Bytes& packed) {
  Bytes out;
  for (std::size_t i = 0; i + 1 < packed.size(); i += 2) out.insert(out.end(), packed[i], packed[i + 1]);
  return out;
}

std::thread::id g_compressThread;

// CPU-bound: a thread pool thread does the work (async::Run is Task.Run).
ASYNC async::Task<Bytes> CompressAsync(Bytes data) {
  auto compress = [data] {
    g_compressThread = std::this_thread::get_id();
    return Compress(data);
  };
  Bytes packed = co_await async::Run(compress);  // different thread does CPU work
  co_return packed;
}

ASYNC async::Task<int> MainAsync() {
  example::HttpTestServer server = example::HttpTestServer::Start(async::net::IPEndPoint::Loopback(0));
  Downloader downloader;
  int failures = 0;

  std::printf("I/O-bound: 40 concurrent FetchAsync calls\n");
  std::vector<async::Task<std::string>> fetches;
  for (int i = 0; i < 40; ++i) fetches.push_back(downloader.FetchAsync(server.BaseUrl() + "/slow/300"));
  // Every call has sent its request (or is connecting) and returned a
  // pending task; no thread waits for any of them.
  int pending = 0;
  for (const auto& t : fetches) pending += t.IsCompleted() ? 0 : 1;
  std::printf("  pending right after the calls: %s\n", pending == 40 ? "all 40" : "not all");
  failures += pending == 40 ? 0 : 1;
  // The thread pool is free meanwhile: a job queued now runs at once.
  bool poolFree = co_await async::Run([] { return true; });
  int stillPending = 0;
  for (const auto& t : fetches) stillPending += t.IsCompleted() ? 0 : 1;
  std::printf("  a thread pool job ran while requests were pending: %s\n",
              poolFree && stillPending > 0 ? "yes" : "no");
  failures += poolFree && stillPending > 0 ? 0 : 1;
  std::vector<std::string> bodies = co_await async::WhenAll(fetches);
  int good = 0;
  for (const auto& b : bodies) good += b == "slow 300" ? 1 : 0;
  std::printf("  responses: %d x \"slow 300\"\n", good);
  failures += good == 40 ? 0 : 1;

  std::printf("CPU-bound: CompressAsync on the thread pool\n");
  Bytes data;
  for (int i = 0; i < 1000; ++i) data.push_back(static_cast<std::uint8_t>('a' + (i / 100)));
  Bytes packed = co_await CompressAsync(data);
  std::printf("  %zu bytes -> %zu bytes, round trip %s\n", data.size(), packed.size(),
              Decompress(packed) == data ? "exact" : "WRONG");
  failures += Decompress(packed) == data ? 0 : 1;
  bool otherThread = g_compressThread != std::this_thread::get_id();
  std::printf("  Compress ran on another thread than the caller: %s\n", otherThread ? "yes" : "no");
  failures += otherThread ? 0 : 1;

  downloader.Dispose();
  co_await server.StopAsync();
  std::printf("%s\n", failures == 0 ? "PASS" : "FAIL");
  co_return failures == 0 ? 0 : 1;
}

int main() { return async::AsyncContext::Run(MainAsync); }
