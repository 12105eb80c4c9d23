// HttpClient against the in-process HttpTestServer (examples/http-server),
// on both reactors (epoll, io_uring); every test checks for leaked fds.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <async/async.h>
#include <async/http/http.h>
#include <async/net/net.h>

#include "../io_test_util.h"
#include "http_server.h"

namespace {

using namespace std::chrono_literals;
using async::http::HttpClient;
using async::http::HttpRequestError;
using async::http::HttpRequestException;
using async::http::HttpResponseMessage;
using async::http::HttpStatusCode;
using asyncc_io_test::ErrorOf;
using asyncc_io_test::Throws;
using example::HttpTestServer;

class HttpClientTest : public asyncc_io_test::ReactorTest {
 protected:
  void SetUp() override {
    ReactorTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    server_ = HttpTestServer::Start(async::net::IPEndPoint::Loopback(0));
    started_ = true;
  }
  void TearDown() override {
    client_.Dispose();
    if (started_) server_.StopAsync().Wait();
    ReactorTest::TearDown();
  }
  std::string Url(const std::string& path) const { return server_.BaseUrl() + path; }
  HttpResponseMessage Get(const std::string& path) { return client_.GetAsync(Url(path)).Result(); }

  HttpTestServer server_;
  bool started_ = false;
  HttpClient client_;
};

template <class E, class T>
E ExceptionOf(const async::Task<T>& t) {
  try {
    t.GetAwaiter().GetResult();
  } catch (const E& e) {
    return e;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "unexpected exception type: " << e.what();
    throw;
  }
  ADD_FAILURE() << "no exception";
  throw std::logic_error("no exception");
}

TEST_P(HttpClientTest, ContentLengthBody) {
  HttpResponseMessage r = Get("/hello");
  EXPECT_EQ(r.StatusCode(), HttpStatusCode::OK);
  EXPECT_TRUE(r.IsSuccessStatusCode());
  EXPECT_EQ(r.ReasonPhrase(), "OK");
  EXPECT_EQ(r.Version(), "1.1");
  EXPECT_EQ(r.Content().ReadAsStringAsync().Result(), "Hello, World!");
  ASSERT_TRUE(r.Content().Headers().ContentLength().has_value());
  EXPECT_EQ(*r.Content().Headers().ContentLength(), 13u);
  EXPECT_EQ(r.Content().Headers().ContentType().value_or(""), "text/plain");
  EXPECT_FALSE(r.Headers().TransferEncodingChunked());
  // Content headers are not among the response headers (as in .NET).
  EXPECT_FALSE(r.Headers().Contains("content-length"));
  EXPECT_THROW(r.Headers().GetValues("X-Missing"), async::InvalidOperationException);
}

TEST_P(HttpClientTest, ChunkedBody) {
  HttpResponseMessage r = Get("/chunked");
  EXPECT_EQ(r.StatusCode(), HttpStatusCode::OK);
  EXPECT_TRUE(r.Headers().TransferEncodingChunked());
  EXPECT_FALSE(r.Content().Headers().ContentLength().has_value());
  EXPECT_EQ(r.Content().ReadAsStringAsync().Result(), "chunk 1\nchunk 2\nchunk 3\n");
  // The connection stays usable after a chunked body.
  EXPECT_EQ(Get("/hello").Content().ReadAsString(), "Hello, World!");
  EXPECT_EQ(server_.AcceptedConnections(), 1);
}

TEST_P(HttpClientTest, LargeBodySpansManyReads) {
  HttpResponseMessage r = Get("/bytes/300000");
  const std::string& body = r.Content().ReadAsString();
  ASSERT_EQ(body.size(), 300000u);
  for (std::size_t i = 0; i < body.size(); ++i) {
    ASSERT_EQ(body[i], static_cast<char>('a' + i % 26)) << "at " << i;
  }
}

TEST_P(HttpClientTest, BodyUntilCloseIsNotPooled) {
  HttpResponseMessage r = Get("/eof");
  EXPECT_EQ(r.Content().ReadAsString(), "until close");
  EXPECT_TRUE(r.Headers().ConnectionClose());
  EXPECT_EQ(client_.IdleConnectionCount(), 0u);
}

TEST_P(HttpClientTest, KeepAliveReusesOneConnection) {
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(Get("/hello").StatusCode(), HttpStatusCode::OK);
  }
  EXPECT_EQ(server_.AcceptedConnections(), 1);
  EXPECT_EQ(server_.RequestsServed(), 5);
  EXPECT_EQ(client_.IdleConnectionCount(), 1u);
  // "Connection: close" from the server: that connection is not reused.
  EXPECT_EQ(Get("/close").Content().ReadAsString(), "closing");
  EXPECT_EQ(client_.IdleConnectionCount(), 0u);
  Get("/hello");
  EXPECT_EQ(server_.AcceptedConnections(), 2);
}

TEST_P(HttpClientTest, ConcurrentRequestsOpenConnectionsThenPoolThem) {
  std::vector<async::Task<HttpResponseMessage>> tasks;
  for (int i = 0; i < 3; ++i) tasks.push_back(client_.GetAsync(Url("/slow/50")));
  for (auto& t : tasks) EXPECT_EQ(t.Result().Content().ReadAsString(), "slow 50");
  EXPECT_EQ(server_.AcceptedConnections(), 3);
  EXPECT_EQ(client_.IdleConnectionCount(), 3u);
  for (int i = 0; i < 3; ++i) Get("/hello");
  EXPECT_EQ(server_.AcceptedConnections(), 3);
}

TEST_P(HttpClientTest, PoolKeepsAtMostMaxIdleConnections) {
  client_.SetMaxIdleConnectionsPerServer(1);
  std::vector<async::Task<HttpResponseMessage>> tasks;
  for (int i = 0; i < 3; ++i) tasks.push_back(client_.GetAsync(Url("/slow/30")));
  for (auto& t : tasks) t.Wait();
  EXPECT_EQ(client_.IdleConnectionCount(), 1u);
}

TEST_P(HttpClientTest, EnsureSuccessStatusCodeThrows) {
  HttpResponseMessage r = Get("/status/503");
  EXPECT_EQ(r.StatusCode(), HttpStatusCode::ServiceUnavailable);
  EXPECT_FALSE(r.IsSuccessStatusCode());
  EXPECT_EQ(r.Content().ReadAsString(), "status 503");
  try {
    r.EnsureSuccessStatusCode();
    ADD_FAILURE() << "no exception";
  } catch (const HttpRequestException& e) {
    ASSERT_TRUE(e.StatusCode().has_value());
    EXPECT_EQ(*e.StatusCode(), HttpStatusCode::ServiceUnavailable);
    EXPECT_STREQ(e.what(), "Response status code does not indicate success: 503 (Service Unavailable).");
  }
  EXPECT_NO_THROW(Get("/status/204").EnsureSuccessStatusCode());
  // GetStringAsync: the same exception for a non-success status.
  auto e = ExceptionOf<HttpRequestException>(client_.GetStringAsync(Url("/status/404")));
  EXPECT_EQ(e.StatusCode().value_or(HttpStatusCode::OK), HttpStatusCode::NotFound);
  EXPECT_EQ(client_.GetStringAsync(Url("/hello")).Result(), "Hello, World!");
}

TEST_P(HttpClientTest, TimeoutCancelsWithTaskCanceledException) {
  EXPECT_EQ(client_.Timeout(), std::chrono::milliseconds(100000));  // .NET's default
  client_.SetTimeout(100ms);
  auto start = std::chrono::steady_clock::now();
  auto t = client_.GetAsync(Url("/slow/3000"));
  std::exception_ptr e = ErrorOf(t);
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(t.IsCanceled());
  EXPECT_GE(elapsed, 90ms);
  EXPECT_LT(elapsed, 2000ms);
  try {
    std::rethrow_exception(e);
  } catch (const async::TaskCanceledException& ex) {
    EXPECT_NE(std::string(ex.what()).find("HttpClient.Timeout of 0.1 seconds"), std::string::npos) << ex.what();
  } catch (...) {
    ADD_FAILURE() << "not a TaskCanceledException";
  }
  // The timed-out connection was closed, not pooled; the client still works.
  EXPECT_EQ(client_.IdleConnectionCount(), 0u);
  EXPECT_EQ(Get("/hello").StatusCode(), HttpStatusCode::OK);
  EXPECT_THROW(client_.SetTimeout(0ms), async::ArgumentOutOfRangeException);
  client_.SetTimeout(HttpClient::InfiniteTimeout);
  EXPECT_EQ(Get("/slow/20").StatusCode(), HttpStatusCode::OK);
}

TEST_P(HttpClientTest, CancellationTokenCancelsTheRequest) {
  async::CancellationTokenSource cts;
  auto t = client_.GetAsync(Url("/slow/3000"), cts.Token());
  std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(t.IsCompleted());
  cts.Cancel();
  auto e = ExceptionOf<async::TaskCanceledException>(t);
  EXPECT_TRUE(t.IsCanceled());
  EXPECT_EQ(e.CancellationToken(), cts.Token());
  // Canceled while reading the body of a pooled connection's response: the
  // connection is dropped, later requests open a fresh one.
  EXPECT_EQ(client_.IdleConnectionCount(), 0u);
  // An already-canceled token: canceled at once, nothing sent.
  int accepted = server_.AcceptedConnections();
  async::CancellationTokenSource done;
  done.Cancel();
  auto t2 = client_.GetAsync(Url("/hello"), done.Token());
  EXPECT_TRUE(t2.IsCanceled());
  EXPECT_EQ(server_.AcceptedConnections(), accepted);
}

TEST_P(HttpClientTest, ConnectionRefusedIsHttpRequestException) {
  std::uint16_t port;
  {
    async::net::TcpListener l(async::net::IPEndPoint::Loopback(0));
    l.Start();
    port = l.LocalEndpoint().Port();
    l.Stop();
  }
  auto t = client_.GetAsync("http://127.0.0.1:" + std::to_string(port) + "/hello");
  auto e = ExceptionOf<HttpRequestException>(t);
  EXPECT_TRUE(t.IsFaulted());
  EXPECT_EQ(e.HttpRequestError(), HttpRequestError::ConnectionError);
  EXPECT_FALSE(e.StatusCode().has_value());
  EXPECT_NE(std::string(e.what()).find("127.0.0.1:" + std::to_string(port)), std::string::npos) << e.what();
  try {
    std::rethrow_exception(e.InnerException());
  } catch (const async::net::SocketException& se) {
    EXPECT_EQ(se.SocketErrorCode(), async::net::SocketError::ConnectionRefused);
  } catch (...) {
    ADD_FAILURE() << "inner exception is not a SocketException";
  }
}

TEST_P(HttpClientTest, StalePooledConnectionIsRetriedOnce) {
  EXPECT_EQ(Get("/hello").StatusCode(), HttpStatusCode::OK);
  ASSERT_EQ(client_.IdleConnectionCount(), 1u);
  // The server goes away (closing the pooled connection) and comes back on
  // the same port: the request fails on the stale connection, then succeeds
  // on a new one.
  std::uint16_t port = server_.Port();
  server_.StopAsync().Wait();
  server_ = HttpTestServer::Start(async::net::IPEndPoint::Loopback(port));
  EXPECT_EQ(Get("/hello").Content().ReadAsString(), "Hello, World!");
  EXPECT_EQ(server_.AcceptedConnections(), 1);
}

TEST_P(HttpClientTest, LocalhostAndIPv6Literals) {
  EXPECT_EQ(client_.GetStringAsync("http://localhost:" + std::to_string(server_.Port()) + "/hello").Result(),
            "Hello, World!");
  HttpTestServer v6 = HttpTestServer::Start(async::net::IPEndPoint::IPv6Loopback(0));
  EXPECT_EQ(client_.GetStringAsync("http://[::1]:" + std::to_string(v6.Port()) + "/chunked").Result(),
            "chunk 1\nchunk 2\nchunk 3\n");
  v6.StopAsync().Wait();
}

TEST_P(HttpClientTest, UnsupportedUrls) {
  EXPECT_THROW(client_.GetAsync("not a url"), async::ArgumentException);
  EXPECT_THROW(client_.GetAsync("/relative/path"), async::ArgumentException);
  EXPECT_THROW(client_.GetAsync("ftp://127.0.0.1/x"), async::ArgumentException);
  auto tls = ExceptionOf<HttpRequestException>(client_.GetAsync("https://127.0.0.1/x"));
  EXPECT_EQ(tls.HttpRequestError(), HttpRequestError::SecureConnectionError);
  auto dns = ExceptionOf<HttpRequestException>(client_.GetAsync("http://example.invalid/x"));
  EXPECT_EQ(dns.HttpRequestError(), HttpRequestError::NameResolutionError);
}

TEST_P(HttpClientTest, ResponseLargerThanTheBufferLimitFails) {
  client_.SetMaxResponseContentBufferSize(1000);
  auto e = ExceptionOf<HttpRequestException>(client_.GetAsync(Url("/bytes/5000")));
  EXPECT_EQ(e.HttpRequestError(), HttpRequestError::ConfigurationLimitExceeded);
  EXPECT_EQ(Get("/bytes/1000").Content().ReadAsString().size(), 1000u);
}

TEST_P(HttpClientTest, DisposedClientThrows) {
  Get("/hello");
  client_.Dispose();
  EXPECT_EQ(client_.IdleConnectionCount(), 0u);
  EXPECT_THROW(client_.GetAsync(Url("/hello")), async::ObjectDisposedException);
}

TEST_P(HttpClientTest, DefaultRequestHeadersAreSent) {
  client_.DefaultRequestHeaders().Add("X-Test", "1");
  EXPECT_THROW(client_.DefaultRequestHeaders().Add("Bad Name", "x"), async::ArgumentException);
  EXPECT_THROW(client_.DefaultRequestHeaders().Add("X-Bad", "a\r\nb"), async::ArgumentException);
  EXPECT_EQ(Get("/hello").StatusCode(), HttpStatusCode::OK);
}

// ---- request bodies and methods -------------------------------------------------

TEST_P(HttpClientTest, PostAsyncSendsTheBodyWithItsContentType) {
  HttpResponseMessage r =
      client_.PostAsync(Url("/echo"), async::http::StringContent("hello body")).Result();
  EXPECT_EQ(r.StatusCode(), HttpStatusCode::OK);
  EXPECT_EQ(r.Headers().GetFirst("X-Method").value_or(""), "POST");
  EXPECT_EQ(r.Content().ReadAsStringAsync().Result(), "hello body");
  EXPECT_EQ(r.Content().Headers().ContentType().value_or(""), "text/plain; charset=utf-8");
  auto json = client_.PostAsync(Url("/echo"), async::http::StringContent("{}", "application/json")).Result();
  EXPECT_EQ(json.Content().Headers().ContentType().value_or(""), "application/json; charset=utf-8");
}

TEST_P(HttpClientTest, PutPatchAndDeleteSendTheirMethods) {
  auto put = client_.PutAsync(Url("/echo"), async::http::StringContent("put")).Result();
  EXPECT_EQ(put.Headers().GetFirst("X-Method").value_or(""), "PUT");
  EXPECT_EQ(put.Content().ReadAsString(), "put");
  auto patch = client_.PatchAsync(Url("/echo"), async::http::StringContent("patch")).Result();
  EXPECT_EQ(patch.Headers().GetFirst("X-Method").value_or(""), "PATCH");
  EXPECT_EQ(patch.Content().ReadAsString(), "patch");
  auto del = client_.DeleteAsync(Url("/echo")).Result();
  EXPECT_EQ(del.Headers().GetFirst("X-Method").value_or(""), "DELETE");
  EXPECT_EQ(del.Content().ReadAsString(), "");
  // Everything went over one kept-alive connection.
  EXPECT_EQ(server_.AcceptedConnections(), 1);
}

TEST_P(HttpClientTest, PostWithoutABodySendsContentLengthZero) {
  auto r = client_.PostAsync(Url("/echo"), async::http::HttpContent()).Result();
  EXPECT_EQ(r.StatusCode(), HttpStatusCode::OK);
  EXPECT_EQ(r.Content().ReadAsString(), "");
  // The next request on the same connection still parses (no stray bytes).
  EXPECT_EQ(Get("/hello").Content().ReadAsString(), "Hello, World!");
  EXPECT_EQ(server_.AcceptedConnections(), 1);
}

TEST_P(HttpClientTest, SendAsyncWithHeadersAndBinaryContent) {
  std::vector<std::uint8_t> bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<std::uint8_t>(i));
  async::http::ByteArrayContent content(bytes);
  EXPECT_FALSE(content.Headers().ContentType().has_value());
  content.Headers().SetContentType("application/octet-stream");
  async::http::HttpRequestMessage request(async::http::HttpMethod::Post(), Url("/echo"));
  request.Headers().Add("X-Echo", "from SendAsync");
  request.SetContent(content);
  HttpResponseMessage r = client_.SendAsync(request).Result();
  EXPECT_EQ(r.Headers().GetFirst("X-Echo").value_or(""), "from SendAsync");
  EXPECT_EQ(r.Content().Headers().ContentType().value_or(""), "application/octet-stream");
  EXPECT_EQ(r.Content().ReadAsByteArrayAsync().Result(), bytes);
  // The same message can be sent again.
  EXPECT_EQ(client_.SendAsync(request).Result().Content().ReadAsByteArrayAsync().Result(), bytes);
}

TEST_P(HttpClientTest, LargeRequestBodyIsSentWhole) {
  std::string big(300 * 1024, 'x');
  for (std::size_t i = 0; i < big.size(); i += 1000) big[i] = static_cast<char>('a' + i % 26);
  auto r = client_.PostAsync(Url("/echo"), async::http::StringContent(big)).Result();
  EXPECT_EQ(r.Content().ReadAsString(), big);
}

TEST_P(HttpClientTest, HeadResponseHasNoBody) {
  async::http::HttpRequestMessage head(async::http::HttpMethod::Head(), Url("/hello"));
  HttpResponseMessage r = client_.SendAsync(head).Result();
  EXPECT_EQ(r.StatusCode(), HttpStatusCode::OK);
  EXPECT_EQ(r.Content().Headers().ContentLength().value_or(0), 13u);
  EXPECT_EQ(r.Content().ReadAsString(), "");
  EXPECT_EQ(Get("/hello").Content().ReadAsString(), "Hello, World!");
  EXPECT_EQ(server_.AcceptedConnections(), 1);
}

TEST_P(HttpClientTest, GetByteArrayAsyncAndReadAsByteArrayAsync) {
  auto bytes = client_.GetByteArrayAsync(Url("/bytes/30")).Result();
  ASSERT_EQ(bytes.size(), 30u);
  EXPECT_EQ(bytes[0], 'a');
  EXPECT_EQ(bytes[29], 'd');
  auto e = ExceptionOf<HttpRequestException>(client_.GetByteArrayAsync(Url("/status/404")));
  EXPECT_EQ(e.StatusCode(), HttpStatusCode::NotFound);
  async::CancellationTokenSource cts;
  cts.Cancel();
  EXPECT_TRUE(Get("/hello").Content().ReadAsByteArrayAsync(cts.Token()).IsCanceled());
}

TEST_P(HttpClientTest, InvalidMethodIsRejected) {
  EXPECT_THROW(async::http::HttpMethod("BAD METHOD"), async::ArgumentException);
  EXPECT_THROW(async::http::HttpMethod(""), async::ArgumentException);
  EXPECT_EQ(async::http::HttpMethod("PROPFIND").Method(), "PROPFIND");
  EXPECT_EQ(async::http::HttpMethod::Get(), async::http::HttpMethod("GET"));
}

INSTANTIATE_TEST_SUITE_P(Backends, HttpClientTest, ASYNCC_IO_BACKENDS);

// A server that answers garbage: the parser's error becomes an HttpRequestException.
class HttpClientRawTest : public asyncc_io_test::ReactorTest {};

TEST_P(HttpClientRawTest, MalformedResponseIsInvalidResponse) {
  async::net::TcpListener listener(async::net::IPEndPoint::Loopback(0));
  listener.Start();
  HttpClient client;
  auto get = client.GetAsync("http://127.0.0.1:" + std::to_string(listener.LocalEndpoint().Port()) + "/");
  async::net::Socket s = listener.AcceptAsync().Result();
  std::vector<char> buf(4096);
  s.ReceiveAsync(buf.data(), buf.size()).Result();
  std::string garbage = "HTTP/1.1 abc nonsense\r\n\r\n";
  s.SendAllAsync(garbage.data(), garbage.size()).Wait();
  auto e = ExceptionOf<HttpRequestException>(get);
  EXPECT_EQ(e.HttpRequestError(), HttpRequestError::InvalidResponse);
  s.Close();
  // A response cut short: ResponseEnded.
  auto get2 = client.GetAsync("http://127.0.0.1:" + std::to_string(listener.LocalEndpoint().Port()) + "/");
  async::net::Socket s2 = listener.AcceptAsync().Result();
  s2.ReceiveAsync(buf.data(), buf.size()).Result();
  std::string partial = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this";
  s2.SendAllAsync(partial.data(), partial.size()).Wait();
  s2.Close();
  auto e2 = ExceptionOf<HttpRequestException>(get2);
  EXPECT_EQ(e2.HttpRequestError(), HttpRequestError::ResponseEnded);
  client.Dispose();
  listener.Stop();
}

INSTANTIATE_TEST_SUITE_P(Backends, HttpClientRawTest, ASYNCC_IO_BACKENDS);

}  // namespace
