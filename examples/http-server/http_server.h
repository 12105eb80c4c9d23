// http_server.h: a small HTTP/1.1 server with fixed routes, for the HTTP
// examples, the HttpClient tests and demos (ASYNC code in http_server.cpp,
// built lowered by asyncc or natively as C++20 coroutines).
//
// Routes (GET; other methods get 405, except where said):
//   /echo             any method: 200 with the request body and its
//                     Content-Type, X-Method: <method>, and X-Echo: <the
//                     request's X-Echo header> when it sent one
//   /json             200 {"id":7,"name":"widget","tags":["a","b"],"price":9.5}
//                     (application/json)
//   /hello            200 "Hello, World!" (Content-Length); HEAD: the same
//                     headers, no body
//   /chunked          200, Transfer-Encoding: chunked, three chunks written
//                     separately: "chunk 1\n" "chunk 2\n" "chunk 3\n"
//   /status/{code}    {code} with body "status {code}"
//   /slow/{ms}        waits {ms} ms, then 200 "slow {ms}"
//   /flaky/{n}?client={id}   503 the first {n} times for client {id}, then
//                     200 "ok after {n} failures" (the counter is per id)
//   /bytes/{n}        200 with {n} bytes 'a'..'z' repeating (Content-Length)
//   /eof              200, body "until close", no length: ends by closing
//   /close            200 "closing" with Connection: close
//   anything else     404 "not found"
// Any route takes ?delay={ms}: the response is sent {ms} ms later.
// Connections are kept alive (HTTP/1.1) unless the request or route says close.
#pragma once

#include <async/async.h>
#include <async/net/net.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace example {

class HttpTestServer {
 public:
  struct State;

  // Listens on `endpoint` (port 0: a free port) and serves on the thread
  // pool (no SynchronizationContext) until StopAsync.
  static HttpTestServer Start(const async::net::IPEndPoint& endpoint);

  std::uint16_t Port() const;
  // "http://127.0.0.1:{port}"
  std::string BaseUrl() const;
  // Connections accepted so far (keep-alive tests count them).
  int AcceptedConnections() const;
  // Requests answered so far (counted before the response is written).
  int RequestsServed() const;
  // Stops accepting, closes every open connection, and completes when the
  // accept loop and every connection loop have ended.
  async::Task<> StopAsync() const;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace example
